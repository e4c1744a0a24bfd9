import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents, notifications, sealDomains, sealEvents, seals } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { isSealPublicId } from '@/lib/seals/public-id';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { issueSeal } from '@/lib/services/seals/issue-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
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

/** An organization with an approved application, and the seal issued for it at `issuedAt`. */
async function issuedSeal({ issuedAt = new Date(), extraDomains = 0 } = {}) {
  return seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt, extraDomains });
}

const asReviewer = () => contextFor(database.db, actorOf(reviewer), createTestClock());
const asUser = (user: Awaited<ReturnType<typeof seedUser>>) => contextFor(database.db, actorOf(user), createTestClock());

async function eventsOf(sealId: string) {
  return database.db.select().from(sealEvents).where(eq(sealEvents.sealId, sealId)).orderBy(asc(sealEvents.occurredAt));
}
async function auditOf(sealId: string) {
  return database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'seal'), eq(auditEvents.entityId, sealId))).orderBy(asc(auditEvents.occurredAt));
}
async function reload(sealId: string) {
  const [seal] = await database.db.select().from(seals).where(eq(seals.id, sealId));
  return seal!;
}

describe(`issuing a seal (${testDriver})`, () => {
  it('issues an active seal for 12 months, with its domains, an `issued` event and an audit row', async () => {
    const issuedAt = new Date('2026-01-31T10:00:00Z');
    const { seal, site, extras, application, organization } = await issuedSeal({ issuedAt, extraDomains: 1 });
    expect(isSealPublicId(seal.publicId)).toBe(true);
    expect(seal).toMatchObject({ status: 'active', organizationId: organization.id, siteId: site.id, applicationId: application.id, criteriaVersionId: application.criteriaVersionId });
    expect(seal.issuedAt).toEqual(issuedAt);
    expect(seal.statusChangedAt).toEqual(issuedAt);
    expect(seal.expiresAt).toEqual(new Date('2027-01-31T10:00:00Z'));

    const domains = await database.db.select().from(sealDomains).where(eq(sealDomains.sealId, seal.id));
    expect(domains.map((row) => row.domain).sort()).toEqual([site.domain, extras[0]!.domain].sort());
    expect(domains.some((row) => row.domain.startsWith('www.'))).toBe(false);

    const events = await eventsOf(seal.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'issued', status: 'active', expiresAt: seal.expiresAt, occurredAt: issuedAt });
    const audit = await auditOf(seal.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'seal.issue', actorId: reviewer.id, before: null });
    expect(audit[0]!.after).toMatchObject({ publicId: seal.publicId, status: 'active' });
  });

  it('gives every seal its own public id, and refuses a second seal for the same application', async () => {
    const many = await Promise.all(Array.from({ length: 8 }, () => issuedSeal()));
    expect(new Set(many.map(({ seal }) => seal.publicId)).size).toBe(8);
    const { application } = many[0]!;
    const twice = await rejectionOf(
      database.db.transaction((tx) => issueSeal(tx, { application, actorId: reviewer.id, now: new Date() })),
      ConflictError,
    );
    expect(twice.message).toBe(`Seal ${many[0]!.seal.publicId} was already issued for this application.`);
  });
});

