import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, criteria, criteriaVersions } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import type { ProgramCatalogue } from '@/lib/programs/catalogue/types';
import { getCurrentCriteriaVersion, getProgramBySlug } from '@/lib/programs/queries';
import { addDraftCriterion } from '@/lib/services/programs/add-draft-criterion';
import { createCriteriaDraft } from '@/lib/services/programs/create-criteria-draft';
import { discardCriteriaDraft } from '@/lib/services/programs/discard-criteria-draft';
import { removeDraftCriterion } from '@/lib/services/programs/remove-draft-criterion';
import { updateDraftChangeNote } from '@/lib/services/programs/update-draft-change-note';
import { updateDraftCriterion } from '@/lib/services/programs/update-draft-criterion';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
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
  evidencePrompt: `Quote your policy on ${code}.`,
  evidenceRequired: true,
  commitments: code === 'change-of-control' ? ['Never sold as a stand-alone asset.'] : [],
});

/** A program of its own for each test, published as version 1 with two criteria. */
async function seedProgram() {
  const slug = `test-program-${crypto.randomBytes(4).toString('hex')}`;
  const catalogue: ProgramCatalogue = {
    slug,
    name: `Test program ${slug}`,
    summary: 'For tests.',
    sealValidityMonths: 12,
    firstVersion: { changeNote: 'First.', criteria: [criterion('privacy-notice'), criterion('change-of-control')] },
  };
  const { program } = await ensureDefaultProgram(database.db, createTestClock(), catalogue);
  return program;
}

const edit = (criteriaVersionId: string, code: string, title: string) => ({ ...criterion(code, title), criteriaVersionId });

async function auditOf(entityId: string) {
  return database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'criteria-version'), eq(auditEvents.entityId, entityId)));
}

