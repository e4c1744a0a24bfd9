import { z } from 'zod';
import { and, asc, eq } from 'drizzle-orm';
import { criteria, criteriaVersions } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { changeNoteField, criteriaVersionIdField, versionSnapshot } from './fields';

const Input = z.object({
  criteriaVersionId: criteriaVersionIdField,
  /** Given, it replaces the draft's saved note in the same step (and must not be empty); left out, the saved note is used. */
  changeNote: changeNoteField.optional(),
});

/**
 * Publishes a draft: from now on it is the program's current version, the one new applications
 * are made under. Applications and seals keep the version they were made under, and a published
 * version never changes again (the trigger of migration 0003 holds it).
 */
export async function publishCriteriaVersion({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const data = parseInput(Input, input);
  const now = nowDate(ctx.clock);

  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(criteriaVersions).where(eq(criteriaVersions.id, data.criteriaVersionId)).for('update').limit(1);
    if (!before) throw new NotFoundError('This criteria version does not exist; it may have been discarded.');
    if (before.status === 'published') throw new ConflictError(`Version ${before.version} is already published.`);

    const changeNote = data.changeNote ?? before.changeNote.trim();
    if (!changeNote) {
      const message = `Write a change note: what changed since version ${before.version - 1}, for applicants and the public.`;
      throw new ValidationError(message, { changeNote: [message] });
    }
    const codes = await tx
      .select({ code: criteria.code })
      .from(criteria)
      .where(eq(criteria.criteriaVersionId, before.id))
      .orderBy(asc(criteria.position));
    if (codes.length === 0) throw new ConflictError(`Version ${before.version} has no criteria. Add at least one before publishing.`);

    const [after] = await tx
      .update(criteriaVersions)
      .set({ status: 'published', publishedAt: now, changeNote })
      .where(and(eq(criteriaVersions.id, before.id), eq(criteriaVersions.status, 'draft')))
      .returning();
    if (!after) throw new ConflictError(`Version ${before.version} is already published.`);
    await recordAudit(tx, {
      actorId: admin.id,
      action: 'criteria-version.publish',
      entityType: 'criteria-version',
      entityId: after.id,
      before: versionSnapshot(before),
      after: { ...versionSnapshot(after), criteria: codes.map((row) => row.code) },
      at: now,
    });
    return after;
  });
}
