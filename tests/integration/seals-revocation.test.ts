import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents, sealEvents, seals } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/services/errors';
import { revokeSeal, strengthenRevocationReason } from '@/lib/services/seals/revoke-seal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
import { proposeSealRevocation } from '@/lib/services/cases/propose-seal-revocation';
import { confirmRevocation } from '@/lib/services/cases/revocation-proposals';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
let admin: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewer = await seedUser(database.db, { role: 'reviewer' });
  admin = await seedUser(database.db, { role: 'admin' });
});
afterAll(async () => {
  await database?.close();
});

const DAY = 24 * 60 * 60 * 1000;

async function issuedSeal({ issuedAt = new Date() } = {}) {
  return seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt });
}

const as = (user: Awaited<ReturnType<typeof seedUser>>) => contextFor(database.db, actorOf(user), createTestClock());
const eventsOf = (sealId: string) => database.db.select().from(sealEvents).where(eq(sealEvents.sealId, sealId)).orderBy(asc(sealEvents.occurredAt));
const auditOf = (sealId: string) =>
  database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'seal'), eq(auditEvents.entityId, sealId))).orderBy(asc(auditEvents.occurredAt));
async function reload(sealId: string) {
  const [seal] = await database.db.select().from(seals).where(eq(seals.id, sealId));
  return seal!;
}

describe(`revoking a seal (${testDriver})`, () => {
  it('[REVIEWER] revokes a suspended seal with a second person; revocation is final', async () => {
    const { seal } = await issuedSeal();
    await suspendSeal({ ctx: as(reviewer), input: { sealId: seal.id, reason: 'Customer list offered for sale.', reinstatementRequirements: 'Withdraw the sale.' } });
    // The authority never revokes in one step (issue #10): one proposes, another confirms.
    const oneStep = await rejectionOf(revokeSeal({ ctx: as(reviewer), input: { sealId: seal.publicId, reason: 'privacy_violation', statement: 'Offered its customer list for sale.' } }), ForbiddenError);
    expect(oneStep.message).toContain('A revocation by the seal authority takes two people');
    const { decision } = await proposeSealRevocation({ ctx: as(reviewer), input: { sealId: seal.publicId, revocationReason: 'privacy_violation', statement: 'Offered its customer list for sale.' } });
    await confirmRevocation({ ctx: as(admin), input: { decisionId: decision.id } });
    const revoked = await reload(seal.id);
    expect(revoked).toMatchObject({ status: 'revoked', revocationReason: 'privacy_violation', statusReason: 'Offered its customer list for sale.', reinstatementRequirements: null });

    const events = await eventsOf(seal.id);
    expect(events.at(-1)).toMatchObject({ type: 'revoked', status: 'revoked', reason: 'The holder violated its privacy commitments: Offered its customer list for sale.' });
    expect((await auditOf(seal.id)).at(-1)).toMatchObject({ action: 'seal.revoke', actorId: admin.id, after: expect.objectContaining({ status: 'revoked', proposedBy: reviewer.id }) });

    const again = await rejectionOf(proposeSealRevocation({ ctx: as(admin), input: { sealId: seal.id, revocationReason: 'fraud', statement: 'Again and again.' } }), ConflictError);
    expect(again.message).toBe('This seal is already revoked; revocation is final.');
    expect((await rejectionOf(reinstateSeal({ ctx: as(reviewer), input: { sealId: seal.id } }), ConflictError)).message).toBe('This seal is already revoked; revocation is final.');
    expect((await rejectionOf(suspendSeal({ ctx: as(reviewer), input: { sealId: seal.id, reason: 'x', reinstatementRequirements: 'y' } }), ConflictError)).message).toBe(
      'This seal is already revoked; revocation is final.',
    );
    expect(await eventsOf(seal.id)).toHaveLength(events.length);
  });

  it('[APPLICANT] an owner revokes its own seal for ceased operation', async () => {
    const { seal, owner } = await issuedSeal();
    const revoked = await revokeSeal({ ctx: as(owner), input: { sealId: seal.id, reason: 'ceased_operation', statement: 'We closed the shop.' } });
    expect(revoked).toMatchObject({ status: 'revoked', revocationReason: 'ceased_operation' });
    expect((await auditOf(seal.id)).at(-1)).toMatchObject({ action: 'seal.revoke', actorId: owner.id, after: expect.objectContaining({ party: 'holder' }) });
  });

  it('[APPLICANT] refuses an owner a reviewer-only reason, a plain member, and a non-member', async () => {
    const { seal, owner, member } = await issuedSeal();
    const reviewerOnly = await rejectionOf(revokeSeal({ ctx: as(owner), input: { sealId: seal.id, reason: 'fraud', statement: 'x' } }), ForbiddenError);
    expect(reviewerOnly.message).toContain('As the seal holder you may revoke your seal only with the reason');
    const notOwner = await rejectionOf(revokeSeal({ ctx: as(member), input: { sealId: seal.id, reason: 'no_longer_wanted', statement: 'x' } }), ForbiddenError);
    expect(notOwner.message).toMatch(/^Only an owner of .+ can do this\.$/);
    const stranger = await seedUser(database.db);
    const hidden = await rejectionOf(revokeSeal({ ctx: as(stranger), input: { sealId: seal.id, reason: 'no_longer_wanted', statement: 'x' } }), NotFoundError);
    expect(hidden.message).toBe('This seal does not exist, or you are not an owner of its organization.');
    const badReason = await rejectionOf(revokeSeal({ ctx: as(reviewer), input: { sealId: seal.id, reason: 'bored', statement: 'x' } }), ValidationError);
    expect(Object.keys(badReason.fieldErrors)).toEqual(['reason']);
    expect((await reload(seal.id)).status).toBe('active');
    expect(await eventsOf(seal.id)).toHaveLength(1);
  });

  it('refuses to revoke a seal past its expiry', async () => {
    const { seal, owner } = await issuedSeal({ issuedAt: new Date(Date.now() - 400 * DAY) });
    const refused = await rejectionOf(proposeSealRevocation({ ctx: as(reviewer), input: { sealId: seal.id, revocationReason: 'fraud', statement: 'Sold the customer list.' } }), ConflictError);
    expect(refused.message).toBe('This seal has expired; it can only be renewed.');
    const byOwner = await rejectionOf(revokeSeal({ ctx: as(owner), input: { sealId: seal.id, reason: 'ceased_operation', statement: 'x' } }), ConflictError);
    expect(byOwner.message).toBe('This seal has expired; it can only be renewed.');
  });

  it('rolls back the status change and the seal event when the audit row cannot be written', async () => {
    const { seal } = await issuedSeal();
    // An actor whose user row does not exist: the audit row's foreign key fails, last in the transaction.
    const phantom = actorOf({ id: crypto.randomUUID(), email: 'ghost@example.test', name: 'Ghost', role: 'reviewer' });
    await expect(suspendSeal({ ctx: contextFor(database.db, phantom), input: { sealId: seal.id, reason: 'Under investigation.', reinstatementRequirements: 'Answer the notice.' } })).rejects.toThrow();
    expect((await reload(seal.id)).status).toBe('active');
    expect((await eventsOf(seal.id)).map((event) => event.type)).toEqual(['issued']);
    expect((await auditOf(seal.id)).map((row) => row.action)).toEqual(['seal.issue']);
  });
});