describe(`createCriteriaDraft (${testDriver})`, () => {
  it.each(['applicant', 'reviewer'] as const)('refuses an actor who is only %s, and drafts nothing', async (role) => {
    const program = await seedProgram();
    const ctx = contextFor(database.db, actorOf(await seedUser(database.db, { role })));
    const error = await rejectionOf(createCriteriaDraft({ ctx, input: { programId: program.id } }), ForbiddenError);
    expect(error.message).toBe('Only an administrator can do this.');
    expect(await database.db.select().from(criteriaVersions).where(eq(criteriaVersions.programId, program.id))).toHaveLength(1);
  });

  it('asks an anonymous caller to sign in', async () => {
    const program = await seedProgram();
    await rejectionOf(createCriteriaDraft({ ctx: contextFor(database.db, null), input: { programId: program.id } }), UnauthenticatedError);
  });

  it('copies the latest published criteria into draft version 2, audited with the admin as actor', async () => {
    const program = await seedProgram();
    const draft = await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
    expect(draft).toMatchObject({ programId: program.id, version: 2, status: 'draft', publishedAt: null, changeNote: '' });
    const copied = await database.db.select().from(criteria).where(eq(criteria.criteriaVersionId, draft.id));
    expect(copied.map((row) => [row.position, row.code])).toEqual([
      [1, 'privacy-notice'],
      [2, 'change-of-control'],
    ]);
    expect(copied[1]!.commitments).toEqual(['Never sold as a stand-alone asset.']);
    const [event] = await auditOf(draft.id);
    expect(event).toMatchObject({ action: 'criteria-version.create-draft', actorId: admin.actor!.id, after: { version: 2, copiedFromVersion: 1 } });
  });

  it('refuses a second draft while one is open, naming its version', async () => {
    const program = await seedProgram();
    await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
    const error = await rejectionOf(createCriteriaDraft({ ctx: admin, input: { programId: program.id } }), ConflictError);
    expect(error.message).toMatch(/^Version 2 is already being drafted\./);
    expect(await database.db.select().from(criteriaVersions).where(eq(criteriaVersions.programId, program.id))).toHaveLength(2);
  });

  it('lets two admins race: exactly one draft is created', async () => {
    const program = await seedProgram();
    const results = await Promise.allSettled([0, 1, 2].map(() => createCriteriaDraft({ ctx: admin, input: { programId: program.id } })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConflictError);
  });

  it('answers an unknown program with NotFound', async () => {
    await rejectionOf(createCriteriaDraft({ ctx: admin, input: { programId: crypto.randomUUID() } }), NotFoundError);
  });
});

describe(`editing a draft (${testDriver})`, () => {
  it('updates, adds and removes criteria and the change note, each audited', async () => {
    const program = await seedProgram();
    const draft = await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });

    const updated = await updateDraftCriterion({ ctx: admin, input: { ...edit(draft.id, 'privacy-notice', 'A policy on every page'), requirement: 'recommended', evidenceRequired: false, evidencePrompt: '  ' } });
    expect(updated).toMatchObject({ code: 'privacy-notice', position: 1, title: 'A policy on every page', requirement: 'recommended', evidencePrompt: null, evidenceRequired: false });

    const added = await addDraftCriterion({ ctx: admin, input: { ...edit(draft.id, 'data-retention', 'Retention'), commitments: ['We delete what we no longer need.'] } });
    expect(added).toMatchObject({ position: 3, commitments: ['We delete what we no longer need.'] });
    await removeDraftCriterion({ ctx: admin, input: { criteriaVersionId: draft.id, code: 'change-of-control' } });
    await updateDraftChangeNote({ ctx: admin, input: { criteriaVersionId: draft.id, changeNote: '  Retention added.  ' } });

    const rows = await database.db.select().from(criteria).where(eq(criteria.criteriaVersionId, draft.id));
    expect(rows.map((row) => row.code).sort()).toEqual(['data-retention', 'privacy-notice']);
    const [version] = await database.db.select().from(criteriaVersions).where(eq(criteriaVersions.id, draft.id));
    expect(version!.changeNote).toBe('Retention added.');
    expect((await auditOf(draft.id)).map((event) => event.action).sort()).toEqual(
      ['criteria-version.create-draft', 'criteria-version.update-change-note', 'criterion.add', 'criterion.remove', 'criterion.update'].sort(),
    );
  });

  it('refuses a code used twice within the version, and one that is not kebab-case', async () => {
    const program = await seedProgram();
    const draft = await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
    const duplicate = await rejectionOf(addDraftCriterion({ ctx: admin, input: edit(draft.id, 'privacy-notice', 'Again') }), ValidationError);
    expect(duplicate.fieldErrors.code).toEqual(['Version 2 already has a criterion with the code “privacy-notice”. Choose another code, or edit that criterion.']);
    for (const code of ['Privacy Notice', 'privacy--notice', '-notice', 'notice_1']) {
      const invalid = await rejectionOf(addDraftCriterion({ ctx: admin, input: edit(draft.id, code, 'Bad') }), ValidationError);
      expect(invalid.fieldErrors.code).toEqual(['Use lowercase letters, digits and single hyphens, like change-of-control.']);
    }
  });

  it('refuses empty required fields, and evidence required without saying which', async () => {
    const program = await seedProgram();
    const draft = await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
    const error = await rejectionOf(
      updateDraftCriterion({ ctx: admin, input: { ...edit(draft.id, 'privacy-notice', '  '), question: '', evidencePrompt: '', evidenceRequired: true } }),
      ValidationError,
    );
    expect(error.fieldErrors).toMatchObject({ title: ['Enter the title.'], question: ['Enter the question.'] });
    const evidence = await rejectionOf(updateDraftCriterion({ ctx: admin, input: { ...edit(draft.id, 'privacy-notice', 'Fine'), evidencePrompt: '' } }), ValidationError);
    expect(evidence.fieldErrors).toEqual({ evidencePrompt: ['Say what evidence is required, or make evidence optional.'] });
  });

  it('answers a criterion that is not in the draft with NotFound', async () => {
    const program = await seedProgram();
    const draft = await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
    await rejectionOf(updateDraftCriterion({ ctx: admin, input: edit(draft.id, 'no-such-code', 'x') }), NotFoundError);
    await rejectionOf(removeDraftCriterion({ ctx: admin, input: { criteriaVersionId: draft.id, code: 'no-such-code' } }), NotFoundError);
  });

  it('refuses every edit of a published version through the verbs, leaving it unchanged', async () => {
    const program = await seedProgram();
    const published = (await getCurrentCriteriaVersion(database.db, program.id))!;
    const message = 'Version 1 is published and cannot change. Start a new draft to revise the criteria.';
    const attempts = [
      () => updateDraftCriterion({ ctx: admin, input: edit(published.id, 'privacy-notice', 'Rewritten') }),
      () => addDraftCriterion({ ctx: admin, input: edit(published.id, 'sneaked-in', 'New') }),
      () => removeDraftCriterion({ ctx: admin, input: { criteriaVersionId: published.id, code: 'change-of-control' } }),
      () => updateDraftChangeNote({ ctx: admin, input: { criteriaVersionId: published.id, changeNote: 'Rewritten' } }),
      () => discardCriteriaDraft({ ctx: admin, input: { criteriaVersionId: published.id } }),
    ];
    for (const attempt of attempts) expect((await rejectionOf(attempt(), ConflictError)).message).toBe(message);
    expect(await getCurrentCriteriaVersion(database.db, program.id)).toEqual(published);
  });

  it.each(['applicant', 'reviewer'] as const)('refuses every draft verb to an actor who is only %s', async (role) => {
    const program = await seedProgram();
    const draft = await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
    const ctx = contextFor(database.db, actorOf(await seedUser(database.db, { role })));
    const attempts = [
      () => updateDraftCriterion({ ctx, input: edit(draft.id, 'privacy-notice', 'Rewritten') }),
      () => addDraftCriterion({ ctx, input: edit(draft.id, 'new-one', 'New') }),
      () => removeDraftCriterion({ ctx, input: { criteriaVersionId: draft.id, code: 'privacy-notice' } }),
      () => updateDraftChangeNote({ ctx, input: { criteriaVersionId: draft.id, changeNote: 'x' } }),
      () => discardCriteriaDraft({ ctx, input: { criteriaVersionId: draft.id } }),
    ];
    for (const attempt of attempts) await rejectionOf(attempt(), ForbiddenError);
    expect(await database.db.select().from(criteria).where(eq(criteria.criteriaVersionId, draft.id))).toHaveLength(2);
    expect((await auditOf(draft.id)).map((event) => event.action)).toEqual(['criteria-version.create-draft']);
  });
});

describe(`discardCriteriaDraft (${testDriver})`, () => {
  it('deletes the draft and its criteria, audited, so a new draft can start', async () => {
    const program = await seedProgram();
    const draft = await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
    await discardCriteriaDraft({ ctx: admin, input: { criteriaVersionId: draft.id } });
    expect(await database.db.select().from(criteriaVersions).where(eq(criteriaVersions.id, draft.id))).toHaveLength(0);
    expect(await database.db.select().from(criteria).where(eq(criteria.criteriaVersionId, draft.id))).toHaveLength(0);
    const events = await auditOf(draft.id);
    expect(events.find((event) => event.action === 'criteria-version.discard')).toMatchObject({
      actorId: admin.actor!.id,
      before: { version: 2, status: 'draft', criteria: ['privacy-notice', 'change-of-control'] },
    });

    await rejectionOf(discardCriteriaDraft({ ctx: admin, input: { criteriaVersionId: draft.id } }), NotFoundError);
    const next = await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
    expect(next.version).toBe(2);
    expect((await getProgramBySlug(database.db, program.slug))!.currentVersion).toBe(1);
  });
});
