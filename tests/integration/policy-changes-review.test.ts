import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, conflictDeclarations, policyChanges, policyMonitors } from '@/db/schema';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/services/errors';
import { listPolicyChanges } from '@/lib/services/policies/list-policy-changes';
import { acceptPolicyChanges, explainPolicyChange } from '@/lib/services/policies/policy-change-verbs';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedPolicyChange } from '../helpers/policy-factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * What reviewers and holders do with the changes the policy monitor found (issue #16): the list,
 * accepting one or many as the new certified text (all or none, never a conflicted reviewer's, only
 * a seal's newest), and the holder's explanation.
 */

let database: TestDatabase;
let reviewer: ReturnType<typeof actorOf>;
let conflicted: ReturnType<typeof actorOf>;
let first: Awaited<ReturnType<typeof seedIssuedSeal>>;
let second: Awaited<ReturnType<typeof seedIssuedSeal>>;
/** The second seal's editorial change, superseded by a material one a day later. */
let superseded: Awaited<ReturnType<typeof seedPolicyChange>>;

beforeAll(async () => {
  database = await freshDatabase();
  const programId = (await seedDefaultProgram(database.db)).id;
  const reviewerUser = await seedUser(database.db, { role: 'reviewer' });
  reviewer = actorOf(reviewerUser);
  first = await seedIssuedSeal(database.db, { programId, reviewerId: reviewerUser.id });
  second = await seedIssuedSeal(database.db, { programId, reviewerId: reviewerUser.id });
  const conflictedUser = await seedUser(database.db, { role: 'reviewer' });
  conflicted = actorOf(conflictedUser);
  await database.db.insert(conflictDeclarations).values({ reviewerId: conflictedUser.id, organizationId: second.organization.id, reason: 'shareholder', declaredAt: new Date() });
});
afterAll(async () => {
  await database?.close();
});

const as = (actor: ReturnType<typeof actorOf> | null) => contextFor(database.db, actor);
const monitorOf = async (sealId: string) => (await database.db.select().from(policyMonitors).where(eq(policyMonitors.sealId, sealId)))[0]!;
const changeOf = async (id: string) => (await database.db.select().from(policyChanges).where(eq(policyChanges.id, id)))[0]!;

describe(`policy changes, for reviewers and holders (${testDriver})`, () => {
  it('lists each seal’s newest open change, newest first, editorial by default, marking a holder the reader is tied to', async () => {
    const older = await seedPolicyChange(database.db, first.seal.id, { at: new Date('2026-05-01T00:00:00Z') });
    superseded = await seedPolicyChange(database.db, second.seal.id, { at: new Date('2026-05-02T00:00:00Z') });
    const material = await seedPolicyChange(database.db, second.seal.id, { at: new Date('2026-05-03T00:00:00Z'), classification: 'material' });
    const list = await listPolicyChanges({ ctx: as(conflicted), input: {} });
    expect(list.filters.kind).toBe('editorial');
    // The second seal's editorial change was superseded by its material one: not listed.
    expect(list.changes.map((change) => [change.id, change.publicId, change.conflicted])).toEqual([[older.id, first.seal.publicId, false]]);
    expect(list.changes[0]!.size).toEqual({ added: 1, removed: 0 });
    expect((await listPolicyChanges({ ctx: as(conflicted), input: { kind: 'material' } })).changes.map((change) => [change.id, change.conflicted])).toEqual([[material.id, true]]);
    expect((await listPolicyChanges({ ctx: as(reviewer), input: { kind: 'all' } })).changes.map((change) => change.id)).toEqual([material.id, older.id]);
    await expect(listPolicyChanges({ ctx: as(actorOf(first.owner)), input: {} })).rejects.toThrow(ForbiddenError);
  });

  it('accepts a seal’s newest change as its certified text, with who and why in the audit trail, once', async () => {
    const [change] = (await listPolicyChanges({ ctx: as(reviewer), input: {} })).changes.filter((row) => row.publicId === first.seal.publicId);
    await expect(acceptPolicyChanges({ ctx: as(reviewer), input: { changeIds: [change!.id], note: 'ok' } })).rejects.toThrow('Say why the new text may be certified (at least 5 characters): it goes into the audit trail.');
    const [accepted] = await acceptPolicyChanges({ ctx: as(reviewer), input: { changeIds: [change!.id], note: 'Only the wording of one sentence changed.' } });
    expect(accepted).toMatchObject({ state: 'accepted', acceptedById: reviewer.id, acceptNote: 'Only the wording of one sentence changed.' });
    const full = await changeOf(change!.id);
    expect(await monitorOf(first.seal.id)).toMatchObject({ certifiedText: full.text, certifiedSha256: full.sha256, certifiedById: reviewer.id });
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'policy.accept-change'), eq(auditEvents.entityId, first.seal.id)));
    expect(audit).toMatchObject({ actorId: reviewer.id, after: { change: change!.id, certifiedSha256: full.sha256, note: 'Only the wording of one sentence changed.' } });
    await expect(acceptPolicyChanges({ ctx: as(reviewer), input: { changeIds: [change!.id], note: 'Again, by mistake.' } })).rejects.toThrow(ConflictError);
  });

  it('accepts all the chosen changes or none: not a conflicted reviewer’s, not one superseded by a newer text', async () => {
    await expect(acceptPolicyChanges({ ctx: as(reviewer), input: { changeIds: [superseded.id], note: 'Only the wording changed.' } })).rejects.toThrow(
      `The policy of seal ${second.seal.publicId} changed again since; accept its newest text instead.`,
    );
    const again = await seedPolicyChange(database.db, first.seal.id, { at: new Date('2026-06-01T00:00:00Z') });
    const [material] = (await listPolicyChanges({ ctx: as(reviewer), input: { kind: 'material' } })).changes;
    await expect(acceptPolicyChanges({ ctx: as(conflicted), input: { changeIds: [again.id, material!.id], note: 'Both reworded only.' } })).rejects.toThrow(ForbiddenError);
    expect((await changeOf(again.id)).state).toBe('open'); // the first of the two was not accepted either
    const both = await acceptPolicyChanges({ ctx: as(reviewer), input: { changeIds: [again.id, material!.id], note: 'Both reworded only, checked side by side.' } });
    expect(both.map((change) => change.state)).toEqual(['accepted', 'accepted']);
    await expect(acceptPolicyChanges({ ctx: as(reviewer), input: { changeIds: ['00000000-0000-4000-8000-000000000000'], note: 'No such change.' } })).rejects.toThrow(NotFoundError);
  });

  it('keeps the holder’s explanation of a change, written by a member only', async () => {
    const change = await seedPolicyChange(database.db, first.seal.id, { at: new Date('2026-07-01T00:00:00Z') });
    await expect(explainPolicyChange({ ctx: as(actorOf(first.member)), input: { changeId: change.id, explanation: 'Typo.' } })).rejects.toThrow('Explain the change in a sentence or two (at least 10 characters).');
    const explained = await explainPolicyChange({ ctx: as(actorOf(first.member)), input: { changeId: change.id, explanation: 'We only reworded the sentence about addresses.' } });
    expect(explained).toMatchObject({ holderExplanation: 'We only reworded the sentence about addresses.', explainedById: first.member.id });
    await expect(explainPolicyChange({ ctx: as(actorOf(second.owner)), input: { changeId: change.id, explanation: 'Not our policy at all, but we try.' } })).rejects.toThrow(NotFoundError);
    await expect(explainPolicyChange({ ctx: as(null), input: { changeId: change.id, explanation: 'Anonymous words about it.' } })).rejects.toThrow('sign in');
  });
});
