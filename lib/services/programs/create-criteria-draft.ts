import { z } from 'zod';
import { and, desc, eq } from 'drizzle-orm';
import { criteria, criteriaVersions, programs } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { isUniqueViolation, programIdField, versionSnapshot } from './fields';

const Input = z.object({ programId: programIdField });

/**
 * Starts version N+1 of a program's criteria as a copy of the latest published version, for an
 * admin to revise and publish. A program has at most one draft: two drafts would race to become
 * the same next version.
 */
export async function createCriteriaDraft({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const { programId } = parseInput(Input, input);
  const now = nowDate(ctx.clock);

  try {
    return await ctx.db.transaction(async (tx) => {
      // Serialises draft creation per program; the unique (program, version) index backs it up.
      const [program] = await tx.select().from(programs).where(eq(programs.id, programId)).for('update').limit(1);
      if (!program) throw new NotFoundError('This program does not exist.');
      const [draft] = await tx
        .select()
        .from(criteriaVersions)
        .where(and(eq(criteriaVersions.programId, programId), eq(criteriaVersions.status, 'draft')))
        .limit(1);
      if (draft) throw new ConflictError(`Version ${draft.version} is already being drafted. Edit it, or discard it before starting another.`);

      const [latest] = await tx
        .select()
        .from(criteriaVersions)
        .where(and(eq(criteriaVersions.programId, programId), eq(criteriaVersions.status, 'published')))
        .orderBy(desc(criteriaVersions.version))
        .limit(1);
      const [created] = await tx
        .insert(criteriaVersions)
        .values({ programId, version: (latest?.version ?? 0) + 1, status: 'draft', changeNote: '', createdAt: now })
        .returning();
      const copied = latest ? await tx.select().from(criteria).where(eq(criteria.criteriaVersionId, latest.id)) : [];
      if (copied.length > 0) {
        await tx.insert(criteria).values(copied.map((criterion) => ({ ...criterion, criteriaVersionId: created!.id })));
      }
      await recordAudit(tx, {
        actorId: admin.id,
        action: 'criteria-version.create-draft',
        entityType: 'criteria-version',
        entityId: created!.id,
        after: { ...versionSnapshot(created!), programSlug: program.slug, copiedFromVersion: latest?.version ?? null, criteria: copied.map((criterion) => criterion.code) },
        at: now,
      });
      return created!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('Another draft of this program was started at the same moment. Reload to see it.');
    throw error;
  }
}
