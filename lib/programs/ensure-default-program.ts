import { eq } from 'drizzle-orm';
import { criteria, criteriaVersions, programs, type Program } from '@/db/schema';
import type { Database } from '@/db/client';
import { nowDate, type Clock } from '@/lib/clock';
import { recordAudit } from '@/lib/services/audit';
import { privacySeal } from './catalogue/privacy-seal';
import type { ProgramCatalogue } from './catalogue/types';

/**
 * Writes the default program and its first published criteria version, once. Every process calls it
 * when it opens the database (lib/runtime.ts), so a new installation — embedded or PostgreSQL, with or
 * without demo data — always has a program to apply to. When the program exists nothing is touched:
 * from then on its criteria change only through drafts an admin publishes, never from this file.
 */
export async function ensureDefaultProgram(db: Database, clock: Clock, catalogue: ProgramCatalogue = privacySeal): Promise<{ program: Program; created: boolean }> {
  const now = nowDate(clock);
  return db.transaction(async (tx) => {
    // ON CONFLICT rather than a check first: two instances starting at once on one PostgreSQL
    // server would both see no program; the unique slug lets exactly one insert it.
    const [program] = await tx
      .insert(programs)
      .values({ slug: catalogue.slug, name: catalogue.name, summary: catalogue.summary, sealValidityMonths: catalogue.sealValidityMonths, createdAt: now })
      .onConflictDoNothing({ target: programs.slug })
      .returning();
    if (!program) {
      const [existing] = await tx.select().from(programs).where(eq(programs.slug, catalogue.slug)).limit(1);
      return { program: existing!, created: false };
    }
    await recordAudit(tx, {
      actorId: null,
      action: 'program.create',
      entityType: 'program',
      entityId: program.id,
      after: { slug: program.slug, name: program.name, sealValidityMonths: program.sealValidityMonths, source: 'catalogue' },
      at: now,
    });

    // Inserted as a draft with its criteria, then published: the trigger closes a published
    // version to new criteria, exactly as it does for an admin's draft.
    const [version] = await tx
      .insert(criteriaVersions)
      .values({ programId: program.id, version: 1, status: 'draft', changeNote: catalogue.firstVersion.changeNote, createdAt: now })
      .returning();
    await tx.insert(criteria).values(catalogue.firstVersion.criteria.map((criterion, index) => ({ ...criterion, criteriaVersionId: version!.id, position: index + 1 })));
    await tx.update(criteriaVersions).set({ status: 'published', publishedAt: now }).where(eq(criteriaVersions.id, version!.id));
    await recordAudit(tx, {
      actorId: null,
      action: 'criteria-version.publish',
      entityType: 'criteria-version',
      entityId: version!.id,
      after: {
        programId: program.id,
        version: 1,
        changeNote: catalogue.firstVersion.changeNote,
        criteria: catalogue.firstVersion.criteria.map((criterion) => criterion.code),
        source: 'catalogue',
      },
      at: now,
    });
    return { program, created: true };
  });
}
