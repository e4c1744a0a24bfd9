import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { caseAppeals, caseDecisions, cases } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot, casePath, reviewersFreeToHandle } from '@/lib/cases/case-records';
import { caseOutcomeSiteLabels, caseStatusSiteLabels, REVOCATION_FINALITY_FOR_SITE } from '@/lib/cases/site-labels';
import { notifyUsers } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { loadCaseForMember } from './case-access';
import { APPEALABLE_CASE_STATUSES } from './read-case-for-site';
import { dateWriter } from '@/lib/format/dates';

export const APPEAL_LIMITS = { groundsMin: 20, groundsMax: 10_000 } as const;

/**
 * The case states a decision in effect can be appealed from: decided, and the states a corrective
 * action leads back to (the site is answering it, or a reviewer weighs the answer). Not `appealed`
 * (one appeal at a time) nor `closed`.
 */
const APPEALABLE_FROM = [...APPEALABLE_CASE_STATUSES];

const FileAppealInput = z.object({
  caseRef: z.string({ message: 'Say which case the decision belongs to.' }).trim().min(1).max(100),
  decisionId: z.string({ message: 'Say which decision you appeal.' }).uuid('This case has no such decision.'),
  grounds: z
    .string({ message: 'Write the grounds of your appeal.' })
    .trim()
    .min(APPEAL_LIMITS.groundsMin, `Write the grounds of your appeal (at least ${APPEAL_LIMITS.groundsMin} characters): what the decision got wrong, and what shows it.`)
    .max(APPEAL_LIMITS.groundsMax, `Keep the grounds under ${APPEAL_LIMITS.groundsMax.toLocaleString('en')} characters.`),
});

/**
 * A member of the case's organization appeals a decision in effect, once per decision, before the
 * decision's `appealableUntil` (the program's appeal period from when it took effect, set by the
 * decision verbs). The case becomes `appealed`; the reviewers free to handle the organization are
 * told, since the appeal goes to one who took no part in the case (lib/services/cases/decide-appeal.ts).
 */
export async function fileAppeal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'applicant');
  const { access, caseRow } = await loadCaseForMember(ctx.db, ctx.actor, (input as { caseRef?: unknown } | null)?.caseRef);
  const data = parseInput(FileAppealInput, input);
  const now = nowDate(ctx.clock);
  const write = dateWriter(ctx.actor?.timeZone);
  return ctx.db.transaction(async (tx) => {
    const [decision] = await tx
      .select()
      .from(caseDecisions)
      .where(and(eq(caseDecisions.id, data.decisionId), eq(caseDecisions.caseId, caseRow.id)))
      .for('update');
    if (!decision) throw new NotFoundError('This case has no such decision.');
    const what = `the decision “${caseOutcomeSiteLabels[decision.outcome]}” of ${write.date(decision.decidedAt)}`;
    if (decision.state !== 'in_effect') {
      const state = { proposed: 'only proposed, not in effect', withdrawn: 'withdrawn', overturned: 'already overturned', in_effect: '' }[decision.state];
      throw new ConflictError(`You cannot appeal ${what}: it is ${state}. Only a decision in effect can be appealed.`);
    }
    const [earlier] = await tx.select({ filedAt: caseAppeals.filedAt }).from(caseAppeals).where(eq(caseAppeals.decisionId, decision.id)).limit(1);
    if (earlier) throw new ConflictError(`You already appealed ${what} on ${write.date(earlier.filedAt)}; each decision can be appealed once.`);
    if (decision.outcome === 'revocation') throw new ConflictError(REVOCATION_FINALITY_FOR_SITE);
    if (!decision.appealableUntil) throw new ConflictError(`${what[0]!.toUpperCase()}${what.slice(1)} was taken on appeal and cannot be appealed again.`);
    if (now.getTime() >= decision.appealableUntil.getTime()) {
      throw new ConflictError(`The time to appeal ${what} ended on ${write.dateTime(decision.appealableUntil)}; an appeal can no longer be filed.`);
    }

    const [updated] = await tx
      .update(cases)
      .set({ status: 'appealed', updatedAt: now })
      .where(and(eq(cases.id, caseRow.id), inArray(cases.status, APPEALABLE_FROM)))
      .returning();
    if (!updated) {
      const [current] = await tx.select({ status: cases.status }).from(cases).where(eq(cases.id, caseRow.id)).limit(1);
      const status = current?.status ?? caseRow.status;
      throw new ConflictError(
        status === 'appealed'
          ? `An appeal is already pending in case ${caseRow.reference}; file this one when it is decided, if the time to appeal has not run out.`
          : `Case ${caseRow.reference} is ${caseStatusSiteLabels[status].toLowerCase()}, so its decisions can no longer be appealed.`,
      );
    }
    // The unique index on the decision settles two appeals filed at the same moment.
    const [appeal] = await tx.insert(caseAppeals).values({ caseId: caseRow.id, decisionId: decision.id, filedById: access.actor.id, grounds: data.grounds, filedAt: now }).onConflictDoNothing().returning();
    if (!appeal) throw new ConflictError(`${what[0]!.toUpperCase()}${what.slice(1)} was already appealed; each decision can be appealed once.`);

    await recordAudit(tx, {
      actorId: access.actor.id,
      action: 'case.appeal',
      entityType: 'case',
      entityId: caseRow.id,
      before: caseAuditSnapshot(caseRow),
      after: { ...caseAuditSnapshot(updated), appealId: appeal.id, decisionId: decision.id, outcome: decision.outcome },
      at: now,
    });
    await notifyUsers(tx, { jobs: ctx.jobs, now }, await reviewersFreeToHandle(tx, caseRow.organizationId), {
      kind: 'case.appealed',
      organizationId: caseRow.organizationId,
      subject: `Appeal in case ${caseRow.reference}: ${access.organization.legalName}`,
      body: [
        `${access.organization.legalName} appealed ${what} in case ${caseRow.reference}.`,
        'The appeal must be decided by a reviewer who took no part in the case.',
      ].join('\n\n'),
      link: casePath(caseRow.reference),
    });
    return { caseRow: updated, appeal, decision };
  });
}
