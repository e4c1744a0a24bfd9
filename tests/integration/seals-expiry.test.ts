import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { applications, auditEvents, notifications, sealEvents, seals } from '@/db/schema';
import { createTestClock, nowDate, type TestClock } from '@/lib/clock';
import { sealExpiryRemindJob } from '@/lib/jobs/definitions/seal-expiry-remind';
import { sealExpirySweepJob } from '@/lib/jobs/definitions/seal-expiry-sweep';
import { startJobs, type JobRunner } from '@/lib/jobs/runner';
import { startStatusListener } from '@/lib/public-status/status-listener';
import { parseStatusNotice } from '@/lib/public-status/status-notify';
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

describe(`the expiry sweep at volume (${testDriver})`, () => {
  const noticesOf = (userId: string) => database.db.select().from(notifications).where(and(eq(notifications.recipientId, userId), eq(notifications.kind, 'seal.expired')));

  /** Every public id the status caches are told about from now on (the channel they listen on). */
  async function listenForStatusChanges() {
    const heard = new Set<string>();
    let up!: () => void;
    const listening = new Promise<void>((resolve) => (up = resolve));
    const listener = startStatusListener(database, { onChange: (payload) => heard.add(parseStatusNotice(payload)!.publicId), onUp: () => up(), onDown: () => {} });
    await listening;
    return { heard, stop: () => listener.stop() };
  }

  it('records every seal lapsing at once in one run, batch after batch: each once, with its public event, audit row, cache notice and holder notice', async () => {
    const now = new Date();
    const lapsing: Awaited<ReturnType<typeof sealExpiringAt>>[] = [];
    // Two by two at the same instant, so that seals expiring together fall on both sides of a batch's end.
    for (let index = 0; index < 7; index++) lapsing.push(await sealExpiringAt(new Date(now.getTime() + 1000 + Math.floor(index / 2))));
    const suspended = lapsing[4]!;
    await suspendSeal({ ctx: contextFor(database.db, actorOf(reviewer), createTestClock(now)), input: { sealId: suspended.id, reason: 'Under investigation.', reinstatementRequirements: 'Answer the case.' } });
    const listener = await listenForStatusChanges();

    // Seven seals, batches of three: the old sweep recorded one batch a run (500 a minute at most).
    const later = new Date(now.getTime() + 5000);
    const swept = await sweepExpiredSeals(database.db, later, { batchSize: 3 });
    expect(swept).toEqual(expect.arrayContaining(lapsing.map((seal) => seal.id)));
    expect(new Set(swept).size).toBe(swept.length);
    expect(await sweepExpiredSeals(database.db, later, { batchSize: 3 })).toEqual([]);

    for (const seal of lapsing) {
      expect(await reload(seal.id)).toMatchObject({ status: 'expired', statusChangedAt: seal.expiresAt });
      expect((await eventsOf(seal.id)).filter((event) => event.type === 'expired')).toEqual([expect.objectContaining({ status: 'expired', reason: null, occurredAt: seal.expiresAt, expiresAt: seal.expiresAt })]);
      const wasStatus = seal === suspended ? 'suspended' : 'active';
      expect(await auditOf(seal.id, 'seal.expire')).toEqual([
        expect.objectContaining({ actorId: null, occurredAt: later, before: expect.objectContaining({ status: wasStatus }), after: expect.objectContaining({ status: 'expired', expiresAt: seal.expiresAt.toISOString() }) }),
      ]);
      expect((await noticesOf(seal.owner.id)).map((notice) => notice.subject)).toEqual([`Your seal ${seal.publicId} has expired`]);
    }
    // The suspension outlives the lapse, and its audit row says what it was before.
    expect(await reload(suspended.id)).toMatchObject({ statusReason: 'Under investigation.', reinstatementRequirements: 'Answer the case.' });
    expect((await auditOf(suspended.id, 'seal.expire'))[0]!.before).toMatchObject({ status: 'suspended', statusReason: 'Under investigation.' });
    // Every status cache is told, so none keeps serving the stored status from before.
    await expect.poll(() => lapsing.filter((seal) => !listener.heard.has(seal.publicId)).map((seal) => seal.publicId), { timeout: 10_000 }).toEqual([]);
    await listener.stop();
  });

  it('two sweeps at once record each seal once', async () => {
    const now = new Date();
    const lapsing: Awaited<ReturnType<typeof sealExpiringAt>>[] = [];
    for (let index = 0; index < 5; index++) lapsing.push(await sealExpiringAt(new Date(now.getTime() + 1000)));
    const later = new Date(now.getTime() + 5000);
    const [first, second] = await Promise.all([sweepExpiredSeals(database.db, later, { batchSize: 2 }), sweepExpiredSeals(database.db, later, { batchSize: 2 })]);
    const ids = lapsing.map((seal) => seal.id);
    expect([...first!, ...second!].filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    for (const seal of lapsing) expect(await auditOf(seal.id, 'seal.expire')).toHaveLength(1);
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
