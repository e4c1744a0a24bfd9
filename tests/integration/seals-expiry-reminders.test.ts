import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents, notifications, outboundMails, seals, type Seal } from '@/db/schema';
import { createTestClock, nowDate, type TestClock } from '@/lib/clock';
import { sealExpiryRemindJob } from '@/lib/jobs/definitions/seal-expiry-remind';
import { attachPolicy } from '@/lib/services/applications/attach-policy';
import { criteriaOf } from '@/lib/services/applications/application-access';
import { saveApplication } from '@/lib/services/applications/save-application';
import { submitApplication } from '@/lib/services/applications/submit-application';
import { claimApplication } from '@/lib/services/reviews/claim';
import { approveApplication } from '@/lib/services/reviews/decide';
import { recordVerdicts } from '@/lib/services/reviews/record-verdicts';
import { recordExpiryReminders } from '@/lib/services/seals/expiry-reminders';
import { revokeSeal } from '@/lib/services/seals/revoke-seal';
import { startRenewal } from '@/lib/services/seals/start-renewal';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { allMeet, fullAnswers, POLICY } from './reviews-fixtures';
import { formatDate } from '@/lib/format/dates';

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram());
});
afterAll(async () => {
  await database?.close();
});

const DAY = 24 * 60 * 60 * 1000;
type User = Awaited<ReturnType<typeof seedUser>>;

/** The daily job's handler, run at the clock's time, as pg-boss would run it. */
async function runRemindJob(clock: TestClock) {
  await sealExpiryRemindJob.handler({}, { db: database.db, clock });
}

const remindersOf = (user: User) =>
  database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientId, user.id), eq(notifications.kind, 'seal.expiry-reminder')))
    .orderBy(asc(notifications.createdAt));
const mailsTo = (user: User) => database.db.select().from(outboundMails).where(eq(outboundMails.toAddress, user.email));
const before = (seal: Pick<Seal, 'expiresAt'>, days: number) => new Date(seal.expiresAt.getTime() - days * DAY);

