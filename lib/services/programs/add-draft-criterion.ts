import { z } from 'zod';
import { and, eq, max } from 'drizzle-orm';
import { criteria } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ValidationError } from '../errors';
import { parseInput } from '../parse';
import { criteriaVersionIdField, criterionCodeField, criterionContentShape, criterionSnapshot, evidenceRule, evidenceRuleMessage, isUniqueViolation, lockDraftVersion } from './fields';

export const AddDraftCriterionInput = z
  .object({ criteriaVersionId: criteriaVersionIdField, code: criterionCodeField, ...criterionContentShape })
  .refine(evidenceRule, evidenceRuleMessage);

/** Adds a criterion at the end of a draft. Its code must be new within the version. */
export async function addDraftCriterion({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const { criteriaVersionId, code, ...content } = parseInput(AddDraftCriterionInput, input);
  const now = nowDate(ctx.clock);
  const duplicate = (version: number) => {
    const message = `Version ${version} already has a criterion with the code “${code}”. Choose another code, or edit that criterion.`;
    return new ValidationError(message, { code: [message] });
  };

  let versionNumber = 0;
  try {
    return await ctx.db.transaction(async (tx) => {
      const version = await lockDraftVersion(tx, criteriaVersionId);
      versionNumber = version.version;
      const [existing] = await tx
        .select({ code: criteria.code })
        .from(criteria)
        .where(and(eq(criteria.criteriaVersionId, criteriaVersionId), eq(criteria.code, code)))
        .limit(1);
      if (existing) throw duplicate(version.version);
      const [last] = await tx.select({ position: max(criteria.position) }).from(criteria).where(eq(criteria.criteriaVersionId, criteriaVersionId));
      const [added] = await tx
        .insert(criteria)
        .values({ criteriaVersionId, code, position: (last?.position ?? 0) + 1, ...content })
        .returning();
      await recordAudit(tx, { actorId: admin.id, action: 'criterion.add', entityType: 'criteria-version', entityId: criteriaVersionId, after: criterionSnapshot(added!), at: now });
      return added!;
    });
  } catch (error) {
    // The version row lock makes this unreachable in practice; the primary key is the last word.
    if (isUniqueViolation(error)) throw duplicate(versionNumber);
    throw error;
  }
}
