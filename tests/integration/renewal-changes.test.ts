import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { applications, type Seal } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { policySha256 } from '@/lib/policies/capture';
import type { ProgramCatalogue } from '@/lib/programs/catalogue/types';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { loadAssessment } from '@/lib/review/assessment';
import type { ServiceContext } from '@/lib/services/context';
import { acceptPolicyChanges } from '@/lib/services/policies/policy-change-verbs';
import { addDraftCriterion } from '@/lib/services/programs/add-draft-criterion';
import { createCriteriaDraft } from '@/lib/services/programs/create-criteria-draft';
import { publishCriteriaVersion } from '@/lib/services/programs/publish-criteria-version';
import { removeDraftCriterion } from '@/lib/services/programs/remove-draft-criterion';
import { updateDraftChangeNote } from '@/lib/services/programs/update-draft-change-note';
import { updateDraftCriterion } from '@/lib/services/programs/update-draft-criterion';
import { startRenewal } from '@/lib/services/seals/start-renewal';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedPolicyChange } from '../helpers/policy-factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * What a renewal's reviewer reads about the time since certification (issue #16, item 7): the
 * renewal's policy against the certified one (a text a reviewer accepted since, when there is one)
 * and its criteria against the version the seal was certified under.
 */

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
let admin: ServiceContext;
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' }));
  admin = contextFor(database.db, actorOf(await seedUser(database.db, { role: 'admin' })));
});
afterAll(async () => {
  await database?.close();
});

const DAY = 24 * 60 * 60 * 1000;
// The texts of tests/helpers/policy-factories.ts: the seal's policy, and the one its open change found.
const CERTIFIED = 'Privacy policy\n\nWe collect your name and address to deliver your orders, and nothing else.';
const CHANGED = 'Privacy policy\n\nWe collect your name and postal address to deliver your orders, and nothing else.';

/** A member renews the seal a month before it expires, under the program's current criteria. */
async function renew(seal: Seal, member: Awaited<ReturnType<typeof seedUser>>) {
  const at = new Date(seal.expiresAt.getTime() - 30 * DAY);
  return startRenewal({ ctx: contextFor(database.db, actorOf(member), createTestClock(at)), input: { sealId: seal.id } });
}

/** The renewal's policy as attachPolicy stores a capture from its address. */
const capture = (applicationId: string, text: string) =>
  database.db
    .update(applications)
    .set({ policySource: 'url', policyUrl: 'https://shop.example/privacy', policyText: text, policySha256: policySha256(text), policyCapturedAt: new Date() })
    .where(eq(applications.id, applicationId));

const changesOf = async (applicationId: string) => (await loadAssessment(database.db, applicationId))!.renewal!;
const struck = (parts: Array<{ value: string; removed?: boolean }>) => parts.filter((part) => part.removed).map((part) => part.value.trim());
const underlined = (parts: Array<{ value: string; added?: boolean }>) => parts.filter((part) => part.added).map((part) => part.value.trim());

