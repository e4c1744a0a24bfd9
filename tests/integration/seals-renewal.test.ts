import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { applications, auditEvents, sealEvents, seals, type Application } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import { addMonths } from '@/lib/seals/validity';
import { formatDate } from '@/lib/format/dates';
import { ConflictError, NotFoundError } from '@/lib/services/errors';
import { expireSeal } from '@/lib/services/seals/expire-seal';
import { issueSeal } from '@/lib/services/seals/issue-seal';
import { revokeSeal } from '@/lib/services/seals/revoke-seal';
import { startRenewal } from '@/lib/services/seals/start-renewal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedIssuedSeal } from '../helpers/seal-factories';

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram());
});
afterAll(async () => {
  await database?.close();
});

const DAY = 24 * 60 * 60 * 1000;

async function issuedSeal(issuedAt: Date) {
  return seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt });
}

const at = (user: { id: string; email: string; name: string; role: 'applicant' | 'reviewer' | 'admin'; timeZone?: string | null }, when: Date) => contextFor(database.db, actorOf(user), createTestClock(when));

/** What the approve verb does for a renewal: the application approved, the seal renewed, in one transaction. */
async function approve(application: Application, now: Date) {
  return database.db.transaction(async (tx) => {
    const [approved] = await tx.update(applications).set({ status: 'approved', decidedAt: now }).where(eq(applications.id, application.id)).returning();
    return issueSeal(tx, { application: approved!, actorId: reviewer.id, now });
  });
}

const eventsOf = (sealId: string) => database.db.select().from(sealEvents).where(eq(sealEvents.sealId, sealId)).orderBy(asc(sealEvents.occurredAt));

