import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { applications, auditEvents, sealEvents, seals } from '@/db/schema';
import { createTestClock, nowDate, type TestClock } from '@/lib/clock';
import { sealExpiryRemindJob } from '@/lib/jobs/definitions/seal-expiry-remind';
import { sealExpirySweepJob } from '@/lib/jobs/definitions/seal-expiry-sweep';
import { startJobs, type JobRunner } from '@/lib/jobs/runner';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { ConflictError } from '@/lib/services/errors';
import { expireSeal, sweepExpiredSeals } from '@/lib/services/seals/expire-seal';
import { dueExpiryReminders, recordExpiryReminders } from '@/lib/services/seals/expiry-reminders';
import { issueSeal } from '@/lib/services/seals/issue-seal';
import { revokeSeal } from '@/lib/services/seals/revoke-seal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram, seedOrganization, seedSite } from '../helpers/portal-factories';

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
let clock: TestClock;
let runner: JobRunner | undefined;
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewer = await seedUser(database.db, { role: 'reviewer' });
  clock = createTestClock();
});
afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

const DAY = 24 * 60 * 60 * 1000;

/** A seal issued now, then given the expiry the test needs (set directly: test set-up, not a transition). */
async function sealExpiringAt(expiresAt: Date) {
  const db = database.db;
  const owner = await seedUser(db);
  const organization = await seedOrganization(db, owner);
  const site = await seedSite(db, organization.id);
  const version = await getCurrentCriteriaVersion(db, programId);
  const [application] = await db
    .insert(applications)
    .values({ organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, status: 'approved', createdById: owner.id })
    .returning();
  const issued = await db.transaction((tx) => issueSeal(tx, { application: application!, actorId: reviewer.id, now: new Date(Math.min(Date.now(), expiresAt.getTime() - DAY)) }));
  const [seal] = await db.update(seals).set({ expiresAt }).where(eq(seals.id, issued.id)).returning();
  return { ...seal!, owner };
}

const eventsOf = (sealId: string) => database.db.select().from(sealEvents).where(eq(sealEvents.sealId, sealId)).orderBy(asc(sealEvents.occurredAt));
const auditOf = (sealId: string, action: string) => database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, sealId), eq(auditEvents.action, action)));
async function reload(sealId: string) {
  const [seal] = await database.db.select().from(seals).where(eq(seals.id, sealId));
  return seal!;
}

describe(`seal expiry (${testDriver})`, () => {
  it('reads expired from expiresAt on, before any job ran; revoked still reads revoked', async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const seal = await sealExpiringAt(expiresAt);
    expect(effectiveStatus(seal, new Date(expiresAt.getTime() - 1))).toBe('active');
    expect(effectiveStatus(seal, expiresAt)).toBe('expired');
    expect((await reload(seal.id)).status).toBe('active');
    expect(effectiveStatus({ status: 'revoked', expiresAt }, new Date(expiresAt.getTime() + DAY))).toBe('revoked');
    expect(effectiveStatus({ status: 'suspended', expiresAt }, new Date(expiresAt.getTime() + DAY))).toBe('expired');
  });

  it('expires active and suspended seals once, dated at their expiry, and leaves revoked and live ones alone', async () => {
    const now = new Date();
    const active = await sealExpiringAt(new Date(now.getTime() - 2 * DAY));
    const live = await sealExpiringAt(new Date(now.getTime() + DAY));
    const suspended = await sealExpiringAt(new Date(now.getTime() + 1000));
    const revoked = await sealExpiringAt(new Date(now.getTime() + 1000));
    await suspendSeal({ ctx: contextFor(database.db, actorOf(reviewer), createTestClock(now)), input: { sealId: suspended.id, reason: 'x', reinstatementRequirements: 'y' } });
    // The holder gives it up (the authority's revocation takes two people, and is not what this test is about).
    await revokeSeal({ ctx: contextFor(database.db, actorOf(revoked.owner), createTestClock(now)), input: { sealId: revoked.id, reason: 'ceased_operation', statement: 'x' } });

    const later = new Date(now.getTime() + 5000);
    const swept = await sweepExpiredSeals(database.db, later);
    expect(swept).toEqual(expect.arrayContaining([active.id, suspended.id]));
    expect(swept).not.toContain(live.id);
    expect(swept).not.toContain(revoked.id);
    expect(await sweepExpiredSeals(database.db, later)).toEqual([]);

    const expired = await reload(active.id);
    expect(expired).toMatchObject({ status: 'expired', statusChangedAt: active.expiresAt });
    expect((await eventsOf(active.id)).filter((event) => event.type === 'expired')).toEqual([expect.objectContaining({ status: 'expired', occurredAt: active.expiresAt, expiresAt: active.expiresAt })]);
    expect(await auditOf(active.id, 'seal.expire')).toEqual([expect.objectContaining({ actorId: null, before: expect.objectContaining({ status: 'active' }), after: expect.objectContaining({ status: 'expired' }) })]);
    // The suspension outlives the lapse, so that a renewal brings the seal back suspended (issue #10).
    expect(await reload(suspended.id)).toMatchObject({ status: 'expired', statusReason: 'x', reinstatementRequirements: 'y' });
    expect((await reload(revoked.id)).status).toBe('revoked');

    expect((await rejectionOf(expireSeal(database.db, active.id, later), ConflictError)).message).toBe('This seal has already expired.');
    expect((await rejectionOf(expireSeal(database.db, live.id, later), ConflictError)).message).toBe(`This seal does not expire until ${live.expiresAt.toISOString()}.`);
  });
});

