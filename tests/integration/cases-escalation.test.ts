import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents, caseMessages, cases, notifications, programs, type Case } from '@/db/schema';
import type { TestClock } from '@/lib/clock';
import { casesEscalateJob } from '@/lib/jobs/definitions/cases-escalate';
import { allJobs } from '@/lib/jobs';
import { caseCounts, listCasesForReview } from '@/lib/services/cases/list-cases';
import { escalateOverdueCases } from '@/lib/services/cases/escalate-cases';
import { readCaseForReview } from '@/lib/services/cases/read-case';
import { respondToCase } from '@/lib/services/cases/respond-to-case';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { DAY, openedCase, type User } from './cases-decisions-fixtures';
import { formatDateTime, renderDateTokens } from '@/lib/format/dates';

let database: TestDatabase;
let programId: string;
let reviewer: User;
let bystander: User;
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' }));
  bystander = await seedUser(database.db, { role: 'reviewer' });
});
afterAll(async () => {
  await database?.close();
});

const NOTICE = 'Your shop is reported to offer its customer list for sale. Explain by the deadline.';

/** A case awaiting the site's response to a notice sent now; returns the moment it is due. */
async function noticedCase() {
  const opened = await openedCase(database.db, { programId, issuer: reviewer, opener: reviewer });
  const { as } = opened;
  const { caseRow } = await sendNotice({ ctx: as(reviewer), input: { caseRef: opened.caseRow.reference, body: NOTICE } });
  return { ...opened, as, caseRow, dueAt: caseRow.responseDueAt!.getTime() };
}

/** The job's handler at the clock's time, as pg-boss runs it. */
const runJob = (clock: TestClock) => casesEscalateJob.handler({}, { db: database.db, clock });

const caseNow = async (id: string): Promise<Case> => (await database.db.select().from(cases).where(eq(cases.id, id)))[0]!;
const kindsFor = async (userId: string, caseReference: string) =>
  (await database.db.select().from(notifications).where(eq(notifications.recipientId, userId)).orderBy(asc(notifications.createdAt)))
    .filter((row) => row.link?.includes(caseReference))
    .map((row) => row.kind);
const reminders = (caseId: string) =>
  database.db
    .select()
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.kind, 'reminder')));
const escalationAudits = (caseId: string) =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, caseId), eq(auditEvents.action, 'case.escalate')))
    .orderBy(asc(auditEvents.occurredAt));

