import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { applications, auditEvents, notifications, seals } from '@/db/schema';
import { claimApplication } from '@/lib/services/reviews/claim';
import { recordVerdicts } from '@/lib/services/reviews/record-verdicts';
import { approveApplication, MandatoryCriteriaNotMetError, rejectApplication, requestChanges } from '@/lib/services/reviews/decide';
import { saveApplication } from '@/lib/services/applications/save-application';
import { submitApplication } from '@/lib/services/applications/submit-application';
import { ConflictError, ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { allMeet, fullAnswers, reviewer, submittedApplication } from './reviews-fixtures';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
  await seedDefaultProgram(database.db);
});
afterAll(async () => {
  await database?.close();
});

async function claimed() {
  const submitted = await submittedApplication(database.db);
  const rita = await reviewer(database.db);
  await claimApplication({ ctx: rita.ctx, input: { applicationId: submitted.application.id } });
  return { ...submitted, rita };
}

const statusOf = async (id: string) => (await database.db.select().from(applications).where(eq(applications.id, id)))[0]!;

describe(`decisions (${testDriver})`, () => {
  it('records verdicts only against the application’s own criteria, and only while in review', async () => {
    const { application, criteria, rita } = await claimed();
    const unknown = await rejectionOf(recordVerdicts({ ctx: rita.ctx, input: { applicationId: application.id, verdicts: { 'made-up': { verdict: 'meets' } } } }), ValidationError);
    expect(unknown.message).toBe("These are not criteria of this application's version: made-up.");
    await recordVerdicts({ ctx: rita.ctx, input: { applicationId: application.id, verdicts: allMeet(criteria) } });
    // A second save overwrites the first.
    await recordVerdicts({ ctx: rita.ctx, input: { applicationId: application.id, verdicts: { [criteria[0]!.code]: { verdict: 'does_not_meet', note: 'Be specific.' } } } });
    const refused = await rejectionOf(requestChanges({ ctx: (await reviewer(database.db)).ctx, input: { applicationId: application.id } }), Error);
    expect(refused.message).toMatch(/assigned to/);
  });

  it('approval is refused while a mandatory criterion is not met, naming it; nothing changes', async () => {
    const { application, criteria, rita } = await claimed();
    const changeOfControl = criteria.find((criterion) => criterion.code === 'change-of-control')!;
    await recordVerdicts({ ctx: rita.ctx, input: { applicationId: application.id, verdicts: { ...allMeet(criteria), [changeOfControl.code]: { verdict: 'does_not_meet', note: 'No word on a sale of the business.' } } } });
    const refused = await rejectionOf(approveApplication({ ctx: rita.ctx, input: { applicationId: application.id } }), MandatoryCriteriaNotMetError);
    expect(refused.message).toContain(`${changeOfControl.title} (does not meet)`);
    expect(refused.unmet.map((item) => item.code)).toEqual(['change-of-control']);
    expect((await statusOf(application.id)).status).toBe('in_review');
    expect(await database.db.select().from(seals).where(eq(seals.applicationId, application.id))).toHaveLength(0);
  });

  it('request changes needs a “does not meet” with a note; the applicant is notified and can resubmit', async () => {
    const { application, criteria, rita, applicantCtx, owner } = await claimed();
    await recordVerdicts({ ctx: rita.ctx, input: { applicationId: application.id, verdicts: allMeet(criteria) } });
    const empty = await rejectionOf(requestChanges({ ctx: rita.ctx, input: { applicationId: application.id } }), ValidationError);
    expect(empty.message).toMatch(/Mark at least one criterion “does not meet” with a note/);
    expect((await statusOf(application.id)).status).toBe('in_review');

    const retention = criteria.find((criterion) => criterion.code === 'data-retention') ?? criteria[1]!;
    await recordVerdicts({ ctx: rita.ctx, input: { applicationId: application.id, verdicts: { [retention.code]: { verdict: 'does_not_meet', note: 'Say how long order data is kept.' } } } });
    const returned = await requestChanges({ ctx: rita.ctx, input: { applicationId: application.id, note: 'One answer needs more detail.' } });
    expect(returned).toMatchObject({ status: 'changes_requested', decisionNote: 'One answer needs more detail.' });
    const [notice] = await database.db.select().from(notifications).where(and(eq(notifications.recipientId, owner.id), eq(notifications.kind, 'application.changes-requested')));
    expect(notice?.body).toContain(retention.title);
    expect(notice?.link).toBe(`/portal/applications/${application.id}`);

    await saveApplication({ ctx: applicantCtx, input: { applicationId: application.id, answers: fullAnswers(criteria) } });
    const resubmitted = await submitApplication({ ctx: applicantCtx, input: { applicationId: application.id } });
    expect(resubmitted).toMatchObject({ status: 'submitted', assignedReviewerId: rita.user.id });
    // It comes back to the reviewer who asked for the changes, not to whoever clicks first.
    const other = await reviewer(database.db);
    const taken = await rejectionOf(claimApplication({ ctx: other.ctx, input: { applicationId: application.id } }), ConflictError);
    expect(taken.message).toBe(`This application is assigned to ${rita.user.name}; an administrator can reassign it.`);
    await expect(claimApplication({ ctx: rita.ctx, input: { applicationId: application.id } })).resolves.toMatchObject({ status: 'in_review', assignedReviewerId: rita.user.id });
  });

  it('rejection needs a reason, records decidedAt and an audit event', async () => {
    const { application, rita } = await claimed();
    const noReason = await rejectionOf(rejectApplication({ ctx: rita.ctx, input: { applicationId: application.id, reason: '  ' } }), ValidationError);
    expect(noReason.message).toBe('Give the reason for the rejection; the applicant reads it.');
    const rejected = await rejectApplication({ ctx: rita.ctx, input: { applicationId: application.id, reason: 'Shares customer data with advertisers.' } });
    expect(rejected.status).toBe('rejected');
    expect(rejected.decidedAt).toBeInstanceOf(Date);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, application.id), eq(auditEvents.action, 'application.reject')));
    expect(audit?.after).toMatchObject({ status: 'rejected', decisionNote: 'Shares customer data with advertisers.' });
    const again = await rejectionOf(approveApplication({ ctx: rita.ctx, input: { applicationId: application.id } }), ConflictError);
    expect(again.message).toMatch(/is rejected, not in review/);
  });

  it('approval issues a seal with an OS-XXXX-XXXX id valid for 12 months', async () => {
    const { application, criteria, rita, owner } = await claimed();
    await recordVerdicts({ ctx: rita.ctx, input: { applicationId: application.id, verdicts: allMeet(criteria) } });
    const seal = await approveApplication({ ctx: rita.ctx, input: { applicationId: application.id } });
    expect(seal.publicId).toMatch(/^OS-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(seal.status).toBe('active');
    const expected = new Date(seal.issuedAt);
    expected.setUTCMonth(expected.getUTCMonth() + 12);
    expect(seal.expiresAt.toISOString().slice(0, 10)).toBe(expected.toISOString().slice(0, 10));
    const decided = await statusOf(application.id);
    expect(decided.status).toBe('approved');
    expect(decided.decidedAt).toBeInstanceOf(Date);
    const notices = await database.db.select().from(notifications).where(and(eq(notifications.recipientId, owner.id), eq(notifications.kind, 'application.approved')));
    expect(notices[0]?.subject).toContain(seal.publicId);
  });

  it('two reviewers deciding at the same moment: exactly one wins, the other is told', async () => {
    const { application, criteria, rita } = await claimed();
    await recordVerdicts({ ctx: rita.ctx, input: { applicationId: application.id, verdicts: allMeet(criteria) } });
    const admin = await reviewer(database.db, 'admin');
    const outcomes = await Promise.allSettled([
      approveApplication({ ctx: rita.ctx, input: { applicationId: application.id } }),
      rejectApplication({ ctx: admin.ctx, input: { applicationId: application.id, reason: 'Decided otherwise.' } }),
    ]);
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    expect(lost[0]!.reason.message).toMatch(/^(Another reviewer decided this application a moment ago; reload to see the decision\.|This application is (approved|rejected), not in review; reload to see its state\.)$/);
    const final = await statusOf(application.id);
    const sealRows = await database.db.select().from(seals).where(eq(seals.applicationId, application.id));
    expect(sealRows).toHaveLength(final.status === 'approved' ? 1 : 0);
    const decisions = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, application.id));
    expect(decisions.filter((event) => ['application.approve', 'application.reject'].includes(event.action))).toHaveLength(1);
  });
});