describe(`strengthening a revocation reason (${testDriver})`, () => {
  it('[REVIEWER] replaces a holder’s reason by a more severe one, never a milder or equal one', async () => {
    const { seal, owner } = await issuedSeal();
    await revokeSeal({ ctx: as(owner), input: { sealId: seal.id, reason: 'no_longer_wanted', statement: 'We give it up.' } });
    const holderTries = await rejectionOf(strengthenRevocationReason({ ctx: as(owner), input: { sealId: seal.id, reason: 'ceased_operation', statement: 'x' } }), ForbiddenError);
    expect(holderTries.message).toBe('Only a reviewer can do this.');

    const strengthened = await strengthenRevocationReason({ ctx: as(reviewer), input: { sealId: seal.id, reason: 'fraud', statement: 'Gave up the seal to escape a fraud case.' } });
    expect(strengthened).toMatchObject({ status: 'revoked', revocationReason: 'fraud', statusReason: 'Gave up the seal to escape a fraud case.' });
    expect(strengthened.statusChangedAt).toEqual((await eventsOf(seal.id)).find((event) => event.type === 'revoked')!.occurredAt);

    const milder = await rejectionOf(strengthenRevocationReason({ ctx: as(reviewer), input: { sealId: seal.id, reason: 'privacy_violation', statement: 'x' } }), ConflictError);
    expect(milder.message).toBe('This seal is revoked for “fraud”; only a more severe reason may replace it.');
    await rejectionOf(strengthenRevocationReason({ ctx: as(reviewer), input: { sealId: seal.id, reason: 'fraud', statement: 'x' } }), ConflictError);
    expect((await reload(seal.id)).revocationReason).toBe('fraud');
    expect((await eventsOf(seal.id)).map((event) => event.type)).toEqual(['issued', 'revoked', 'reason_changed']);
    expect((await auditOf(seal.id)).map((row) => row.action)).toEqual(['seal.issue', 'seal.revoke', 'seal.strengthen-revocation-reason']);
  });

  it('refuses to strengthen the reason of a seal that is not revoked', async () => {
    const { seal } = await issuedSeal();
    const refused = await rejectionOf(strengthenRevocationReason({ ctx: as(reviewer), input: { sealId: seal.id, reason: 'fraud', statement: 'x' } }), ConflictError);
    expect(refused.message).toBe('This seal is not revoked; only the reason of a revoked seal can be made more severe.');
  });
});