describe(`escalation of cases the site leaves unanswered (${testDriver})`, () => {
  it('is registered as a scheduled job', () => {
    expect(allJobs).toContain(casesEscalateJob);
    expect(casesEscalateJob.schedule?.cron).toBe('* * * * *');
  });

  it('[SYSTEM] level 1 once the deadline passes, level 2 once the grace period is over, each exactly once however often the job runs', async () => {
    const story = await noticedCase();
    const { clock, caseRow } = story;

    await clock.setTime(story.dueAt - 60_000);
    await runJob(clock);
    expect(await caseNow(caseRow.id)).toMatchObject({ escalationLevel: 0, escalatedAt: null });

    await clock.setTime(story.dueAt + 60_000);
    await runJob(clock);
    await runJob(clock);
    expect(await caseNow(caseRow.id)).toMatchObject({ status: 'awaiting_site_response', escalationLevel: 1, escalatedAt: new Date(story.dueAt + 60_000) });
    const [reminder, ...more] = await reminders(caseRow.id);
    expect(more).toEqual([]);
    expect(reminder).toMatchObject({ audience: 'site', authorId: null });
    // The case message keeps its moment for each reader's zone (ADR 0022); the page writes it like this.
    expect(renderDateTokens(reminder!.body)).toContain(`The response to the notice in case ${caseRow.reference} was due by ${formatDateTime(new Date(story.dueAt))} and has not arrived.`);
    for (const member of [story.owner, story.member]) expect(await kindsFor(member.id, caseRow.reference)).toEqual(['case.notice', 'case.reminder']);
    expect(await kindsFor(reviewer.id, caseRow.reference)).toEqual(['case.overdue']);
    // The queue marks it overdue with its level, before the cases that are not.
    const { cases: overdue } = await listCasesForReview({ ctx: contextFor(database.db, actorOf(reviewer), clock), input: { view: 'overdue' } });
    expect(overdue.find((item) => item.id === caseRow.id)).toMatchObject({ overdue: true, escalationLevel: 1 });

    // Still inside the grace period (7 days by default): nothing more.
    await clock.setTime(story.dueAt + 7 * DAY - 60_000);
    await runJob(clock);
    expect((await caseNow(caseRow.id)).escalationLevel).toBe(1);

    await clock.setTime(story.dueAt + 7 * DAY + 60_000);
    await runJob(clock);
    await clock.setTime(story.dueAt + 9 * DAY);
    await runJob(clock);
    expect(await caseNow(caseRow.id)).toMatchObject({ escalationLevel: 2, escalatedAt: new Date(story.dueAt + 7 * DAY + 60_000) });
    expect(await kindsFor(reviewer.id, caseRow.reference)).toEqual(['case.overdue', 'case.suspend-prompt']);
    const [prompt] = (await database.db.select().from(notifications).where(and(eq(notifications.recipientId, reviewer.id), eq(notifications.kind, 'case.suspend-prompt')))).filter((row) =>
      row.link?.includes(caseRow.reference),
    );
    expect(prompt).toMatchObject({ subject: `Case ${caseRow.reference}: no response for 7 days — consider suspending the seal`, link: `/review/cases/${caseRow.reference}#decision` });
    expect(await reminders(caseRow.id)).toHaveLength(1);
    expect((await escalationAudits(caseRow.id)).map((event) => (event.after as { level: number }).level)).toEqual([1, 2]);
    // The case page reads the level and how long the site has been silent.
    const read = await readCaseForReview({ ctx: story.as(reviewer), input: { caseRef: caseRow.reference } });
    expect(read).toMatchObject({ overdue: true, daysOverdue: 9 });
  });

  it('takes both steps, in order and once each, for a case first reached after the grace period', async () => {
    const story = await noticedCase();
    await story.clock.setTime(story.dueAt + 30 * DAY);
    const taken = await escalateOverdueCases(database.db, new Date(story.clock.now()));
    expect(taken.filter((step) => step.caseId === story.caseRow.id).map((step) => step.level)).toEqual([1, 2]);
    expect(await escalateOverdueCases(database.db, new Date(story.clock.now()))).toEqual([]);
    expect(await reminders(story.caseRow.id)).toHaveLength(1);
  });

  it('escalates once when two instances run the sweep at the same moment', async () => {
    const story = await noticedCase();
    await story.clock.setTime(story.dueAt + 8 * DAY);
    const now = new Date(story.clock.now());
    const runs = await Promise.all([escalateOverdueCases(database.db, now), escalateOverdueCases(database.db, now)]);
    expect(runs.flat().filter((step) => step.caseId === story.caseRow.id).map((step) => step.level).sort()).toEqual([1, 2]);
    expect(await reminders(story.caseRow.id)).toHaveLength(1);
    expect(await escalationAudits(story.caseRow.id)).toHaveLength(2);
  });

  it('leaves alone a case whose site answered in time, and restarts after a new notice', async () => {
    const story = await noticedCase();
    await story.clock.setTime(story.dueAt - DAY);
    await respondToCase({ ctx: story.as(story.owner), input: { caseRef: story.caseRow.reference, body: 'We have not sold anything; the listing was a mistake by our broker.' } });
    await story.clock.setTime(story.dueAt + 30 * DAY);
    await runJob(story.clock);
    expect(await caseNow(story.caseRow.id)).toMatchObject({ status: 'in_review', escalationLevel: 0 });

    // A new notice sets a new deadline from the moved clock; the sweep judges that one.
    const { caseRow: again } = await sendNotice({ ctx: story.as(reviewer), input: { caseRef: story.caseRow.reference, body: NOTICE } });
    expect(again.responseDueAt!.getTime()).toBe(story.clock.now() + 14 * DAY);
    await runJob(story.clock);
    expect((await caseNow(story.caseRow.id)).escalationLevel).toBe(0);
    await story.clock.setTime(again.responseDueAt!.getTime() + 1000);
    await runJob(story.clock);
    expect((await caseNow(story.caseRow.id)).escalationLevel).toBe(1);
  });

  it('uses the grace period of the seal’s program, and tells every free reviewer when nobody is assigned', async () => {
    const story = await noticedCase();
    await database.db.update(cases).set({ assignedReviewerId: null }).where(eq(cases.id, story.caseRow.id));
    await database.db.update(programs).set({ caseEscalationGraceDays: 2 }).where(eq(programs.id, programId));
    try {
      await story.clock.setTime(story.dueAt + 2 * DAY + 1000);
      await runJob(story.clock);
    } finally {
      await database.db.update(programs).set({ caseEscalationGraceDays: 7 }).where(eq(programs.id, programId));
    }
    expect((await caseNow(story.caseRow.id)).escalationLevel).toBe(2);
    expect(await kindsFor(bystander.id, story.caseRow.reference)).toEqual(['case.overdue', 'case.suspend-prompt']);
    const counts = await caseCounts({ ctx: contextFor(database.db, actorOf(reviewer), story.clock) });
    expect(counts.overdue).toBeGreaterThanOrEqual(1);
    expect(counts.unassigned).toBeGreaterThanOrEqual(1);
  });
});
