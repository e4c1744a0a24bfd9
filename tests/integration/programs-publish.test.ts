import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, criteria, criteriaVersions } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import type { ProgramCatalogue } from '@/lib/programs/catalogue/types';
import { getCriteriaVersion, getCurrentCriteriaVersion, getProgramBySlug, listPrograms } from '@/lib/programs/queries';
import { createCriteriaDraft } from '@/lib/services/programs/create-criteria-draft';
import { publishCriteriaVersion } from '@/lib/services/programs/publish-criteria-version';
import { removeDraftCriterion } from '@/lib/services/programs/remove-draft-criterion';
import { updateDraftChangeNote } from '@/lib/services/programs/update-draft-change-note';
import { updateDraftCriterion } from '@/lib/services/programs/update-draft-criterion';
import { ConflictError, ForbiddenError, ValidationError } from '@/lib/services/errors';
import type { ServiceContext } from '@/lib/services/context';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';

let database: TestDatabase;
let admin: ServiceContext;
beforeAll(async () => {
  database = await freshDatabase();
  admin = contextFor(database.db, actorOf(await seedUser(database.db, { role: 'admin' })));
});
afterAll(async () => {
  await database?.close();
});

const criterion = (code: string, title = `Title of ${code}`) => ({
  code,
  title,
  guidance: `What a reviewer looks for in ${code}. Concretely.`,
  requirement: 'mandatory' as const,
  question: `How do you handle ${code}?`,
  evidencePrompt: null,
  evidenceRequired: false,
  commitments: [],
});

/** A program of its own for each test, published as version 1 with two criteria. */
async function seedProgram() {
  const slug = `test-program-${crypto.randomBytes(4).toString('hex')}`;
  const catalogue: ProgramCatalogue = {
    slug,
    name: `Test program ${slug}`,
    summary: 'For tests.',
    sealValidityMonths: 6,
    firstVersion: { changeNote: 'First.', criteria: [criterion('privacy-notice'), criterion('change-of-control')] },
  };
  return (await ensureDefaultProgram(database.db, createTestClock(), catalogue)).program;
}

async function draftOf(programId: string) {
  return createCriteriaDraft({ ctx: admin, input: { programId } });
}

