import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, userSecondFactors } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { mustEnrolSecondFactor, withoutStaffRights } from '@/lib/auth/second-factor-policy';
import { authenticate, SecondFactorRequiredError } from '@/lib/services/users/authenticate';
import { resetSecondFactor } from '@/lib/services/second-factor/admin-reset';
import { updateSignInPolicy } from '@/lib/services/site-settings/update-sign-in-policy';
import { readSiteSettings } from '@/lib/services/site-settings/read';
import { declareConflict } from '@/lib/services/reviews/conflicts';
import { ConflictError, ForbiddenError, UnauthenticatedError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, FACTORY_PASSWORD, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';
import { seedSecondFactor } from '../helpers/second-factor-factories';
import { seedOrganization } from '../helpers/portal-factories';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`requiring a second factor of staff (${testDriver})`, () => {
  it('is off by default, switched by an admin only, and audited', async () => {
    expect(await readSiteSettings(database.db)).toEqual({ requireStaffSecondFactor: false });
    const admin = await seedUser(database.db, { role: 'admin' });
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    await rejectionOf(updateSignInPolicy({ ctx: contextFor(database.db, actorOf(reviewer)), input: { requireStaffSecondFactor: 'on' } }), ForbiddenError);
    await rejectionOf(updateSignInPolicy({ ctx: contextFor(database.db, null), input: { requireStaffSecondFactor: 'on' } }), UnauthenticatedError);
    // Not before the admin has a second factor of their own: they would be locked out of this page.
    const refused = await rejectionOf(updateSignInPolicy({ ctx: contextFor(database.db, actorOf(admin)), input: { requireStaffSecondFactor: 'on' } }), ConflictError);
    expect(refused.message).toMatch(/^Set up two-factor sign-in for your own account first/);
    expect(await readSiteSettings(database.db)).toEqual({ requireStaffSecondFactor: false });
    await seedSecondFactor(database.db, admin.id);

    expect(await updateSignInPolicy({ ctx: contextFor(database.db, actorOf(admin)), input: { requireStaffSecondFactor: 'on' } })).toEqual({ changed: true, requireStaffSecondFactor: true });
    expect(await updateSignInPolicy({ ctx: contextFor(database.db, actorOf(admin)), input: { requireStaffSecondFactor: 'on' } })).toEqual({ changed: false, requireStaffSecondFactor: true });
    expect(await readSiteSettings(database.db)).toEqual({ requireStaffSecondFactor: true });
    const audits = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'site.update-settings'));
    expect(audits.map((a) => [a.actorId, a.before, a.after])).toEqual([[admin.id, { requireStaffSecondFactor: false }, { requireStaffSecondFactor: true }]]);
  });

  it('once on, gives a staff account without a second factor only an applicant’s rights until it enrols', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    await seedSecondFactor(database.db, admin.id);
    await updateSignInPolicy({ ctx: contextFor(database.db, actorOf(admin)), input: { requireStaffSecondFactor: 'on' } });
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    const applicant = await seedUser(database.db);
    const organization = await seedOrganization(database.db, applicant);

    expect(await mustEnrolSecondFactor(database.db, actorOf(applicant))).toBe(false);
    expect(await mustEnrolSecondFactor(database.db, actorOf(reviewer))).toBe(true);
    // What the session hands the services meanwhile (lib/auth/session.ts): a staff verb refuses it.
    const meanwhile = withoutStaffRights(actorOf(reviewer));
    await rejectionOf(declareConflict({ ctx: contextFor(database.db, meanwhile), input: { organizationId: organization.id, reason: 'Former employer, until 2025.' } }), ForbiddenError);

    await seedSecondFactor(database.db, reviewer.id);
    expect(await mustEnrolSecondFactor(database.db, actorOf(reviewer))).toBe(false);
    await declareConflict({ ctx: contextFor(database.db, actorOf(reviewer)), input: { organizationId: organization.id, reason: 'Former employer, until 2025.' } });

    await updateSignInPolicy({ ctx: contextFor(database.db, actorOf(admin)), input: {} });
    const other = await seedUser(database.db, { role: 'admin' });
    expect(await mustEnrolSecondFactor(database.db, actorOf(other))).toBe(false);
  });
});

describe(`an admin resets a user's second factor (${testDriver})`, () => {
  it('only an admin may; the user then signs in with the password alone; audited', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const user = await seedUser(database.db);
    await seedSecondFactor(database.db, user.id);
    const clock = createTestClock();
    const signIn = () => authenticate({ ctx: contextFor(database.db, null, clock), input: { email: user.email, password: FACTORY_PASSWORD, ipAddress: '203.0.113.7' }, sleep: async () => {} });
    await rejectionOf(signIn(), SecondFactorRequiredError);

    for (const role of ['applicant', 'reviewer'] as const) {
      const someone = await seedUser(database.db, { role });
      await rejectionOf(resetSecondFactor({ ctx: contextFor(database.db, actorOf(someone)), input: { userId: user.id } }), ForbiddenError);
    }
    await rejectionOf(resetSecondFactor({ ctx: contextFor(database.db, actorOf(user)), input: { userId: user.id } }), ForbiddenError);

    expect(await resetSecondFactor({ ctx: contextFor(database.db, actorOf(admin), clock), input: { userId: user.id } })).toEqual({ email: user.email });
    expect(await database.db.select().from(userSecondFactors).where(eq(userSecondFactors.userId, user.id))).toEqual([]);
    expect((await signIn()).id).toBe(user.id);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, user.id), eq(auditEvents.action, 'user.second-factor-reset')));
    expect(audit).toMatchObject({ actorId: admin.id, before: { secondFactor: true }, after: { secondFactor: false } });

    await rejectionOf(resetSecondFactor({ ctx: contextFor(database.db, actorOf(admin)), input: { userId: user.id } }), ConflictError);
  });
});
