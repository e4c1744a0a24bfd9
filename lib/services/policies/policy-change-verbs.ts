import { z } from 'zod';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { policyChanges, policyMonitors, seals, type PolicyChange } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { assertNoConflict } from '../reviews/conflicts';
import { requireMembership } from '../organizations/membership';

/*
 * What people do with a policy change the monitor found (issue #16): a reviewer accepts it as the
 * new certified text (one change from the seal page or the complaint, or many editorial ones at
 * once from the list), and the holder explains it in the portal.
 */

const AcceptPolicyChangesInput = z.object({
  changeIds: z.array(z.uuid({ message: 'Choose the changes to accept.' })).min(1, 'Choose at least one change to accept.').max(100, 'Accept at most 100 changes at once.'),
  note: z.string().trim().min(5, 'Say why the new text may be certified (at least 5 characters): it goes into the audit trail.').max(2000),
});

/**
 * A reviewer free of a conflict with each holder makes each change's text the certified one: later
 * checks compare against it. Only a seal's newest change, and only while it is open, can be
 * accepted; all or none of the chosen changes are, in one transaction with an audit event each.
 */
export async function acceptPolicyChanges({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<PolicyChange[]> {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(AcceptPolicyChangesInput, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const chosen = await tx
      .select({ change: policyChanges, organizationId: seals.organizationId, publicId: seals.publicId })
      .from(policyChanges)
      .innerJoin(seals, eq(seals.id, policyChanges.sealId))
      .where(inArray(policyChanges.id, data.changeIds));
    if (chosen.length !== new Set(data.changeIds).size) throw new NotFoundError('One of the chosen changes does not exist.');
    const accepted: PolicyChange[] = [];
    for (const { change, organizationId, publicId } of chosen) {
      await assertNoConflict(tx, actor.id, organizationId, 'its seals');
      const [newest] = await tx.select({ id: policyChanges.id }).from(policyChanges).where(eq(policyChanges.sealId, change.sealId)).orderBy(desc(policyChanges.fetchedAt)).limit(1);
      if (newest?.id !== change.id) throw new ConflictError(`The policy of seal ${publicId} changed again since; accept its newest text instead.`);
      const [done] = await tx
        .update(policyChanges)
        .set({ state: 'accepted', acceptedById: actor.id, acceptedAt: now, acceptNote: data.note })
        .where(and(eq(policyChanges.id, change.id), eq(policyChanges.state, 'open')))
        .returning();
      if (!done) throw new ConflictError(`The change to the policy of seal ${publicId} was already accepted.`);
      const [monitor] = await tx
        .update(policyMonitors)
        .set({ url: change.url, certifiedText: change.text, certifiedSha256: change.sha256, certifiedAt: now, certifiedById: actor.id, lastOutcome: null, updatedAt: now })
        .where(eq(policyMonitors.sealId, change.sealId))
        .returning({ before: policyMonitors.certifiedSha256 });
      if (!monitor) throw new ConflictError(`Seal ${publicId}'s policy is no longer watched (it was renewed on a pasted policy, or ended).`);
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'policy.accept-change',
        entityType: 'seal',
        entityId: change.sealId,
        before: { certifiedSha256: change.certifiedSha256 },
        after: { certifiedSha256: change.sha256, change: change.id, classification: change.classification, note: data.note },
        at: now,
      });
      accepted.push(done);
    }
    return accepted;
  });
}

const ExplainPolicyChangeInput = z.object({
  changeId: z.uuid({ message: 'This change does not exist.' }),
  explanation: z.string().trim().min(10, 'Explain the change in a sentence or two (at least 10 characters).').max(4000, 'Keep the explanation under 4,000 characters.'),
});

/** A member of the holder explains a change to its policy; reviewers read it beside the diff. Writing again replaces it. */
export async function explainPolicyChange({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<PolicyChange> {
  requireRole(ctx.actor, 'applicant');
  const data = parseInput(ExplainPolicyChangeInput, input);
  const [found] = await ctx.db
    .select({ change: policyChanges, organizationId: seals.organizationId })
    .from(policyChanges)
    .innerJoin(seals, eq(seals.id, policyChanges.sealId))
    .where(eq(policyChanges.id, data.changeId))
    .limit(1);
  if (!found) throw new NotFoundError('This change does not exist.');
  const { actor } = await requireMembership(ctx.db, ctx.actor, found.organizationId);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [explained] = await tx
      .update(policyChanges)
      .set({ holderExplanation: data.explanation, explainedById: actor.id, explainedAt: now })
      .where(eq(policyChanges.id, found.change.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'policy.explain-change',
      entityType: 'seal',
      entityId: found.change.sealId,
      before: found.change.holderExplanation ? { explanation: found.change.holderExplanation } : null,
      after: { change: found.change.id, explanation: data.explanation },
      at: now,
    });
    return explained!;
  });
}
