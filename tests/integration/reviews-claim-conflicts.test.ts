import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { applications, auditEvents, memberships } from '@/db/schema';
import { assignApplication, claimApplication } from '@/lib/services/reviews/claim';
import { declareConflict, withdrawConflict } from '@/lib/services/reviews/conflicts';
import { recordVerdicts } from '@/lib/services/reviews/record-verdicts';
import { approveApplication, rejectApplication, requestChanges } from '@/lib/services/reviews/decide';
import { ConflictError, ForbiddenError, ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { allMeet, reviewer, submittedApplication } from './reviews-fixtures';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
  await seedDefaultProgram(database.db);
});
afterAll(async () => {
  await database?.close();
});

describe(`claiming and assigning (${testDriver})`, () => {
  it('a reviewer claims a submitted application: in review, assigned to them, audited; a second claim is refused', async () => {
    const { application } = await submittedApplication(database.db);
    const rita = await reviewer(database.db);
    const claimed = await claimApplication({ ctx: rita.ctx, input: { applicationId: application.id } });
    expect(claimed).toMatchObject({ status: 'in_review', assignedReviewerId: rita.user.id });
    expect(claimed.assignedAt).toBeInstanceOf(Date);
    const other = await reviewer(database.db);
    const refused = await rejectionOf(claimApplication({ ctx: other.ctx, input: { applicationId: application.id } }), ConflictError);
    expect(refused.message).toBe(`This application is assigned to ${rita.user.name}; an administrator can reassign it.`);
    const audit = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, application.id), eq(auditEvents.action, 'application.claim')));
    expect(audit).toHaveLength(1);
  });

  it('two reviewers claiming at the same moment: exactly one gets it', async () => {
    const { application } = await submittedApplication(database.db);
    const [first, second] = [await reviewer(database.db), await reviewer(database.db)];
    const outcomes = await Promise.allSettled([first, second].map((one) => claimApplication({ ctx: one.ctx, input: { applicationId: application.id } })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(ConflictError);
    const [row] = await database.db.select().from(applications).where(eq(applications.id, application.id));
    expect([first.user.id, second.user.id]).toContain(row?.assignedReviewerId);
  });

  it('an applicant cannot claim; only an administrator assigns', async () => {
    const { application, applicantCtx } = await submittedApplication(database.db);
    await rejectionOf(claimApplication({ ctx: applicantCtx, input: { applicationId: application.id } }), ForbiddenError);
    const rita = await reviewer(database.db);
    const other = await reviewer(database.db);
    const notAdmin = await rejectionOf(assignApplication({ ctx: rita.ctx, input: { applicationId: application.id, reviewerId: other.user.id } }), ForbiddenError);
    expect(notAdmin.message).toBe('Only an administrator can do this.');
    const admin = await reviewer(database.db, 'admin');
    const assigned = await assignApplication({ ctx: admin.ctx, input: { applicationId: application.id, reviewerId: other.user.id } });
    expect(assigned).toMatchObject({ status: 'in_review', assignedReviewerId: other.user.id });
    // Reassigning while in review is allowed; the first assignee then may no longer act.
    await assignApplication({ ctx: admin.ctx, input: { applicationId: application.id, reviewerId: rita.user.id } });
    const moved = await rejectionOf(recordVerdicts({ ctx: other.ctx, input: { applicationId: application.id, verdicts: { notice: { verdict: 'meets' } } } }), ForbiddenError);
    expect(moved.message).toBe(`This application is assigned to ${rita.user.name}; only they or an administrator can assess or decide it.`);
  });

  it('an administrator cannot assign to a reviewer with a conflict', async () => {
    const { application, organization } = await submittedApplication(database.db, 'Conflicted Widgets Ltd');
    const rita = await reviewer(database.db);
    await declareConflict({ ctx: rita.ctx, input: { organizationId: organization.id, reason: 'My brother runs it.' } });
    const admin = await reviewer(database.db, 'admin');
    const refused = await rejectionOf(assignApplication({ ctx: admin.ctx, input: { applicationId: application.id, reviewerId: rita.user.id } }), ValidationError);
    expect(refused.message).toBe(`${rita.user.name} declared a conflict of interest with Conflicted Widgets Ltd, so they cannot act on its applications.`);
  });
});

describe(`conflicts of interest (${testDriver})`, () => {
  it('a reviewer who is a member of the organization is refused on claim', async () => {
    const { application, organization } = await submittedApplication(database.db, 'Member Made Ltd');
    const rita = await reviewer(database.db);
    await database.db.insert(memberships).values({ organizationId: organization.id, userId: rita.user.id, role: 'member' });
    const refused = await rejectionOf(claimApplication({ ctx: rita.ctx, input: { applicationId: application.id } }), ForbiddenError);
    expect(refused.message).toBe('You are a member of Member Made Ltd, so you cannot act on its applications.');
    const [row] = await database.db.select().from(applications).where(eq(applications.id, application.id));
    expect(row).toMatchObject({ status: 'submitted', assignedReviewerId: null });
  });

  it('a declared conflict refuses claim, verdicts and every decision, even for an admin; withdrawing lifts it', async () => {
    const { application, organization, criteria } = await submittedApplication(database.db, 'Declared Goods Ltd');
    const admin = await reviewer(database.db, 'admin');
    await claimApplication({ ctx: admin.ctx, input: { applicationId: application.id } });
    const declaration = await declareConflict({ ctx: admin.ctx, input: { organizationId: organization.id, reason: 'Former employer, until 2025.' } });
    const message = 'You declared a conflict of interest with Declared Goods Ltd, so you cannot act on its applications.';
    const input = { applicationId: application.id };
    // One at a time: each verb must refuse on its own, not merely because another one failed first.
    for (const attempt of [
      () => claimApplication({ ctx: admin.ctx, input }),
      () => recordVerdicts({ ctx: admin.ctx, input: { ...input, verdicts: allMeet(criteria) } }),
      () => requestChanges({ ctx: admin.ctx, input }),
      () => rejectApplication({ ctx: admin.ctx, input: { ...input, reason: 'No.' } }),
      () => approveApplication({ ctx: admin.ctx, input }),
    ]) {
      expect((await rejectionOf(attempt(), ForbiddenError)).message).toBe(message);
    }
    const twice = await rejectionOf(declareConflict({ ctx: admin.ctx, input: { organizationId: organization.id, reason: 'Again.' } }), ConflictError);
    expect(twice.message).toBe('You have already declared a conflict of interest with Declared Goods Ltd.');

    const stranger = await reviewer(database.db);
    await rejectionOf(withdrawConflict({ ctx: stranger.ctx, input: { declarationId: declaration.id } }), ConflictError);
    await withdrawConflict({ ctx: admin.ctx, input: { declarationId: declaration.id } });
    await expect(recordVerdicts({ ctx: admin.ctx, input: { ...input, verdicts: allMeet(criteria) } })).resolves.toEqual({ saved: criteria.length });
  });

  it('an applicant cannot declare conflicts', async () => {
    const { organization, applicantCtx } = await submittedApplication(database.db);
    await rejectionOf(declareConflict({ ctx: applicantCtx, input: { organizationId: organization.id, reason: 'Whatever.' } }), ForbiddenError);
  });
});