describe(`expiry reminders notify the holder (${testDriver})`, () => {
  it('[APPLICANT] 60, 30 and 7 days ahead: exactly one notification and one mail each, for every member', async () => {
    const clock = createTestClock();
    const { seal, owner, member, site } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(clock.now()) });
    const outsider = await seedUser(database.db);

    await clock.setTime(before(seal, 61));
    await runRemindJob(clock);
    expect(await remindersOf(owner)).toEqual([]);

    // Each bucket, with the job running twice at it and once more in the quiet days after it.
    for (const [runAt, quietAt, count] of [
      [59.5, 45, 1],
      [29.5, 10, 2],
      [6.5, 1, 3],
    ] as const) {
      await clock.setTime(before(seal, runAt));
      await runRemindJob(clock);
      await runRemindJob(clock);
      await clock.setTime(before(seal, quietAt));
      await runRemindJob(clock);
      for (const user of [owner, member]) expect(await remindersOf(user)).toHaveLength(count);
    }

    for (const user of [owner, member]) {
      const reminders = await remindersOf(user);
      expect(reminders.map((reminder) => reminder.subject)).toEqual([60, 30, 7].map((days) => `Your seal ${seal.publicId} for ${site.domain} expires in ${days} days`));
      for (const reminder of reminders) {
        expect(reminder.link).toBe(`/portal/sites/${site.id}`);
        expect(reminder.body).toContain(`The seal ${seal.publicId} for ${site.domain} expires on ${formatDate(seal.expiresAt)}, in `);
        expect(reminder.body).toContain('Start the renewal now from the site’s page in the portal');
      }
      const mails = await mailsTo(user);
      expect(mails).toHaveLength(3);
      expect(mails.map((mail) => mail.notificationId).sort()).toEqual(reminders.map((reminder) => reminder.id).sort());
      expect(mails.every((mail) => mail.status === 'queued' && mail.body.includes(`/portal/sites/${site.id}`))).toBe(true);
    }
    expect(await remindersOf(outsider)).toEqual([]);
  });

  it('a job that missed the earlier days sends only the current bucket, saying the days really left', async () => {
    const clock = createTestClock();
    const { seal, owner, member, site } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(clock.now()) });

    await clock.setTime(before(seal, 20));
    await runRemindJob(clock);
    for (const user of [owner, member]) {
      expect((await remindersOf(user)).map((reminder) => reminder.subject)).toEqual([`Your seal ${seal.publicId} for ${site.domain} expires in 20 days`]);
    }
    await clock.setTime(before(seal, 3));
    await runRemindJob(clock);
    expect((await remindersOf(owner)).map((reminder) => reminder.subject)).toEqual([
      `Your seal ${seal.publicId} for ${site.domain} expires in 20 days`,
      `Your seal ${seal.publicId} for ${site.domain} expires in 3 days`,
    ]);
  });

  it('after a renewal, the new period is reminded afresh', async () => {
    const clock = createTestClock();
    const { seal, owner, member, site } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(clock.now()) });
    await clock.setTime(before(seal, 6.5));
    await runRemindJob(clock);
    expect(await remindersOf(owner)).toHaveLength(1);

    // The renewal through the verbs, on the same clock: started, answered, submitted, approved.
    const memberCtx = contextFor(database.db, actorOf(member), clock);
    const reviewerCtx = contextFor(database.db, actorOf(reviewer), clock);
    const renewal = await startRenewal({ ctx: memberCtx, input: { sealId: seal.id } });
    const criteria = await criteriaOf(database.db, renewal.criteriaVersionId);
    await saveApplication({ ctx: memberCtx, input: { applicationId: renewal.id, answers: fullAnswers(criteria) } });
    await attachPolicy({ ctx: memberCtx, input: { applicationId: renewal.id, source: 'text', text: POLICY } });
    await submitApplication({ ctx: memberCtx, input: { applicationId: renewal.id } });
    await claimApplication({ ctx: reviewerCtx, input: { applicationId: renewal.id } });
    await recordVerdicts({ ctx: reviewerCtx, input: { applicationId: renewal.id, verdicts: allMeet(criteria) } });
    const renewed = await approveApplication({ ctx: reviewerCtx, input: { applicationId: renewal.id } });
    expect(renewed.id).toBe(seal.id);
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(seal.expiresAt.getTime() + 300 * DAY);

    // Nothing more is due now: the new expiry is a year away.
    await runRemindJob(clock);
    expect(await remindersOf(owner)).toHaveLength(1);

    await clock.setTime(before(renewed, 59.5));
    await runRemindJob(clock);
    await runRemindJob(clock);
    for (const user of [owner, member]) {
      const reminders = await remindersOf(user);
      expect(reminders).toHaveLength(2);
      expect(reminders[1]!.subject).toBe(`Your seal ${seal.publicId} for ${site.domain} expires in 60 days`);
      expect(reminders[1]!.body).toContain(`expires on ${formatDate(renewed.expiresAt)}, in `);
    }
    const [stored] = await database.db.select().from(seals).where(eq(seals.id, seal.id));
    expect(stored!.expiresAt).toEqual(renewed.expiresAt);
  });

  it('[APPLICANT] more seals due than one batch holds: every holder reminded once, by runs at once and by re-runs alike', async () => {
    const clock = createTestClock();
    const held: Awaited<ReturnType<typeof seedIssuedSeal>>[] = [];
    for (let index = 0; index < 7; index++) held.push(await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(clock.now()) }));
    const ours = (reminders: { sealId: string }[]) => reminders.map((reminder) => reminder.sealId).filter((sealId) => held.some((entry) => entry.seal.id === sealId));
    // Among them, wherever they fall in seal id order: one given up (nothing to remind of), and one
    // reminded already for this bucket, while the others still expired later (set directly: set-up).
    const [revoked, remindedBefore, ...due] = held;
    const expiresAt = remindedBefore!.seal.expiresAt;
    await revokeSeal({ ctx: contextFor(database.db, actorOf(revoked!.owner), clock), input: { sealId: revoked!.seal.id, reason: 'ceased_operation', statement: 'Closed.' } });
    const setExpiry = (at: Date) => Promise.all(due.map((entry) => database.db.update(seals).set({ expiresAt: at }).where(eq(seals.id, entry.seal.id))));
    await setExpiry(new Date(expiresAt.getTime() + 100 * DAY));
    await clock.setTime(before(remindedBefore!.seal, 29.5));
    expect(ours(await recordExpiryReminders(database.db, nowDate(clock)))).toEqual([remindedBefore!.seal.id]);
    await setExpiry(expiresAt);

    // Two runs at once, in batches of two: five seals due, so each run goes through several batches.
    const [first, second] = await Promise.all([
      recordExpiryReminders(database.db, nowDate(clock), { batchSize: 2 }),
      recordExpiryReminders(database.db, nowDate(clock), { batchSize: 2 }),
    ]);
    expect([...ours(first), ...ours(second)].sort()).toEqual(due.map((entry) => entry.seal.id).sort());
    // And again the next day: nothing is sent twice.
    await clock.setTime(before(remindedBefore!.seal, 28.5));
    expect(ours(await recordExpiryReminders(database.db, nowDate(clock), { batchSize: 2 }))).toEqual([]);

    for (const entry of [remindedBefore!, ...due]) {
      for (const user of [entry.owner, entry.member]) {
        expect((await remindersOf(user)).map((reminder) => reminder.subject)).toEqual([`Your seal ${entry.seal.publicId} for ${entry.site.domain} expires in 30 days`]);
        expect(await mailsTo(user)).toHaveLength(1);
      }
      const audit = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, entry.seal.id), eq(auditEvents.action, 'seal.expiry-reminder')));
      expect(audit.map((row) => row.after)).toEqual([{ daysLeft: 30, expiresAt: expiresAt.toISOString(), publicId: entry.seal.publicId }]);
    }
    for (const user of [revoked!.owner, revoked!.member]) expect(await remindersOf(user)).toEqual([]);
  });
});
