import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { criteria } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { criteriaVersionIdField, criterionCodeField, criterionSnapshot, lockDraftVersion } from './fields';

const Input = z.object({ criteriaVersionId: criteriaVersionIdField, code: criterionCodeField });

/** Removes a criterion from a draft; published versions keep theirs. */
export async function removeDraftCriterion({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const { criteriaVersionId, code } = parseInput(Input, input);
  const now = nowDate(ctx.clock);

  return ctx.db.transaction(async (tx) => {
    const version = await lockDraftVersion(tx, criteriaVersionId);
    const [removed] = await tx
      .delete(criteria)
      .where(and(eq(criteria.criteriaVersionId, criteriaVersionId), eq(criteria.code, code)))
      .returning();
    if (!removed) throw new NotFoundError(`Version ${version.version} has no criterion “${code}”; it may have been removed already.`);
    await recordAudit(tx, { actorId: admin.id, action: 'criterion.remove', entityType: 'criteria-version', entityId: criteriaVersionId, before: criterionSnapshot(removed), at: now });
    return removed;
  });
}
