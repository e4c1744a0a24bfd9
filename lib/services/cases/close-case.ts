import { z } from 'zod';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { caseAppeals, caseDecisions, seals } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot, portalCasePath } from '@/lib/cases/case-records';
import { caseStatusLabels } from '@/lib/cases/labels';

import { notifyOrganization } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { loadCaseForReviewerChange } from './case-access';
import { moveCase, openRevocationProposal } from './decision-effects';
import { caseRefField } from './decision-input';
import { formatDateTime } from '@/lib/format/dates';

const CloseCaseInput = z.object({ caseRef: caseRefField });

/**
 * A reviewer closes a decided case. Closing ends the site's right to appeal, so it waits until no
 * appeal is possible any more: every decision in effect is past its appeal window or was already
 * appealed (an appeal pending keeps the case `appealed`, which cannot be closed either). An open
 * revocation proposal must be confirmed or withdrawn first, and a suspension the case imposed must
 * have been lifted (by a remedy decision or the appeal) or overtaken by a revocation: once closed,
 * nothing could lift it (ADR 0008, amendment).
 */
export async function closeCase({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const data = parseInput(CloseCaseInput, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, data.caseRef);
    if (caseRow.status !== 'decided') {
      const why = caseRow.status === 'closed' ? 'is already closed' : caseRow.status === 'appealed' ? 'has an appeal pending: decide the appeal first' : `is ${caseStatusLabels[caseRow.status].toLowerCase()}, not decided`;
      throw new ConflictError(`Case ${caseRow.reference} ${why}; only a decided case can be closed.`);
    }
    const [suspended] = await tx.select({ publicId: seals.publicId }).from(seals).where(eq(seals.suspensionCaseId, caseRow.id)).limit(1);
    if (suspended) {
      throw new ConflictError(
        `Seal ${suspended.publicId} is still suspended by the decision on case ${caseRow.reference}, and only this case can lift it: decide “remedied” once the site has met the reinstatement requirements (or propose the revocation), then close the case.`,
      );
    }
    const proposal = await openRevocationProposal(tx, caseRow.id);
    if (proposal) throw new ConflictError(`${proposal.proposerName} has proposed to revoke the seal on case ${caseRow.reference}: confirm or withdraw the proposal before closing the case.`);
    const [appealable] = await tx
      .select({ appealableUntil: caseDecisions.appealableUntil })
      .from(caseDecisions)
      .leftJoin(caseAppeals, eq(caseAppeals.decisionId, caseDecisions.id))
      .where(and(eq(caseDecisions.caseId, caseRow.id), eq(caseDecisions.state, 'in_effect'), gt(caseDecisions.appealableUntil, now), isNull(caseAppeals.id)))
      .orderBy(desc(caseDecisions.appealableUntil))
      .limit(1);
    if (appealable?.appealableUntil) {
      throw new ConflictError(`The site may still appeal a decision on case ${caseRow.reference} until ${formatDateTime(appealable.appealableUntil, ctx.actor?.timeZone)}; the case can be closed after that.`);
    }
    const moved = await moveCase(tx, caseRow, ['decided'], { status: 'closed', closedAt: now }, now);
    await recordAudit(tx, { actorId: actor.id, action: 'case.close', entityType: 'case', entityId: caseRow.id, before: caseAuditSnapshot(caseRow), after: caseAuditSnapshot(moved), at: now });
    await notifyOrganization(tx, { jobs: ctx.jobs, now }, caseRow.organizationId, {
      kind: 'case.closed',
      subject: `Case ${caseRow.reference} is closed`,
      body: `The seal authority closed case ${caseRow.reference}. The decisions on it remain as recorded.`,
      link: portalCasePath(caseRow.reference),
    });
    return moved;
  });
}
