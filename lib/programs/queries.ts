import { and, asc, desc, eq, inArray, max } from 'drizzle-orm';
import { criteria, criteriaVersions, programs, type CriteriaVersion, type Criterion } from '@/db/schema';
import type { Executor } from '@/db/client';

/**
 * Read-only queries for the public and for other services. They see published criteria versions
 * only — a draft is an admin's work in progress — except getCriteriaVersion, which reads the one
 * version an application or seal names, whatever it is.
 */

export type CriteriaVersionWithCriteria = CriteriaVersion & { criteria: Criterion[] };
export type PublishedCriteriaVersion = CriteriaVersionWithCriteria & { status: 'published'; publishedAt: Date };

export type ProgramListing = { id: string; slug: string; name: string; summary: string; currentVersion: number };

export type PublicProgram = ProgramListing & {
  sealValidityMonths: number;
  /** Days a site has to answer a case notice; shown on the public page, not in the API document. */
  caseResponseDays: number;
  /** Published versions, newest (the current one) first. */
  versions: PublishedCriteriaVersion[];
};

/** Programs that have at least one published version, by name; `currentVersion` is the highest published number. */
export async function listPrograms(db: Executor): Promise<ProgramListing[]> {
  const rows = await db
    .select({ id: programs.id, slug: programs.slug, name: programs.name, summary: programs.summary, currentVersion: max(criteriaVersions.version) })
    .from(programs)
    .innerJoin(criteriaVersions, and(eq(criteriaVersions.programId, programs.id), eq(criteriaVersions.status, 'published')))
    .groupBy(programs.id)
    .orderBy(asc(programs.name));
  return rows.map((row) => ({ ...row, currentVersion: Number(row.currentVersion) }));
}

/** A program with all its published versions and their criteria in order; null when unknown or nothing is published. */
export async function getProgramBySlug(db: Executor, slug: string): Promise<PublicProgram | null> {
  const [program] = await db.select().from(programs).where(eq(programs.slug, slug)).limit(1);
  if (!program) return null;
  const versions = await db
    .select()
    .from(criteriaVersions)
    .where(and(eq(criteriaVersions.programId, program.id), eq(criteriaVersions.status, 'published')))
    .orderBy(desc(criteriaVersions.version));
  if (versions.length === 0) return null;
  const withCriteria = await attachCriteria(db, versions);
  return {
    id: program.id,
    slug: program.slug,
    name: program.name,
    summary: program.summary,
    sealValidityMonths: program.sealValidityMonths,
    caseResponseDays: program.caseResponseDays,
    currentVersion: versions[0]!.version,
    versions: withCriteria as PublishedCriteriaVersion[],
  };
}

/**
 * The version new applications are made under: the program's latest published version, with its
 * criteria by position. Null when the program has none. An application keeps the version it was
 * made under (its criteriaVersionId); publishing a newer one does not move it.
 */
export async function getCurrentCriteriaVersion(db: Executor, programId: string): Promise<PublishedCriteriaVersion | null> {
  const [version] = await db
    .select()
    .from(criteriaVersions)
    .where(and(eq(criteriaVersions.programId, programId), eq(criteriaVersions.status, 'published')))
    .orderBy(desc(criteriaVersions.version))
    .limit(1);
  if (!version) return null;
  const [withCriteria] = await attachCriteria(db, [version]);
  return withCriteria as PublishedCriteriaVersion;
}

/** One version by id, published or draft, with its criteria by position: what an application was made under. */
export async function getCriteriaVersion(db: Executor, criteriaVersionId: string): Promise<CriteriaVersionWithCriteria | null> {
  const [version] = await db.select().from(criteriaVersions).where(eq(criteriaVersions.id, criteriaVersionId)).limit(1);
  if (!version) return null;
  const [withCriteria] = await attachCriteria(db, [version]);
  return withCriteria!;
}

/** The program row alone, by slug (drafts or not): for callers that need its id, e.g. to start an application. */
export async function findProgramBySlug(db: Executor, slug: string) {
  const [program] = await db.select().from(programs).where(eq(programs.slug, slug)).limit(1);
  return program ?? null;
}

export async function attachCriteria(db: Executor, versions: CriteriaVersion[]): Promise<CriteriaVersionWithCriteria[]> {
  if (versions.length === 0) return [];
  const rows = await db
    .select()
    .from(criteria)
    .where(
      inArray(
        criteria.criteriaVersionId,
        versions.map((version) => version.id),
      ),
    )
    .orderBy(asc(criteria.position), asc(criteria.code));
  return versions.map((version) => ({ ...version, criteria: rows.filter((row) => row.criteriaVersionId === version.id) }));
}
