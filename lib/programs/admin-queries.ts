import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { criteria, criteriaVersions, programs, type CriteriaVersion, type Program } from '@/db/schema';
import type { Executor } from '@/db/client';
import { attachCriteria, type CriteriaVersionWithCriteria } from './queries';

/** For the admin pages only: unlike the public queries, these see drafts. */

export type AdminProgram = Program & { versions: Array<CriteriaVersion & { criteriaCount: number }> };

/** Every program with all its versions, newest first, and how many criteria each holds. */
export async function listProgramsForAdmin(db: Executor): Promise<AdminProgram[]> {
  const rows = await db.select().from(programs).orderBy(asc(programs.name));
  if (rows.length === 0) return [];
  const versions = await db
    .select()
    .from(criteriaVersions)
    .where(
      inArray(
        criteriaVersions.programId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(desc(criteriaVersions.version));
  const counts =
    versions.length === 0
      ? []
      : await db
          .select({ criteriaVersionId: criteria.criteriaVersionId, n: count() })
          .from(criteria)
          .where(
            inArray(
              criteria.criteriaVersionId,
              versions.map((version) => version.id),
            ),
          )
          .groupBy(criteria.criteriaVersionId);
  const countOf = new Map(counts.map((row) => [row.criteriaVersionId, Number(row.n)]));
  return rows.map((program) => ({
    ...program,
    versions: versions.filter((version) => version.programId === program.id).map((version) => ({ ...version, criteriaCount: countOf.get(version.id) ?? 0 })),
  }));
}

/** A program by slug with its open draft (criteria by position), if any. */
export async function getProgramDraft(db: Executor, slug: string): Promise<{ program: Program; draft: CriteriaVersionWithCriteria | null } | null> {
  const [program] = await db.select().from(programs).where(eq(programs.slug, slug)).limit(1);
  if (!program) return null;
  const [draft] = await db
    .select()
    .from(criteriaVersions)
    .where(and(eq(criteriaVersions.programId, program.id), eq(criteriaVersions.status, 'draft')))
    .limit(1);
  const [withCriteria] = draft ? await attachCriteria(db, [draft]) : [];
  return { program, draft: withCriteria ?? null };
}
