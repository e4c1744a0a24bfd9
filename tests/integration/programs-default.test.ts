import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, criteria, criteriaVersions, programs } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { PRIVACY_SEAL_SLUG, privacySeal } from '@/lib/programs/catalogue/privacy-seal';
import { CRITERION_CODE_PATTERN } from '@/lib/programs/criterion';
import { getCurrentCriteriaVersion, getProgramBySlug, listPrograms } from '@/lib/programs/queries';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';

let database: TestDatabase;
let first: Awaited<ReturnType<typeof ensureDefaultProgram>>;
let second: Awaited<ReturnType<typeof ensureDefaultProgram>>;
beforeAll(async () => {
  database = await freshDatabase();
  first = await ensureDefaultProgram(database.db, createTestClock());
  second = await ensureDefaultProgram(database.db, createTestClock());
});
afterAll(async () => {
  await database?.close();
});

function sentences(text: string) {
  return text.split(/(?<=[.!?])\s+(?=[A-Z"“])/).length;
}

describe(`the default program (${testDriver})`, () => {
  it('is created once: a second start finds it and writes nothing', async () => {
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, program: first.program });
    expect(await database.db.select().from(programs).where(eq(programs.slug, PRIVACY_SEAL_SLUG))).toHaveLength(1);
    expect(await database.db.select().from(criteriaVersions)).toHaveLength(1);
    const events = await database.db.select({ action: auditEvents.action, actorId: auditEvents.actorId }).from(auditEvents);
    expect(events.sort((a, b) => a.action.localeCompare(b.action))).toEqual([
      { action: 'criteria-version.publish', actorId: null },
      { action: 'program.create', actorId: null },
    ]);
  });

  it('is the Privacy Seal, valid 12 months, with version 1 published', async () => {
    expect(first.program).toMatchObject({ slug: 'privacy-seal', name: 'Privacy Seal', sealValidityMonths: 12 });
    const current = await getCurrentCriteriaVersion(database.db, first.program.id);
    expect(current).toMatchObject({ version: 1, status: 'published', changeNote: privacySeal.firstVersion.changeNote });
    expect(current!.publishedAt).toBeInstanceOf(Date);
  });

  it('ships at least 12 criteria with stable kebab-case codes, in catalogue order', async () => {
    const current = await getCurrentCriteriaVersion(database.db, first.program.id);
    const codes = current!.criteria.map((criterion) => criterion.code);
    expect(codes.length).toBeGreaterThanOrEqual(12);
    expect(codes).toEqual(privacySeal.firstVersion.criteria.map((criterion) => criterion.code));
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(CRITERION_CODE_PATTERN);
    expect(codes).toEqual(
      expect.arrayContaining([
        'privacy-notice',
        'data-collected',
        'purposes-of-use',
        'third-party-sharing',
        'opt-out',
        'access-correction-deletion',
        'security',
        'data-retention',
        'childrens-data',
        'cookies-and-tracking',
        'dispute-resolution',
        'policy-changes',
        'change-of-control',
      ]),
    );
    expect(current!.criteria.map((criterion) => criterion.position)).toEqual(codes.map((_, index) => index + 1));
  });

  it('gives every criterion concrete guidance of 2 to 5 sentences, a question, and an evidence prompt when evidence is required', () => {
    for (const criterion of privacySeal.firstVersion.criteria) {
      const count = sentences(criterion.guidance);
      expect(count, criterion.code).toBeGreaterThanOrEqual(2);
      expect(count, criterion.code).toBeLessThanOrEqual(5);
      expect(criterion.question, criterion.code).toMatch(/\?$/);
      if (criterion.evidenceRequired) expect(criterion.evidencePrompt, criterion.code).toBeTruthy();
    }
  });

  it('makes most criteria mandatory, and the retention schedule and cookie detail recommended', async () => {
    const current = await getCurrentCriteriaVersion(database.db, first.program.id);
    const requirement = Object.fromEntries(current!.criteria.map((criterion) => [criterion.code, criterion.requirement]));
    expect(requirement['data-retention']).toBe('recommended');
    expect(requirement['cookies-and-tracking']).toBe('recommended');
    for (const code of ['privacy-notice', 'third-party-sharing', 'security', 'childrens-data', 'dispute-resolution', 'change-of-control']) {
      expect(requirement[code], code).toBe('mandatory');
    }
    const mandatory = current!.criteria.filter((criterion) => criterion.requirement === 'mandatory').length;
    expect(mandatory).toBeGreaterThan(current!.criteria.length / 2);
  });

  it('includes change of control as mandatory, with exactly the three Toysmart conditions as commitments', async () => {
    const current = await getCurrentCriteriaVersion(database.db, first.program.id);
    const clause = current!.criteria.find((criterion) => criterion.code === 'change-of-control');
    expect(clause).toMatchObject({ requirement: 'mandatory', evidenceRequired: true });
    expect(clause!.commitments).toHaveLength(3);
    const [standAlone, successor, optIn] = clause!.commitments;
    expect(standAlone).toMatch(/never sell or transfer personal data as a stand-alone asset/);
    expect(successor).toMatch(/only to a successor in the same line of business that agrees to be bound by our existing privacy policy/);
    expect(optIn).toMatch(/material change .* requires each person’s opt-in consent/);
  });

  it('is listed publicly with its current version', async () => {
    expect(await listPrograms(database.db)).toEqual([
      { id: first.program.id, slug: 'privacy-seal', name: 'Privacy Seal', summary: privacySeal.summary, currentVersion: 1 },
    ]);
    const program = await getProgramBySlug(database.db, 'privacy-seal');
    expect(program).toMatchObject({ slug: 'privacy-seal', currentVersion: 1, sealValidityMonths: 12 });
    expect(program!.versions.map((version) => version.version)).toEqual([1]);
    expect(await getProgramBySlug(database.db, 'no-such-program')).toBeNull();
  });
});

describe(`a published version is final in the database itself (${testDriver})`, () => {
  it('refuses a direct UPDATE or DELETE of the published version row', async () => {
    const [version] = await database.db.select().from(criteriaVersions).where(eq(criteriaVersions.programId, first.program.id));
    await expect(database.db.update(criteriaVersions).set({ changeNote: 'rewritten history' }).where(eq(criteriaVersions.id, version!.id))).rejects.toThrow();
    await expect(database.db.update(criteriaVersions).set({ status: 'draft' }).where(eq(criteriaVersions.id, version!.id))).rejects.toThrow();
    await expect(database.db.delete(criteriaVersions).where(eq(criteriaVersions.id, version!.id))).rejects.toThrow();
    const [after] = await database.db.select().from(criteriaVersions).where(eq(criteriaVersions.id, version!.id));
    expect(after).toEqual(version);
  });

  it('refuses a direct UPDATE, DELETE or INSERT of its criteria', async () => {
    const [version] = await database.db.select().from(criteriaVersions).where(eq(criteriaVersions.programId, first.program.id));
    const clause = and(eq(criteria.criteriaVersionId, version!.id), eq(criteria.code, 'change-of-control'));
    const [before] = await database.db.select().from(criteria).where(clause);

    const update = database.db.update(criteria).set({ commitments: [] }).where(clause);
    await expect(update).rejects.toThrow();
    await expect(database.db.execute(sql`UPDATE criteria SET title = 'Anything goes' WHERE criteria_version_id = ${version!.id}`)).rejects.toThrow();
    await expect(database.db.delete(criteria).where(clause)).rejects.toThrow();
    await expect(
      database.db.insert(criteria).values({ ...before!, code: 'sneaked-in', position: 99 }),
    ).rejects.toThrow();

    const [after] = await database.db.select().from(criteria).where(clause);
    expect(after).toEqual(before);
    expect(await database.db.select().from(criteria).where(eq(criteria.criteriaVersionId, version!.id))).toHaveLength(privacySeal.firstVersion.criteria.length);
  });

  it('names the reason in the refusal', async () => {
    const [version] = await database.db.select().from(criteriaVersions).where(eq(criteriaVersions.programId, first.program.id));
    const error = await database.db
      .update(criteriaVersions)
      .set({ changeNote: 'x' })
      .where(eq(criteriaVersions.id, version!.id))
      .then(
        () => null,
        (caught: unknown) => caught as { cause?: { message?: string; code?: string } },
      );
    expect(error?.cause?.code).toBe('42501');
    expect(error?.cause?.message).toMatch(/is published and cannot change/);
  });
});
