import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type Clock } from 'pg-boss';
import type { DatabaseHandle, Executor } from '@/db/client';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import type { SecretBox } from '@/lib/auth/secret-box';
import type { JobDefinition } from './define-job';

export type JobRunner = {
  boss: PgBoss;
  clock: Clock;
  /**
   * Enqueues a job on the given executor. Inside a transaction the job row is part of it:
   * it exists, and so runs, only if the transaction commits.
   */
  enqueue<D extends JobDefinition>(executor: Executor, job: D, payload: D['payload']['_input'], options?: { startAfter?: Date }): Promise<string | null>;
  /**
   * Sends, now, each job scheduled every minute (the sweeps that move seals and cases on with time).
   * For the e2e server's movable clock (lib/server/test-clock.ts): after a move they run at once
   * rather than up to a minute later, as they would anyway; nothing else runs earlier than it would.
   */
  runMinutelyNow(): Promise<void>;
  stop(): Promise<void>;
};

export type StartJobsOptions = {
  handle: DatabaseHandle;
  clock: Clock;
  jobs: readonly JobDefinition[];
  /** false: enqueue only, no workers and no schedules (scripts that just write). */
  work?: boolean;
  /** How often workers poll when notifications are unavailable; the default suits production, tests lower it. */
  pollingIntervalSeconds?: number;
  /** The outbound policy handed to jobs; the strict default refuses every private address. */
  net?: NetPolicy;
  /** Handed to jobs that open sealed secrets (webhook signing). */
  secrets?: SecretBox;
};

const EVERY_MINUTE = '* * * * *';

/** How often a worker looks for jobs while notifications wake it (a job whose notice was lost, one due by `startAfter`). */
const BACKSTOP_POLL_SECONDS = 30;
/** Jobs due further ahead than this are left to the backstop poll (no timer held for days). */
const MAX_WAKE_DELAY_MS = 6 * 60 * 60 * 1000;
/** After the due moment, so that the worker's fetch finds the job due. */
const WAKE_MARGIN_MS = 250;

export async function startJobs({ handle, clock, jobs, work = true, pollingIntervalSeconds = 2, net = DEFAULT_NET_POLICY, secrets }: StartJobsOptions): Promise<JobRunner> {
  // Handlers get the runner itself (webhooks.deliver sends its own next attempt); set below, read when a job runs.
  const self: { runner?: JobRunner } = {};
  const boss =
    handle.mode === 'embedded'
      ? new PgBoss({ db: fromPglite(handle.client), backend: 'pglite', clock, schedule: work, supervise: work, useListenNotify: work })
      : new PgBoss({
          connectionString: (handle.pool.options as { connectionString: string }).connectionString,
          max: 4, // its own small pool, apart from the application's
          application_name: 'openseal-jobs',
          clock,
          schedule: work,
          supervise: work,
          useListenNotify: work,
        });
  boss.on('error', (error) => console.error('[jobs]', error instanceof Error ? error.message : error));
  await boss.start();

  const byName = new Map(jobs.map((job) => [job.name, job]));
  const workers = new Map<string, string>();
  // A job due later (`startAfter`: a webhook's next attempt) would wait for the backstop poll after
  // it fell due, up to 30 s more; a timer wakes its worker when it is due instead.
  const wakes = new Set<unknown>();
  const wakeWhenDue = (name: string, startAfter: Date) => {
    const worker = workers.get(name);
    const delay = startAfter.getTime() - clock.now();
    if (!worker || delay > MAX_WAKE_DELAY_MS) return; // the backstop poll finds it
    const timer = clock.setTimeout(
      () => {
        wakes.delete(timer);
        boss.notifyWorker(worker);
      },
      Math.max(0, delay) + WAKE_MARGIN_MS,
    );
    (timer as { unref?: () => void }).unref?.();
    wakes.add(timer);
  };
  // Every queue notifies: a new job wakes its worker at once (NOTIFY at the commit that creates it,
  // in-process on the embedded database), and polling is only the backstop. Polling every queue every
  // few seconds instead cost an idle embedded server half a core (docs/adr/0020).
  for (const job of jobs) {
    const options = { retryLimit: job.retryLimit ?? 3, retryBackoff: true, notify: true };
    await boss.createQueue(job.name, options);
    await boss.updateQueue(job.name, options); // a queue created by an older release
  }
  if (work) {
    for (const job of jobs) {
      const batching = job.batchSize && job.batchSize > 1 ? { batchSize: job.batchSize, burstWhenBatchFull: true } : {};
      const polling = { pollingIntervalSeconds: job.pollingIntervalSeconds ?? pollingIntervalSeconds, notifyPollingIntervalSeconds: BACKSTOP_POLL_SECONDS };
      const worker = await boss.work(job.name, { ...polling, ...batching }, async (batch) => {
        // Every item gets its turn even if one fails; then the failure fails the batch, whose jobs
        // pg-boss retries (a batched job must therefore be harmless to run again once done).
        let failure: unknown = null;
        for (const item of batch) {
          try {
            // A payload that no longer parses fails the job visibly instead of running on bad data.
            await job.handler(job.payload.parse(item.data), { db: handle.db, clock, net, secrets, jobs: self.runner });
          } catch (error) {
            failure ??= error;
          }
        }
        if (failure) throw failure;
      });
      workers.set(job.name, worker);
      if (job.schedule) await boss.schedule(job.name, job.schedule.cron, job.payload.parse(job.schedule.data) as object, { tz: 'UTC' });
    }
  }

  const runner: JobRunner = {
    boss,
    clock,
    async enqueue(executor, job, payload, options = {}) {
      if (!byName.has(job.name)) throw new Error(`Job ${job.name} is not registered with the runner`);
      const data = job.payload.parse(payload) as object;
      // fromDrizzle needs only `execute`, which the database and a transaction both have.
      const db = fromDrizzle(executor as never, sql as never);
      const id = await boss.send(job.name, data, { db, ...(options.startAfter ? { startAfter: options.startAfter } : {}) });
      if (options.startAfter) wakeWhenDue(job.name, options.startAfter);
      return id;
    },
    async runMinutelyNow() {
      if (!work) return;
      for (const job of jobs) {
        if (job.schedule?.cron === EVERY_MINUTE) await boss.send(job.name, job.payload.parse(job.schedule.data) as object);
      }
    },
    async stop() {
      for (const timer of wakes) clock.clearTimeout(timer);
      wakes.clear();
      // Graceful: workers finish the job in hand, then the pool (if any) closes.
      await boss.stop({ graceful: true, timeout: 10_000, close: true });
    },
  };
  self.runner = runner;
  return runner;
}
