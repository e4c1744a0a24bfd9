import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { criteriaVersions } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { changeNoteField, criteriaVersionIdField, lockDraftVersion, publishedMessage } from './fields';

const Input = z.object({ criteriaVersionId: criteriaVersionIdField, changeNote: changeNoteField });

/** The draft's note to applicants and the public on what changed from the previous version. */
export async function updateDraftChangeNote({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const { criteriaVersionId, changeNote } = parseInput(Input, input);
  const now = nowDate(ctx.clock);

  return ctx.db.transaction(async (tx) => {
    const before = await lockDraftVersion(tx, criteriaVersionId);
    const [after] = await tx
      .update(criteriaVersions)
      .set({ changeNote })
      .where(and(eq(criteriaVersions.id, criteriaVersionId), eq(criteriaVersions.status, 'draft')))
      .returning();
    if (!after) throw new ConflictError(publishedMessage(before.version));
    await recordAudit(tx, {
      actorId: admin.id,
      action: 'criteria-version.update-change-note',
      entityType: 'criteria-version',
      entityId: criteriaVersionId,
      before: { changeNote: before.changeNote },
      after: { changeNote: after.changeNote },
      at: now,
    });
    return after;
  });
}