describe(`suspending and reinstating (${testDriver})`, () => {
  it('[REVIEWER] suspends an active seal and reinstates it, each with its event and audit row', async () => {
    const { seal } = await issuedSeal();
    const suspended = await suspendSeal({ ctx: asReviewer(), input: { sealId: seal.publicId, reason: 'Complaint under investigation.', reinstatementRequirements: 'Answer the case notice.' } });
    expect(suspended).toMatchObject({ status: 'suspended', statusReason: 'Complaint under investigation.', reinstatementRequirements: 'Answer the case notice.' });
    const reinstated = await reinstateSeal({ ctx: asReviewer(), input: { sealId: seal.id } });
    expect(reinstated).toMatchObject({ status: 'active', statusReason: null, reinstatementRequirements: null });

    expect((await eventsOf(seal.id)).map((event) => [event.type, event.status, event.reason])).toEqual([
      ['issued', 'active', null],
      ['suspended', 'suspended', 'Complaint under investigation.'],
      ['reinstated', 'active', null],
    ]);
    const audit = await auditOf(seal.id);
    expect(audit.map((row) => row.action)).toEqual(['seal.issue', 'seal.suspend', 'seal.reinstate']);
    expect(audit[1]).toMatchObject({ actorId: reviewer.id, before: expect.objectContaining({ status: 'active' }), after: expect.objectContaining({ status: 'suspended' }) });
  });

  it('refuses an applicant, an anonymous visitor, a suspension twice, and reinstating an active seal', async () => {
    const { seal, owner } = await issuedSeal();
    const input = { sealId: seal.id, reason: 'x', reinstatementRequirements: 'y' };
    expect((await rejectionOf(suspendSeal({ ctx: asUser(owner), input }), ForbiddenError)).message).toBe('Only a reviewer can do this.');
    await rejectionOf(suspendSeal({ ctx: contextFor(database.db, null), input }), UnauthenticatedError);
    const invalid = await rejectionOf(suspendSeal({ ctx: asReviewer(), input: { sealId: seal.id, reason: ' ', reinstatementRequirements: 'y' } }), ValidationError);
    expect(invalid.fieldErrors.reason).toEqual(['Say why the seal is suspended: the public reads it.']);
    expect((await rejectionOf(reinstateSeal({ ctx: asReviewer(), input: { sealId: seal.id } }), ConflictError)).message).toBe('This seal is not suspended; it is already active.');
    await suspendSeal({ ctx: asReviewer(), input });
    expect((await rejectionOf(suspendSeal({ ctx: asReviewer(), input }), ConflictError)).message).toBe('This seal is already suspended.');
    await rejectionOf(suspendSeal({ ctx: asReviewer(), input: { ...input, sealId: 'OS-2222-2222' } }), NotFoundError);
  });

  it('refuses to suspend or reinstate a seal past its expiry, even before the expiry job ran', async () => {
    const lapsed = await issuedSeal({ issuedAt: new Date(Date.now() - 400 * DAY) });
    expect(lapsed.seal.status).toBe('active'); // stored: the sweep has not run
    expect(effectiveStatus(lapsed.seal, new Date())).toBe('expired');
    const suspend = await rejectionOf(suspendSeal({ ctx: asReviewer(), input: { sealId: lapsed.seal.id, reason: 'x', reinstatementRequirements: 'y' } }), ConflictError);
    expect(suspend.message).toBe('This seal has expired; it can only be renewed.');

    // Suspended while valid, then the expiry passed: reinstating it is refused too.
    const suspendedThenLapsed = await issuedSeal({ issuedAt: new Date(Date.now() - 300 * DAY) });
    await suspendSeal({ ctx: asReviewer(), input: { sealId: suspendedThenLapsed.seal.id, reason: 'x', reinstatementRequirements: 'y' } });
    const late = contextFor(database.db, actorOf(reviewer), createTestClock(new Date(Date.now() + 100 * DAY)));
    const reinstate = await rejectionOf(reinstateSeal({ ctx: late, input: { sealId: suspendedThenLapsed.seal.id } }), ConflictError);
    expect(reinstate.message).toBe('This seal has expired; it can only be renewed.');
    expect((await reload(suspendedThenLapsed.seal.id)).status).toBe('suspended');
  });

  it('lets exactly one of two concurrent suspensions succeed; the other is a conflict', async () => {
    const { seal } = await issuedSeal();
    const input = { sealId: seal.id, reason: 'Concurrent.', reinstatementRequirements: 'Respond.' };
    const outcomes = await Promise.allSettled([suspendSeal({ ctx: asReviewer(), input }), suspendSeal({ ctx: asReviewer(), input })]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const [failed] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(failed!.reason).toBeInstanceOf(ConflictError);
    expect((failed!.reason as Error).message).toBe('This seal is already suspended.');
    expect((await eventsOf(seal.id)).filter((event) => event.type === 'suspended')).toHaveLength(1);
    expect((await auditOf(seal.id)).filter((row) => row.action === 'seal.suspend')).toHaveLength(1);
  });

  it('tells every member of the holder when a reviewer suspends and reinstates the seal, in the same transaction', async () => {
    const { owner, member, seal } = await issuedSeal();
    await suspendSeal({ ctx: asReviewer(), input: { sealId: seal.publicId, reason: 'Complaint under investigation.', reinstatementRequirements: 'Answer the notice.' } });
    await reinstateSeal({ ctx: asReviewer(), input: { sealId: seal.publicId } });
    for (const user of [owner, member]) {
      const received = await database.db.select().from(notifications).where(eq(notifications.recipientId, user.id)).orderBy(asc(notifications.createdAt));
      expect(received.map((notification) => notification.subject)).toEqual([`Your seal ${seal.publicId} is suspended`, `Your seal ${seal.publicId} is active again`]);
      expect(received[0]?.body).toContain('To be reinstated: Answer the notice.');
    }
    const refused = await rejectionOf(reinstateSeal({ ctx: asReviewer(), input: { sealId: seal.publicId } }), ConflictError);
    expect(refused.message).toBeTruthy();
    // The refused transition wrote no third notification.
    expect(await database.db.select().from(notifications).where(eq(notifications.recipientId, owner.id))).toHaveLength(2);
  });
});
