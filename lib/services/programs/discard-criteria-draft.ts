import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { criteria, criteriaVersions } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { criteriaVersionIdField, lockDraftVersion, publishedMessage, versionSnapshot } from './fields';

const Input = z.object({ criteriaVersionId: criteriaVersionIdField });

/**
 * Throws a draft away with its criteria. Nothing refers to a draft (applications are made under
 * published versions only), so it is deleted; the audit event keeps what it held.
 */
export async function discardCriteriaDraft({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const { criteriaVersionId } = parseInput(Input, input);
  const now = nowDate(ctx.clock);

  return ctx.db.transaction(async (tx) => {
    const version = await lockDraftVersion(tx, criteriaVersionId);
    const removed = await tx.delete(criteria).where(eq(criteria.criteriaVersionId, criteriaVersionId)).returning({ code: criteria.code });
    const [discarded] = await tx
      .delete(criteriaVersions)
      .where(and(eq(criteriaVersions.id, criteriaVersionId), eq(criteriaVersions.status, 'draft')))
      .returning();
    if (!discarded) throw new ConflictError(publishedMessage(version.version));
    await recordAudit(tx, {
      actorId: admin.id,
      action: 'criteria-version.discard',
      entityType: 'criteria-version',
      entityId: criteriaVersionId,
      before: { ...versionSnapshot(version), criteria: removed.map((row) => row.code) },
      at: now,
    });
    return discarded;
  });
}