describe(`renewing a seal (${testDriver})`, () => {
  it('opens 60 days before expiry and extends the same seal from its old expiry', async () => {
    const { seal, member } = await issuedSeal(new Date());
    const opensAt = new Date(seal.expiresAt.getTime() - 60 * DAY);
    const early = await rejectionOf(startRenewal({ ctx: at(member, new Date(opensAt.getTime() - 1000)), input: { sealId: seal.id } }), ConflictError);
    expect(early.message).toBe(`Renewal opens on ${formatDate(opensAt)}, 60 days before the seal expires.`);
    // Said in the zone of the member who asked (ADR 0022).
    const fromTokyo = await rejectionOf(startRenewal({ ctx: at({ ...member, timeZone: 'Asia/Tokyo' }, new Date(opensAt.getTime() - 1000)), input: { sealId: seal.id } }), ConflictError);
    expect(fromTokyo.message).toBe(`Renewal opens on ${formatDate(opensAt, 'Asia/Tokyo')}, 60 days before the seal expires.`);

    const renewalDay = new Date(opensAt.getTime() + DAY);
    const application = await startRenewal({ ctx: at(member, renewalDay), input: { sealId: seal.publicId } });
    const current = await getCurrentCriteriaVersion(database.db, programId);
    expect(application).toMatchObject({ status: 'draft', kind: 'renewal', renewsSealId: seal.id, siteId: seal.siteId, organizationId: seal.organizationId, criteriaVersionId: current!.id, createdById: member.id });
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, application.id), eq(auditEvents.action, 'application.start')));
    expect(audit!.after).toMatchObject({ kind: 'renewal', renewsSealId: seal.id });
    const twice = await rejectionOf(startRenewal({ ctx: at(member, renewalDay), input: { sealId: seal.id } }), ConflictError);
    expect(twice.message).toBe(`The renewal of ${seal.publicId} is already in progress.`);

    const renewed = await approve(application, renewalDay);
    expect(renewed).toMatchObject({ id: seal.id, publicId: seal.publicId, status: 'active', applicationId: application.id, issuedAt: seal.issuedAt });
    expect(renewed.expiresAt).toEqual(addMonths(seal.expiresAt, 12)); // no day lost by renewing early
    expect(renewed.statusChangedAt).toEqual(seal.statusChangedAt);
    expect((await eventsOf(seal.id)).map((event) => [event.type, event.status, event.expiresAt.getTime()])).toEqual([
      ['issued', 'active', seal.expiresAt.getTime()],
      ['renewed', 'active', renewed.expiresAt.getTime()],
    ]);
    const [renewAudit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, seal.id), eq(auditEvents.action, 'seal.renew')));
    expect(renewAudit).toMatchObject({ actorId: reviewer.id, before: expect.objectContaining({ expiresAt: seal.expiresAt.toISOString() }) });
  });

  it('re-activates an expired seal from the day of approval, keeping its public id', async () => {
    const { seal, owner } = await issuedSeal(new Date(Date.now() - 400 * DAY));
    const now = new Date();
    await expireSeal(database.db, seal.id, now);
    const application = await startRenewal({ ctx: at(owner, now), input: { sealId: seal.id } });
    const renewed = await approve(application, now);
    expect(renewed).toMatchObject({ id: seal.id, publicId: seal.publicId, status: 'active', statusChangedAt: now });
    expect(renewed.expiresAt).toEqual(addMonths(now, 12));
    expect((await eventsOf(seal.id)).map((event) => [event.type, event.status])).toEqual([
      ['issued', 'active'],
      ['expired', 'expired'],
      ['renewed', 'active'],
    ]);
  });

  it('re-activates a seal past expiry even when the sweep has not recorded it yet', async () => {
    const { seal, owner } = await issuedSeal(new Date(Date.now() - 400 * DAY));
    const now = new Date();
    const application = await startRenewal({ ctx: at(owner, now), input: { sealId: seal.id } });
    const renewed = await approve(application, now);
    expect(renewed.status).toBe('active');
    expect(renewed.expiresAt).toEqual(addMonths(now, 12));
  });

  it('extends a suspended seal but does not lift its suspension', async () => {
    const { seal, member } = await issuedSeal(new Date(Date.now() - 330 * DAY));
    const now = new Date();
    await suspendSeal({ ctx: at(reviewer, now), input: { sealId: seal.id, reason: 'Under investigation.', reinstatementRequirements: 'Answer the notice.' } });
    const renewed = await approve(await startRenewal({ ctx: at(member, now), input: { sealId: seal.id } }), now);
    expect(renewed).toMatchObject({ status: 'suspended', statusReason: 'Under investigation.' });
    expect(renewed.expiresAt).toEqual(addMonths(seal.expiresAt, 12));
    expect((await eventsOf(seal.id)).at(-1)).toMatchObject({ type: 'renewed', status: 'suspended' });
  });

  it('refuses a revoked seal, at the start and at approval, and refuses a non-member', async () => {
    const { seal, owner } = await issuedSeal(new Date(Date.now() - 330 * DAY));
    const stranger = await seedUser(database.db);
    await rejectionOf(startRenewal({ ctx: at(stranger, new Date()), input: { sealId: seal.id } }), NotFoundError);
    const application = await startRenewal({ ctx: at(owner, new Date()), input: { sealId: seal.id } });
    await revokeSeal({ ctx: at(owner, new Date()), input: { sealId: seal.id, reason: 'no_longer_wanted', statement: 'x' } });

    const atStart = await rejectionOf(startRenewal({ ctx: at(owner, new Date()), input: { sealId: seal.id } }), ConflictError);
    expect(atStart.message).toBe(`Seal ${seal.publicId} is revoked; revocation is final, so it cannot be renewed. Apply for a new seal instead.`);
    const atApproval = await rejectionOf(approve(application, new Date()), ConflictError);
    expect(atApproval.message).toBe(atStart.message);
    const [after] = await database.db.select().from(seals).where(eq(seals.id, seal.id));
    expect(after).toMatchObject({ status: 'revoked', expiresAt: seal.expiresAt });
    const [unchanged] = await database.db.select().from(applications).where(eq(applications.id, application.id));
    expect(unchanged!.status).toBe('draft'); // the approval rolled back with the refusal
  });
});