describe(`publishCriteriaVersion (${testDriver})`, () => {
  it('makes version 2 current for new applications, while version 1 stays readable and unchanged', async () => {
    const program = await seedProgram();
    const v1 = (await getCurrentCriteriaVersion(database.db, program.id))!;
    const draft = await draftOf(program.id);
    await updateDraftCriterion({ ctx: admin, input: { ...criterion('privacy-notice', 'A privacy policy on every page'), criteriaVersionId: draft.id } });

    // A draft is nobody's current version, and not public.
    expect((await getCurrentCriteriaVersion(database.db, program.id))!.id).toBe(v1.id);
    expect((await getProgramBySlug(database.db, program.slug))!.versions.map((version) => version.version)).toEqual([1]);

    const clock = createTestClock(new Date('2027-03-01T12:00:00Z'));
    const published = await publishCriteriaVersion({ ctx: { ...admin, clock }, input: { criteriaVersionId: draft.id, changeNote: 'Clearer title for the notice.' } });
    expect(published).toMatchObject({ version: 2, status: 'published', changeNote: 'Clearer title for the notice.', publishedAt: new Date('2027-03-01T12:00:00Z') });

    const current = (await getCurrentCriteriaVersion(database.db, program.id))!;
    expect(current).toMatchObject({ id: draft.id, version: 2 });
    expect(current.criteria.map((row) => row.title)).toEqual(['A privacy policy on every page', 'Title of change-of-control']);

    const publicProgram = (await getProgramBySlug(database.db, program.slug))!;
    expect(publicProgram.currentVersion).toBe(2);
    expect(publicProgram.versions.map((version) => version.version)).toEqual([2, 1]);
    expect(publicProgram.versions[1]).toEqual(v1);
    expect(await getCriteriaVersion(database.db, v1.id)).toEqual(v1);
    expect((await listPrograms(database.db)).find((row) => row.id === program.id)?.currentVersion).toBe(2);
  });

  it('records the publication with the admin, the note and the criteria codes', async () => {
    const program = await seedProgram();
    const draft = await draftOf(program.id);
    await publishCriteriaVersion({ ctx: admin, input: { criteriaVersionId: draft.id, changeNote: 'Nothing but a test.' } });
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, draft.id), eq(auditEvents.action, 'criteria-version.publish')));
    expect(event).toMatchObject({
      actorId: admin.actor!.id,
      before: { status: 'draft', changeNote: '' },
      after: { status: 'published', version: 2, changeNote: 'Nothing but a test.', criteria: ['privacy-notice', 'change-of-control'] },
    });
  });

  it('uses the saved change note when none is given, and refuses a version without one', async () => {
    const program = await seedProgram();
    const draft = await draftOf(program.id);
    const error = await rejectionOf(publishCriteriaVersion({ ctx: admin, input: { criteriaVersionId: draft.id, changeNote: '   ' } }), ValidationError);
    expect(error.fieldErrors).toEqual({ changeNote: ['Write a change note: what changed since version 1, for applicants and the public.'] });
    expect((await getCriteriaVersion(database.db, draft.id))!.status).toBe('draft');

    await updateDraftChangeNote({ ctx: admin, input: { criteriaVersionId: draft.id, changeNote: 'Saved beforehand.' } });
    const published = await publishCriteriaVersion({ ctx: admin, input: { criteriaVersionId: draft.id } });
    expect(published.changeNote).toBe('Saved beforehand.');
  });

  it('refuses an empty version', async () => {
    const program = await seedProgram();
    const draft = await draftOf(program.id);
    for (const code of ['privacy-notice', 'change-of-control']) await removeDraftCriterion({ ctx: admin, input: { criteriaVersionId: draft.id, code } });
    const error = await rejectionOf(publishCriteriaVersion({ ctx: admin, input: { criteriaVersionId: draft.id, changeNote: 'Empty.' } }), ConflictError);
    expect(error.message).toBe('Version 2 has no criteria. Add at least one before publishing.');
    expect((await getCurrentCriteriaVersion(database.db, program.id))!.version).toBe(1);
  });

  it('refuses to publish twice, keeping the first publication as it was', async () => {
    const program = await seedProgram();
    const draft = await draftOf(program.id);
    const first = await publishCriteriaVersion({ ctx: admin, input: { criteriaVersionId: draft.id, changeNote: 'First publication.' } });
    const error = await rejectionOf(publishCriteriaVersion({ ctx: admin, input: { criteriaVersionId: draft.id, changeNote: 'Second.' } }), ConflictError);
    expect(error.message).toBe('Version 2 is already published.');
    expect(await getCriteriaVersion(database.db, draft.id)).toMatchObject({ changeNote: 'First publication.', publishedAt: first.publishedAt });
  });

  it('lets only one of two simultaneous publications succeed', async () => {
    const program = await seedProgram();
    const draft = await draftOf(program.id);
    const results = await Promise.allSettled([1, 2].map((n) => publishCriteriaVersion({ ctx: admin, input: { criteriaVersionId: draft.id, changeNote: `Attempt ${n}.` } })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ConflictError);
  });

  it.each(['applicant', 'reviewer'] as const)('refuses an actor who is only %s', async (role) => {
    const program = await seedProgram();
    const draft = await draftOf(program.id);
    const ctx = contextFor(database.db, actorOf(await seedUser(database.db, { role })));
    await rejectionOf(publishCriteriaVersion({ ctx, input: { criteriaVersionId: draft.id, changeNote: 'Not mine to publish.' } }), ForbiddenError);
    expect((await getCriteriaVersion(database.db, draft.id))!.status).toBe('draft');
  });

  it('after publishing, the next draft is version 3 and the trigger holds version 2 too', async () => {
    const program = await seedProgram();
    const v2 = await draftOf(program.id);
    await publishCriteriaVersion({ ctx: admin, input: { criteriaVersionId: v2.id, changeNote: 'Two.' } });
    const v3 = await draftOf(program.id);
    expect(v3.version).toBe(3);
    await expect(database.db.update(criteria).set({ title: 'Tampered' }).where(eq(criteria.criteriaVersionId, v2.id))).rejects.toThrow();
    await expect(database.db.update(criteriaVersions).set({ changeNote: 'Tampered' }).where(eq(criteriaVersions.id, v2.id))).rejects.toThrow();
    // The draft beside it is still editable directly: the trigger guards published versions only.
    await database.db.update(criteria).set({ title: 'Draft edit' }).where(and(eq(criteria.criteriaVersionId, v3.id), eq(criteria.code, 'privacy-notice')));
    expect((await getCriteriaVersion(database.db, v2.id))!.criteria.map((row) => row.title)).toEqual(['Title of privacy-notice', 'Title of change-of-control']);
  });
});
