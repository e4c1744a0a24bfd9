import type { z } from 'zod';
import type { Clock } from '@/lib/clock';
import type { Database } from '@/db/client';
import type { NetPolicy } from '@/lib/net/policy';
import type { SecretBox } from '@/lib/auth/secret-box';
import type { JobRunner } from './runner';

/**
 * `net`: how a job may reach other hosts (the copied-badge monitor fetches pages); absent, the strict default.
 * `secrets`: the runtime's secret box (webhook signing secrets are sealed); `jobs`: the runner itself,
 * for a job that sends its own next attempt (webhooks.deliver).
 */
export type JobContext = { db: Database; clock: Clock; net?: NetPolicy; secrets?: SecretBox; jobs?: JobRunner };

export type JobDefinition<Schema extends z.ZodType = z.ZodType> = {
  /** Queue name, `entity.verb` like audit actions. */
  name: string;
  /** Every payload is parsed on the way in and again before the handler runs. */
  payload: Schema;
  /** Cron expression (UTC) when the job runs on a schedule. */
  schedule?: { cron: string; data: z.input<Schema> };
  retryLimit?: number;
  /**
   * Jobs fetched at once (default 1). A worker fetches once per polling interval, so with 1 a queue
   * drains at one job every 2 s; with more, it also keeps fetching while batches come back full.
   */
  batchSize?: number;
  /** Seconds between fetches when the queue is empty (default: the runner's, 2 s; pg-boss allows 0.5 at least). */
  pollingIntervalSeconds?: number;
  handler(payload: z.output<Schema>, ctx: JobContext): Promise<void>;
};

export function defineJob<Schema extends z.ZodType>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  return definition;
}
