import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { signInAttempts } from '@/db/schema';
import { createTestClock, nowDate, type TestClock } from '@/lib/clock';
import { recordSignInAttempt, SIGN_IN_POLICY } from '@/lib/auth/sign-in-throttle';
import { defineJob } from '@/lib/jobs/define-job';
import { purgeSignInAttemptsJob } from '@/lib/jobs/definitions/purge-sign-in-attempts';
import { startJobs, type JobRunner } from '@/lib/jobs/runner';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';

/** A job for this file only: it records the marker it was given, so a test can tell what ran. */
const ran: string[] = [];
const recordMarkerJob = defineJob({
  name: 'test.record-marker',
  payload: z.object({ marker: z.string().min(1, 'a marker is required') }),
  retryLimit: 0,
  async handler({ marker }) {
    ran.push(marker);
  },
});
/** Scheduled jobs of this file: one every minute, one hourly (what runMinutelyNow must tell apart). */
const everyMinuteJob = defineJob({ name: 'test.every-minute', payload: z.object({}), schedule: { cron: '* * * * *', data: {} }, async handler() {} });
const hourlyJob = defineJob({ name: 'test.hourly', payload: z.object({}), schedule: { cron: '17 * * * *', data: {} }, async handler() {} });
const notRegisteredJob = defineJob({ name: 'test.not-registered', payload: z.object({}), async handler() {} });

let database: TestDatabase;
let clock: TestClock;
let runner: JobRunner;
beforeAll(async () => {
  database = await freshDatabase();
  clock = createTestClock();
  runner = await startJobs({ handle: database, clock, jobs: [recordMarkerJob, purgeSignInAttemptsJob, everyMinuteJob, hourlyJob], pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

/** Moves the test clock a second at a time until `done` holds; gives up after two simulated minutes. */
async function advanceUntil(done: () => Promise<boolean> | boolean) {
  for (let step = 0; step < 120; step++) {
    if (await done()) return true;
    await clock.tick(1000);
  }
  return done();
}

async function jobsWithMarker(marker: string) {
  return runner.boss.findJobs<{ marker: string }>(recordMarkerJob.name, { data: { marker } });
}

async function completed(name: string, id: string) {
  const [job] = await runner.boss.findJobs(name, { id });
  return job?.state === 'completed';
}

describe(`job runner (${testDriver})`, () => {
  it('runs a job enqueued in a transaction that commits', async () => {
    const marker = crypto.randomUUID();
    const id = await database.db.transaction(async (tx) => runner.enqueue(tx, recordMarkerJob, { marker }));
    expect(id).toEqual(expect.any(String));

    expect(await advanceUntil(() => completed(recordMarkerJob.name, id!))).toBe(true);
    expect(ran.filter((seen) => seen === marker)).toHaveLength(1);
    const [job] = await jobsWithMarker(marker);
    expect(job).toMatchObject({ id, state: 'completed', data: { marker } });
  });

  it('runs a job enqueued for later when it falls due, not at the next backstop poll', async () => {
    const marker = `later-${crypto.randomUUID()}`;
    await runner.enqueue(database.db, recordMarkerJob, { marker }, { startAfter: new Date(clock.now() + 5_000) });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ran).not.toContain(marker); // not before it is due
    await clock.tick(6_000); // due; the backstop poll is 30 s away
    await expect.poll(() => ran.includes(marker), { timeout: 10_000 }).toBe(true);
  });

  it('sends the jobs scheduled every minute when asked (the e2e clock moved), and no other scheduled job', async () => {
    const count = async (name: string) => (await runner.boss.findJobs(name)).length;
    const [minutely, hourly] = [await count(everyMinuteJob.name), await count(hourlyJob.name)];
    await runner.runMinutelyNow();
    expect(await count(everyMinuteJob.name)).toBe(minutely + 1);
    expect(await count(hourlyJob.name)).toBe(hourly);
  });

  it('never creates nor runs a job enqueued in a transaction that rolls back', async () => {
    const rolledBack = crypto.randomUUID();
    const committed = crypto.randomUUID();
    let enqueuedId: string | null = null;
    await expect(
      database.db.transaction(async (tx) => {
        enqueuedId = await runner.enqueue(tx, recordMarkerJob, { marker: rolledBack });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(enqueuedId).toEqual(expect.any(String)); // it was written, inside the transaction
    expect(await jobsWithMarker(rolledBack)).toEqual([]);

    // A job committed afterwards runs: the worker was polling, and still did not see the other one.
    const id = await database.db.transaction(async (tx) => runner.enqueue(tx, recordMarkerJob, { marker: committed }));
    expect(await advanceUntil(() => completed(recordMarkerJob.name, id!))).toBe(true);
    expect(ran).toContain(committed);
    expect(ran).not.toContain(rolledBack);
    expect(await jobsWithMarker(rolledBack)).toEqual([]);
  });

  it('refuses a payload that does not match the job, before writing anything', async () => {
    const before = (await runner.boss.findJobs(recordMarkerJob.name)).length;
    const invalid = { marker: '' } as unknown as { marker: string };
    await expect(runner.enqueue(database.db, recordMarkerJob, invalid)).rejects.toThrow(z.ZodError);
    await expect(runner.enqueue(database.db, recordMarkerJob, invalid)).rejects.toThrow('a marker is required');

    // Inside a transaction the refusal leaves the transaction usable: nothing was sent to the database.
    const id = await database.db.transaction(async (tx) => {
      await expect(runner.enqueue(tx, recordMarkerJob, { wrong: 'shape' } as unknown as { marker: string })).rejects.toThrow(z.ZodError);
      return runner.enqueue(tx, recordMarkerJob, { marker: crypto.randomUUID() });
    });
    expect(id).toEqual(expect.any(String));
    expect((await runner.boss.findJobs(recordMarkerJob.name)).length).toBe(before + 1);
  });

  it('refuses a job the runner was not started with', async () => {
    await expect(runner.enqueue(database.db, notRegisteredJob, {})).rejects.toThrow('Job test.not-registered is not registered with the runner');
  });

  it('runs the real sign-in attempts purge, which deletes only the old attempts', async () => {
    const email = `purge-job-${crypto.randomUUID()}@example.test`;
    const now = nowDate(clock);
    const old = new Date(now.getTime() - 2 * SIGN_IN_POLICY.windowMs - 60_000);
    const recent = new Date(now.getTime() - 60_000);
    await recordSignInAttempt(database.db, { email, ipAddress: '192.0.2.10', succeeded: false, at: old });
    await recordSignInAttempt(database.db, { email, ipAddress: '192.0.2.10', succeeded: false, at: recent });

    const id = await runner.enqueue(database.db, purgeSignInAttemptsJob, {});
    expect(await advanceUntil(() => completed(purgeSignInAttemptsJob.name, id!))).toBe(true);

    const left = await database.db.select().from(signInAttempts).where(eq(signInAttempts.email, email));
    expect(left.map((row) => row.attemptedAt.getTime())).toEqual([recent.getTime()]);
  });
});