describe(`expiry reminders (${testDriver})`, () => {
  const dueFor = async (sealId: string, now: Date) => (await dueExpiryReminders(database.db, now)).filter((reminder) => reminder.sealId === sealId);
  const recordFor = async (sealId: string, now: Date) => (await recordExpiryReminders(database.db, now)).filter((reminder) => reminder.sealId === sealId);

  it('is due at 60, 30 and 7 days before expiry, each once', async () => {
    const expiresAt = new Date(Date.now() + 200 * DAY);
    const seal = await sealExpiringAt(expiresAt);
    const before = (days: number) => new Date(expiresAt.getTime() - days * DAY);

    expect(await dueFor(seal.id, before(61))).toEqual([]);
    expect(await dueFor(seal.id, before(59.9))).toEqual([{ sealId: seal.id, organizationId: seal.organizationId, publicId: seal.publicId, expiresAt, daysLeft: 60 }]);
    expect((await recordFor(seal.id, before(59.9))).map((reminder) => reminder.daysLeft)).toEqual([60]);
    expect(await recordFor(seal.id, before(59.5))).toEqual([]);
    expect(await dueFor(seal.id, before(45))).toEqual([]);
    expect((await recordFor(seal.id, before(29.9))).map((reminder) => reminder.daysLeft)).toEqual([30]);
    expect(await recordFor(seal.id, before(10))).toEqual([]);
    expect((await recordFor(seal.id, before(6.5))).map((reminder) => reminder.daysLeft)).toEqual([7]);
    expect(await recordFor(seal.id, before(1))).toEqual([]);
    expect(await dueFor(seal.id, before(-1))).toEqual([]); // expired: nothing to remind of

    const audit = await auditOf(seal.id, 'seal.expiry-reminder');
    expect(audit.map((row) => (row.after as { daysLeft: number }).daysLeft).sort((a, b) => b - a)).toEqual([60, 30, 7]);
    expect(audit.every((row) => row.actorId === null && (row.after as { expiresAt: string }).expiresAt === expiresAt.toISOString())).toBe(true);
  });

  it('sends only the current bucket when the job missed earlier ones, and none for a revoked seal', async () => {
    const expiresAt = new Date(Date.now() + 20 * DAY);
    const late = await sealExpiringAt(expiresAt);
    expect((await dueFor(late.id, new Date())).map((reminder) => reminder.daysLeft)).toEqual([30]);
    const revoked = await sealExpiringAt(expiresAt);
    await revokeSeal({ ctx: contextFor(database.db, actorOf(revoked.owner)), input: { sealId: revoked.id, reason: 'ceased_operation', statement: 'x' } });
    expect(await dueFor(revoked.id, new Date())).toEqual([]);
  });
});

describe(`expiry jobs through the runner (${testDriver})`, () => {
  it('job not run yet: the seal reads expired; the scheduled sweep then records it exactly once', async () => {
    const expiresAt = new Date(nowDate(clock).getTime() + 30_000);
    const seal = await sealExpiringAt(expiresAt);
    await clock.tick(31_000);
    // The time has come and no job has run (the runner is not started yet): the stored status
    // lags behind, and every reader still says expired.
    const stored = await reload(seal.id);
    expect(stored.status).toBe('active');
    expect(effectiveStatus(stored, nowDate(clock))).toBe('expired');

    runner = await startJobs({ handle: database, clock, jobs: [sealExpirySweepJob, sealExpiryRemindJob], pollingIntervalSeconds: 0.5 });

    let recorded = false;
    for (let step = 0; step < 120 && !recorded; step++) {
      recorded = (await reload(seal.id)).status === 'expired';
      if (!recorded) await clock.tick(5000);
    }
    expect(recorded).toBe(true);
    // Further sweeps (two more simulated minutes) change nothing.
    for (let step = 0; step < 24; step++) await clock.tick(5000);
    expect((await eventsOf(seal.id)).filter((event) => event.type === 'expired')).toEqual([expect.objectContaining({ occurredAt: expiresAt })]);
    expect(await auditOf(seal.id, 'seal.expire')).toHaveLength(1);
  });

  it('records due reminders when the remind job runs', async () => {
    const seal = await sealExpiringAt(new Date(nowDate(clock).getTime() + 7 * DAY - 60_000));
    const id = await runner!.enqueue(database.db, sealExpiryRemindJob, {});
    let done = false;
    for (let step = 0; step < 120 && !done; step++) {
      const [job] = await runner!.boss.findJobs(sealExpiryRemindJob.name, { id: id! });
      done = job?.state === 'completed';
      if (!done) await clock.tick(1000);
    }
    expect(done).toBe(true);
    expect((await auditOf(seal.id, 'seal.expiry-reminder')).map((row) => (row.after as { daysLeft: number }).daysLeft)).toEqual([7]);
  });
});