describe(`a renewal against its certification (${testDriver})`, () => {
  it('compares the policy with the text a reviewer accepted as certified since approval, saying who accepted it and when', async () => {
    const issuedAt = new Date('2026-01-10T09:00:00Z');
    const { seal, member } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt, policy: { url: 'https://shop.example/privacy', text: CERTIFIED, sha256: policySha256(CERTIFIED) } });
    const change = await seedPolicyChange(database.db, seal.id, { at: new Date('2026-05-01T00:00:00Z') });
    const renewal = await renew(seal, member);
    await capture(renewal.id, `${CHANGED}\nWe never sell your data.`);

    // Before the change is accepted, the certified text is still the one the application captured.
    const before = await changesOf(renewal.id);
    expect(before.publicId).toBe(seal.publicId);
    expect(before.policy).toMatchObject({ acceptedByName: null, certifiedAt: issuedAt, changed: true });
    expect(struck(before.policy.parts)).toEqual([]);
    expect(underlined(before.policy.parts).join(' ')).toMatch(/^postal .*We never sell your data\.$/);

    const acceptedAt = new Date('2026-06-01T08:30:00Z');
    await acceptPolicyChanges({ ctx: contextFor(database.db, actorOf(reviewer), createTestClock(acceptedAt)), input: { changeIds: [change.id], note: 'Only the wording changed.' } });
    const after = await changesOf(renewal.id);
    expect(after.policy).toMatchObject({ acceptedByName: 'Rita Reviewer', certifiedAt: acceptedAt, changed: true });
    expect(struck(after.policy.parts)).toEqual([]);
    expect(underlined(after.policy.parts)).toEqual(['We never sell your data.']);

    // The holder renews on the accepted text: nothing to mark.
    await capture(renewal.id, CHANGED);
    const same = await changesOf(renewal.id);
    expect(same.policy.changed).toBe(false);
    expect(same.policy.parts.map((part) => part.value).join('')).toBe(CHANGED);
    // No criteria were published since: the same version.
    expect(same.criteria).toEqual({ certifiedVersion: 1, renewalVersion: 1, changeNotes: [], diff: null });
  });

  it('lists the criteria added, removed and changed since the certified version, with the change notes up to the renewal’s version', async () => {
    const criterion = (code: string, title = `Title of ${code}`) => ({
      code,
      title,
      guidance: `We check ${code} against the policy.`,
      requirement: 'mandatory' as const,
      question: `How do you handle ${code}?`,
      evidencePrompt: null,
      evidenceRequired: false,
      commitments: [],
    });
    const slug = `renewal-program-${crypto.randomBytes(4).toString('hex')}`;
    const catalogue: ProgramCatalogue = {
      slug,
      name: `Renewal program ${slug}`,
      summary: 'For tests.',
      sealValidityMonths: 12,
      firstVersion: { changeNote: 'First.', criteria: [criterion('privacy-notice'), criterion('change-of-control'), criterion('security')] },
    };
    const { program } = await ensureDefaultProgram(database.db, createTestClock(), catalogue);
    const { seal, member } = await seedIssuedSeal(database.db, { programId: program.id, reviewerId: reviewer.id });

    const v2 = await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
    await updateDraftCriterion({ ctx: admin, input: { ...criterion('privacy-notice', 'A privacy notice on every page'), guidance: 'We check privacy-notice against every page.', criteriaVersionId: v2.id } });
    await addDraftCriterion({ ctx: admin, input: { ...criterion('data-retention', 'How long data is kept'), criteriaVersionId: v2.id } });
    await publishCriteriaVersion({ ctx: admin, input: { criteriaVersionId: v2.id, changeNote: 'A clearer notice criterion; data retention is asked.' } });
    const v3 = await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
    await removeDraftCriterion({ ctx: admin, input: { criteriaVersionId: v3.id, code: 'change-of-control' } });
    await updateDraftCriterion({ ctx: admin, input: { ...criterion('privacy-notice', 'A privacy notice on every page'), guidance: 'We check privacy-notice against every page.', evidenceRequired: true, evidencePrompt: 'A link to the notice.', criteriaVersionId: v3.id } });
    await updateDraftChangeNote({ ctx: admin, input: { criteriaVersionId: v3.id, changeNote: 'Change of control moves to its own program; the notice needs a link.' } });
    await publishCriteriaVersion({ ctx: admin, input: { criteriaVersionId: v3.id } });

    const renewal = await renew(seal, member);
    // A version published after the renewal started is not the one it is judged against.
    const v4 = await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
    await updateDraftCriterion({ ctx: admin, input: { ...criterion('security', 'Security, reworded'), criteriaVersionId: v4.id } });
    await publishCriteriaVersion({ ctx: admin, input: { criteriaVersionId: v4.id, changeNote: 'Later.' } });

    const { criteria } = await changesOf(renewal.id);
    expect(criteria).toMatchObject({ certifiedVersion: 1, renewalVersion: 3 });
    expect(criteria.changeNotes).toEqual([
      { version: 2, changeNote: 'A clearer notice criterion; data retention is asked.' },
      { version: 3, changeNote: 'Change of control moves to its own program; the notice needs a link.' },
    ]);
    expect(criteria.diff!.added).toEqual([{ code: 'data-retention', title: 'How long data is kept' }]);
    expect(criteria.diff!.removed).toEqual([{ code: 'change-of-control', title: 'Title of change-of-control' }]);
    // The security criterion changed in version 4 only: not listed.
    expect(criteria.diff!.changed.map((changed) => changed.code)).toEqual(['privacy-notice']);
    const [notice] = criteria.diff!.changed;
    expect(notice!.title).toBe('A privacy notice on every page');
    expect(notice!.changes.map((change) => [change.label, change.before, change.after])).toEqual([
      ['Title', 'Title of privacy-notice', 'A privacy notice on every page'],
      ['Guidance', 'We check privacy-notice against the policy.', 'We check privacy-notice against every page.'],
      ['Evidence prompt', '(none)', 'A link to the notice.'],
      ['Evidence required', 'no', 'yes'],
    ]);
    const guidance = notice!.changes[1]!;
    expect([struck(guidance.diff), underlined(guidance.diff)]).toEqual([['the policy'], ['every page']]);
  });
});
