import { z } from 'zod';
import { and, desc, eq, ne } from 'drizzle-orm';
import { cases, seals, sites } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot } from '@/lib/cases/case-records';
import { authorityRevocationReasons } from '@/lib/seals/reasons';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { assertNoConflict } from '../reviews/conflicts';
import { findSeal } from '../seals/seal-records';
import { notLiveMessage } from '../seals/seal-transition';
import { assertDecidable, assertNoOpenProposal } from './decision-effects';
import { assertMayDecide, inPlaceOfNote, tellAssignee } from './case-decider';
import { reasonForSiteField } from './decision-input';
import { insertCase } from './insert-case';
import { recordRevocationProposal } from './revocation-proposals';

const ProposeSealRevocationInput = z.object({
  sealId: z.string({ message: 'Say which seal.' }).trim().min(1, 'Say which seal.'),
  revocationReason: z.enum(authorityRevocationReasons, { message: 'Choose the reason for the revocation from the list.' }),
  statement: reasonForSiteField,
});

/**
 * A reviewer on the seal page proposes to revoke a seal outside any complaint: the authority never
 * revokes in one step (DESIGN.md, four eyes). In ONE transaction, the seal's open case receives the
 * proposal (under the case's own rule of who decides it, ADR 0007 amendment), or, when the seal has
 * none, a case of kind `authority` is opened about the seal, assigned to the proposer, and the
 * proposal recorded in it. A different reviewer or an administrator confirms on the case page
 * (confirmRevocation). The statement is what the site and the public read once it is confirmed.
 */
export async function proposeSealRevocation({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(ProposeSealRevocationInput, input);
  const found = await findSeal(ctx.db, data.sealId);
  const now = nowDate(ctx.clock);
  const proposal = { revocationReason: data.revocationReason, reasonForSite: data.statement, summaryForComplainant: data.statement };
  return ctx.db.transaction(async (tx) => {
    await assertNoConflict(tx, actor.id, found.organizationId, 'its seals');
    const [seal] = await tx.select().from(seals).where(eq(seals.id, found.id)).limit(1).for('update');
    const notLive = notLiveMessage(seal!, now);
    if (notLive) throw new ConflictError(notLive);
    // One case per seal at a time: a proposal joins the case already open about it.
    const [open] = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.sealId, seal!.id), ne(cases.status, 'closed')))
      .orderBy(desc(cases.openedAt))
      .limit(1)
      .for('update');
    if (open) {
      assertDecidable(open);
      await assertNoOpenProposal(tx, open);
      const decider = await assertMayDecide(tx, actor, open, now);
      const decision = await recordRevocationProposal(tx, ctx, actor, decider.caseRow, proposal, now, { ...inPlaceOfNote(decider), from: 'seal page' });
      await tellAssignee(tx, { jobs: ctx.jobs, now }, decider, actor, 'proposed to revoke the seal');
      return { caseRow: decider.caseRow, decision, opened: false };
    }
    const [site] = await tx.select({ domain: sites.domain }).from(sites).where(eq(sites.id, seal!.siteId)).limit(1);
    const caseRow = await insertCase(tx, {
      kind: 'authority',
      organizationId: seal!.organizationId,
      sealId: seal!.id,
      domain: site?.domain ?? null,
      title: `Revocation of ${seal!.publicId} proposed by the seal authority`,
      status: 'open',
      assignedReviewerId: actor.id,
      openedById: actor.id,
      fastTrack: false,
      openedAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, { actorId: actor.id, action: 'case.open', entityType: 'case', entityId: caseRow.id, after: { ...caseAuditSnapshot(caseRow), seal: seal!.publicId, from: 'seal page' }, at: now });
    const decision = await recordRevocationProposal(tx, ctx, actor, caseRow, proposal, now, { from: 'seal page' });
    return { caseRow, decision, opened: true };
  });
}
