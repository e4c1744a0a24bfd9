import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { applications, applicationVerdicts, type Application, type Seal } from '@/db/schema';
import type { Transaction } from '@/db/client';
import { nowDate } from '@/lib/clock';
import { requireRole, type Actor } from '@/lib/auth/actor';
import { notifyOrganization } from '@/lib/notifications/notify';
import { issueSeal } from '../seals/issue-seal';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { criteriaOf } from '../applications/application-access';
import { assertNoConflict } from './conflicts';
import { assertAssignedOrAdmin, assertInReview, DECIDED_MEANWHILE, findApplicationForReview } from './review-access';
import { deferredDates } from '@/lib/format/dates';

const applicationId = z.string().uuid('This application does not exist.');
type Outcome = 'changes_requested' | 'rejected' | 'approved';

/**
 * The shared frame of the three decisions: permission, then one transaction that runs the conflict
 * guard (it locks the organization, so a conflict declared at the same moment cannot slip between
 * check and decision) and then the conditional update out of `in_review`. Of two reviewers
 * deciding at the same moment, the second finds no row (PostgreSQL re-checks the WHERE after the
 * first commits).
 */
async function decide<T>(ctx: ServiceContext, id: string, outcome: Outcome, fields: { decisionNote: string | null }, then: (tx: Transaction, decided: Application, actor: Actor, now: Date) => Promise<T>): Promise<T> {
  const actor = requireRole(ctx.actor, 'reviewer');
  const application = await findApplicationForReview(ctx.db, id);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    await assertNoConflict(tx, actor.id, application.organizationId);
    await assertAssignedOrAdmin(tx, actor, application);
    assertInReview(application);
    const [decided] = await tx
      .update(applications)
      .set({ status: outcome, decisionNote: fields.decisionNote, decidedAt: outcome === 'changes_requested' ? null : now, updatedAt: now })
      .where(and(eq(applications.id, id), eq(applications.status, 'in_review')))
      .returning();
    if (!decided) throw new ConflictError(DECIDED_MEANWHILE);
    const result = await then(tx, decided, actor, now);
    await recordAudit(tx, {
      actorId: actor.id,
      action: { changes_requested: 'application.request-changes', rejected: 'application.reject', approved: 'application.approve' }[outcome],
      entityType: 'application',
      entityId: id,
      before: { status: 'in_review' },
      after: { status: outcome, decisionNote: fields.decisionNote },
      at: now,
    });
    return result;
  });
}

async function verdictsWithCriteria(tx: Transaction, application: Application) {
  const [criteria, verdicts] = await Promise.all([criteriaOf(tx, application.criteriaVersionId), tx.select().from(applicationVerdicts).where(eq(applicationVerdicts.applicationId, application.id))]);
  const byCode = new Map(verdicts.map((verdict) => [verdict.criterionCode, verdict]));
  return criteria.map((criterion) => ({ criterion, verdict: byCode.get(criterion.code) ?? null }));
}

const link = (id: string) => `/portal/applications/${id}`;

/** Sends the application back to the applicant: at least one criterion not met, with a note saying what to change. */
export async function requestChanges({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const { applicationId: id, note } = parseInput(z.object({ applicationId, note: z.string().trim().max(4000).optional() }), input);
  return decide(ctx, id, 'changes_requested', { decisionNote: note || null }, async (tx, decided, _actor, now) => {
    const notMet = (await verdictsWithCriteria(tx, decided)).filter(({ verdict }) => verdict?.verdict === 'does_not_meet' && verdict.note.trim());
    if (notMet.length === 0) {
      throw new ValidationError('Mark at least one criterion “does not meet” with a note saying what to change; the applicant sees only those.');
    }
    const titles = notMet.map(({ criterion }) => criterion.title).join(', ');
    await notifyOrganization(tx, { jobs: ctx.jobs, now }, decided.organizationId, {
      kind: 'application.changes-requested',
      subject: 'The reviewer asks for changes to your application',
      body: `${note ? `${note}\n\n` : ''}Criteria to change: ${titles}. Change your answers, then submit the application again.`,
      link: link(decided.id),
    });
    return decided;
  });
}

/** Refuses the seal, with the reason the applicant reads. Final for this application. */
export async function rejectApplication({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const { applicationId: id, reason } = parseInput(z.object({ applicationId, reason: z.string().trim().min(1, 'Give the reason for the rejection; the applicant reads it.').max(4000) }), input);
  return decide(ctx, id, 'rejected', { decisionNote: reason }, async (tx, decided, _actor, now) => {
    await notifyOrganization(tx, { jobs: ctx.jobs, now }, decided.organizationId, { kind: 'application.rejected', subject: 'Your application was rejected', body: reason, link: link(decided.id) });
    return decided;
  });
}

/** Raised when a mandatory criterion lacks a “meets” verdict; `unmet` names each. */
export class MandatoryCriteriaNotMetError extends ValidationError {
  constructor(readonly unmet: Array<{ code: string; title: string; verdict: string | null }>) {
    super(
      `The application cannot be approved: ${unmet.length === 1 ? 'this mandatory criterion is' : `these ${unmet.length} mandatory criteria are`} not marked “meets”: ${unmet
        .map((item) => `${item.title} (${item.verdict ? item.verdict.replaceAll('_', ' ') : 'no verdict'})`)
        .join('; ')}.`,
    );
  }
}

/** Grants the seal: every mandatory criterion must be met. The seal is issued in the same transaction. */
export async function approveApplication({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<Seal> {
  requireRole(ctx.actor, 'reviewer');
  const { applicationId: id } = parseInput(z.object({ applicationId }), input);
  return decide(ctx, id, 'approved', { decisionNote: null }, async (tx, decided, actor, now) => {
    const unmet = (await verdictsWithCriteria(tx, decided))
      .filter(({ criterion, verdict }) => criterion.requirement === 'mandatory' && verdict?.verdict !== 'meets')
      .map(({ criterion, verdict }) => ({ code: criterion.code, title: criterion.title, verdict: verdict?.verdict ?? null }));
    if (unmet.length > 0) throw new MandatoryCriteriaNotMetError(unmet);
    const seal = await issueSeal(tx, { application: decided, actorId: actor.id, now });
    await notifyOrganization(tx, { jobs: ctx.jobs, now }, decided.organizationId, {
      kind: 'application.approved',
      subject: `Your application was approved: seal ${seal.publicId}`,
      body: `Your seal ${seal.publicId} is active until ${deferredDates.date(seal.expiresAt)}. Add the badge to your pages from the portal.`,
      link: link(decided.id),
    });
    return seal;
  });
}
