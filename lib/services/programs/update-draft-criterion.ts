import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { criteria } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { criteriaVersionIdField, criterionCodeField, criterionContentShape, criterionSnapshot, evidenceRule, evidenceRuleMessage, lockDraftVersion } from './fields';

export const UpdateDraftCriterionInput = z
  .object({ criteriaVersionId: criteriaVersionIdField, code: criterionCodeField, ...criterionContentShape })
  .refine(evidenceRule, evidenceRuleMessage);

/** Rewrites one criterion of a draft. Its code, the criterion's public id, does not change. */
export async function updateDraftCriterion({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const { criteriaVersionId, code, ...content } = parseInput(UpdateDraftCriterionInput, input);
  const now = nowDate(ctx.clock);

  return ctx.db.transaction(async (tx) => {
    const version = await lockDraftVersion(tx, criteriaVersionId);
    const where = and(eq(criteria.criteriaVersionId, criteriaVersionId), eq(criteria.code, code));
    const [before] = await tx.select().from(criteria).where(where).limit(1);
    if (!before) throw new NotFoundError(`Version ${version.version} has no criterion “${code}”; it may have been removed.`);
    const [after] = await tx.update(criteria).set(content).where(where).returning();
    if (!after) throw new ConflictError('The criterion changed meanwhile; reload and try again.');
    await recordAudit(tx, {
      actorId: admin.id,
      action: 'criterion.update',
      entityType: 'criteria-version',
      entityId: criteriaVersionId,
      before: criterionSnapshot(before),
      after: criterionSnapshot(after),
      at: now,
    });
    return after;
  });
}
