import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { auditEvents, memberships, outboundMails, users } from '@/db/schema';
import { loadActor } from '@/lib/auth/actor';
import { createTestClock } from '@/lib/clock';
import { ConflictError, ForbiddenError, TooManyAttemptsError, ValidationError } from '@/lib/services/errors';
import { signUp } from '@/lib/services/users/sign-up';
import { createUser } from '@/lib/services/users/create-user';
import { createOrganization } from '@/lib/services/organizations/create-organization';
import { acceptInvitation, inviteMember } from '@/lib/services/organizations/invitations';
import { addSite } from '@/lib/services/sites/add-site';
import { fileComplaint } from '@/lib/services/complaints/file-complaint';
import { resendVerification, resendVerificationToUser, verifyEmail } from '@/lib/services/users/email-verification';
import { requestEmailChange } from '@/lib/services/users/change-email';
import { changePassword } from '@/lib/services/users/change-password';
import { changeName } from '@/lib/services/users/change-name';
import { endSessions, endSessionsOfToken } from '@/lib/services/users/end-sessions';
import { LINK_MESSAGES } from '@/lib/services/users/user-tokens';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, FACTORY_PASSWORD, seedUser } from '../helpers/factories';
import { seedOrganization } from '../helpers/portal-factories';
import { rejectionOf } from '../helpers/errors';
import { publicFiling } from './complaints-fixtures';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const GOOD_PASSWORD = 'copper-meadow-violin-88';
const someClient = () => `198.51.100.${crypto.randomInt(1, 255)}-${crypto.randomBytes(3).toString('hex')}`;
const uniqueEmail = (label: string) => `${label}-${crypto.randomBytes(4).toString('hex')}@example.test`;
const organizationInput = { legalName: 'Verified Shop Ltd', country: 'US', contactEmail: 'privacy@verified.example', website: '' };

async function verificationTokenMailedTo(address: string): Promise<string | null> {
  const [mail] = await database.db.select().from(outboundMails).where(eq(outboundMails.toAddress, address)).orderBy(desc(outboundMails.createdAt)).limit(1);
  return mail?.secret?.split('/verify-email/')[1] ?? null;
}

async function storedUser(id: string) {
  const [row] = await database.db.select().from(users).where(eq(users.id, id));
  return row!;
}

async function newSignUp(label = 'newcomer') {
  const email = uniqueEmail(label);
  const { user } = await signUp({ ctx: contextFor(database.db, null), input: { name: `New ${label}`, email, password: GOOD_PASSWORD, clientAddress: someClient() } });
  return user!;
}

describe(`email verification (${testDriver})`, () => {
  it('[APPLICANT] a new account is mailed a link; until it is followed it cannot create an organization, add a site, file as itself or accept an invitation', async () => {
    const user = await newSignUp();
    expect(user.emailVerifiedAt).toBeNull();
    const token = await verificationTokenMailedTo(user.email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ctx = contextFor(database.db, actorOf(user));

    const organization = await rejectionOf(createOrganization({ ctx, input: organizationInput }), ForbiddenError);
    expect(organization.message).toBe(`Verify your email address before you create an organization: open the link we mailed to ${user.email}, or ask for a new one from the notice at the top of the page.`);

    // A member of an existing organization (invited earlier, say) cannot claim a domain for it either.
    const owned = await seedOrganization(database.db, await seedUser(database.db), [user]);
    const site = await rejectionOf(addSite({ ctx, input: { organizationId: owned.id, domain: 'unverified-claim.example' } }), ForbiddenError);
    expect(site.message).toMatch(/^Verify your email address before you add a site:/);

    const complaint = await rejectionOf(fileComplaint({ ctx, input: publicFiling({ domain: 'shop.example' }) }), ForbiddenError);
    expect(complaint.message).toMatch(/^Verify your email address before you file a complaint as a signed-in user \(or sign out and file it without an account\):/);

    const owner = await seedUser(database.db);
    const inviting = await seedOrganization(database.db, owner);
    const { token: invitation } = await inviteMember({ ctx: contextFor(database.db, actorOf(owner)), input: { organizationId: inviting.id, email: user.email } });
    const accept = await rejectionOf(acceptInvitation({ ctx, input: { token: invitation } }), ForbiddenError);
    expect(accept.message).toMatch(/^Verify your email address before you accept this invitation:/);

    // Following the link opens every door.
    expect(await verifyEmail({ ctx: contextFor(database.db, null), input: { token } })).toEqual({ email: user.email, changed: false });
    expect((await storedUser(user.id)).emailVerifiedAt).not.toBeNull();
    expect(await createOrganization({ ctx, input: organizationInput })).toMatchObject({ legalName: 'Verified Shop Ltd' });
    expect(await acceptInvitation({ ctx, input: { token: invitation } })).toMatchObject({ organizationId: inviting.id });
    const again = await rejectionOf(verifyEmail({ ctx: contextFor(database.db, null), input: { token: token! } }), ConflictError);
    expect(again.message).toBe(LINK_MESSAGES.used);
  });

  it('[APPLICANT] an invitation is accepted only by the account whose verified address it was sent to', async () => {
    const owner = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner);
    const someoneElse = await seedUser(database.db);
    const { token } = await inviteMember({ ctx: contextFor(database.db, actorOf(owner)), input: { organizationId: organization.id, email: uniqueEmail('invited') } });
    const refused = await rejectionOf(acceptInvitation({ ctx: contextFor(database.db, actorOf(someoneElse)), input: { token } }), ValidationError);
    expect(refused.message).toMatch(/^This invitation was sent to invited-.*@example\.test\. Sign in with that address to accept it/);
    expect(await database.db.select().from(memberships).where(and(eq(memberships.organizationId, organization.id), eq(memberships.userId, someoneElse.id)))).toEqual([]);
  });

  it('[APPLICANT] resends the link on request, invalidating the earlier one, at most 3 times an hour', async () => {
    const clock = createTestClock();
    const user = await newSignUp('resender');
    const first = (await verificationTokenMailedTo(user.email))!;
    const ctx = { ...contextFor(database.db, actorOf(user)), clock };
    const client = someClient();
    await clock.tick(1000);
    await resendVerification({ ctx, input: { clientAddress: client } });
    const second = (await verificationTokenMailedTo(user.email))!;
    expect(second).not.toBe(first);
    const older = await rejectionOf(verifyEmail({ ctx, input: { token: first } }), ConflictError);
    expect(older.message).toBe(LINK_MESSAGES.invalidated);

    await resendVerification({ ctx, input: { clientAddress: client } });
    await resendVerification({ ctx, input: { clientAddress: client } });
    await rejectionOf(resendVerification({ ctx, input: { clientAddress: client } }), TooManyAttemptsError);
    await clock.tick(61 * 60_000);
    await resendVerification({ ctx, input: { clientAddress: client } });
    // Expired after 48 hours.
    const latest = (await verificationTokenMailedTo(user.email))!;
    await clock.tick(48 * 60 * 60_000);
    const expired = await rejectionOf(verifyEmail({ ctx, input: { token: latest } }), ConflictError);
    expect(expired.message).toBe(LINK_MESSAGES.expired);
  });

  it('[ADMIN] accounts made by an admin are verified; an admin resends a verification mail, nobody else may', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const { user: made } = await createUser({ ctx: contextFor(database.db, actorOf(admin)), input: { name: 'Made By Admin', email: uniqueEmail('made'), role: 'reviewer' } });
    expect(made.emailVerifiedAt).not.toBeNull();
    await rejectionOf(resendVerificationToUser({ ctx: contextFor(database.db, actorOf(admin)), input: { userId: made.id } }), ConflictError);

    const pending = await newSignUp('pending');
    const before = (await verificationTokenMailedTo(pending.email))!;
    await rejectionOf(resendVerificationToUser({ ctx: contextFor(database.db, actorOf(await seedUser(database.db, { role: 'reviewer' }))), input: { userId: pending.id } }), ForbiddenError);
    expect(await resendVerificationToUser({ ctx: contextFor(database.db, actorOf(admin)), input: { userId: pending.id } })).toEqual({ email: pending.email });
    const after = (await verificationTokenMailedTo(pending.email))!;
    expect(after).not.toBe(before);
    await verifyEmail({ ctx: contextFor(database.db, null), input: { token: after } });
    expect((await storedUser(pending.id)).emailVerifiedAt).not.toBeNull();
  });
});

describe(`account page verbs (${testDriver})`, () => {
  it('[APPLICANT] changes the address only once the new one is verified; the current password is required', async () => {
    const user = await seedUser(database.db);
    const ctx = contextFor(database.db, actorOf(user));
    const next = uniqueEmail('moved');
    const wrong = await rejectionOf(requestEmailChange({ ctx, input: { email: next, currentPassword: 'not-my-password', clientAddress: someClient() } }), ValidationError);
    expect(wrong.fieldErrors.currentPassword).toEqual(['Your current password is not right. Check it and try again.']);

    expect(await requestEmailChange({ ctx, input: { email: next, currentPassword: FACTORY_PASSWORD, clientAddress: someClient() } })).toEqual({
      message: `We have sent a link to ${next}. Your account keeps its current address until you open that link.`,
    });
    expect((await storedUser(user.id)).email).toBe(user.email);
    const token = (await verificationTokenMailedTo(next))!;
    expect(await verifyEmail({ ctx: contextFor(database.db, null), input: { token } })).toEqual({ email: next, changed: true });
    const moved = await storedUser(user.id);
    expect(moved.email).toBe(next);
    expect(moved.emailVerifiedAt).not.toBeNull();
  });

  it('[APPLICANT] asking for an address that has another account answers the same, and mails that address a notice, not a link', async () => {
    const user = await seedUser(database.db);
    const other = await seedUser(database.db);
    const answer = await requestEmailChange({ ctx: contextFor(database.db, actorOf(user)), input: { email: other.email, currentPassword: FACTORY_PASSWORD, clientAddress: someClient() } });
    expect(answer.message).toBe(`We have sent a link to ${other.email}. Your account keeps its current address until you open that link.`);
    const mails = await database.db.select().from(outboundMails).where(eq(outboundMails.toAddress, other.email));
    expect(mails.map((mail) => [mail.subject, mail.secret])).toEqual([['Someone tried to move an OpenSeal account to your address', null]]);
    expect((await storedUser(user.id)).email).toBe(user.email);
  });

  it('[APPLICANT] changes the name', async () => {
    const user = await seedUser(database.db);
    expect(await changeName({ ctx: contextFor(database.db, actorOf(user)), input: { name: '  Renamed Person ' } })).toMatchObject({ name: 'Renamed Person' });
  });

  it('[APPLICANT] changing the password needs the current one and ends every session; so does signing out', async () => {
    const user = await seedUser(database.db);
    const ctx = contextFor(database.db, actorOf(user));
    await rejectionOf(changePassword({ ctx, input: { currentPassword: 'wrong-password-here', password: GOOD_PASSWORD } }), ValidationError);
    const weak = await rejectionOf(changePassword({ ctx, input: { currentPassword: FACTORY_PASSWORD, password: 'short' } }), ValidationError);
    expect(weak.fieldErrors.password).toEqual(['Use at least 12 characters (this one has 5).']);
    expect(await loadActor(database.db, user.id, 0)).not.toBeNull();

    expect(await changePassword({ ctx, input: { currentPassword: FACTORY_PASSWORD, password: GOOD_PASSWORD } })).toEqual({ sessionVersion: 1 });
    expect(await loadActor(database.db, user.id, 0)).toBeNull();
    expect(await loadActor(database.db, user.id, 1)).toEqual(actorOf(user));

    await endSessions({ ctx });
    expect(await loadActor(database.db, user.id, 1)).toBeNull();
    expect(await loadActor(database.db, user.id, 2)).toEqual(actorOf(user));
    // Signing out without a session changes nothing.
    await endSessions({ ctx: contextFor(database.db, null) });
    expect((await storedUser(user.id)).sessionVersion).toBe(2);
  });

  it('[APPLICANT] Auth.js’s own sign-out ends every session of the token’s version, once, with its audit event', async () => {
    const user = await seedUser(database.db);
    const clock = createTestClock(new Date('2026-09-01T10:00:00Z'));
    const signOuts = async () => (await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, user.id), eq(auditEvents.action, 'user.sign-out')))).length;
    expect(await endSessionsOfToken(database.db, clock, { userId: user.id, sessionVersion: 0 })).toBe(true);
    expect(await loadActor(database.db, user.id, 0)).toBeNull();
    expect(await signOuts()).toBe(1);
    // The same token again (our sign-out button ends the sessions first, then calls Auth.js's): nothing more.
    expect(await endSessionsOfToken(database.db, clock, { userId: user.id, sessionVersion: 0 })).toBe(false);
    expect((await storedUser(user.id)).sessionVersion).toBe(1);
    expect(await signOuts()).toBe(1);
    expect(await loadActor(database.db, user.id, 1)).toEqual(actorOf(user));
  });

  it('[PUBLIC] accounts that existed before verification count as verified (the column default)', async () => {
    const [row] = await database.db.insert(users).values({ email: uniqueEmail('legacy'), name: 'Legacy', passwordHash: 'x' }).returning();
    expect(row!.emailVerifiedAt).not.toBeNull();
    expect(await createOrganization({ ctx: contextFor(database.db, actorOf(row!)), input: organizationInput })).toMatchObject({ legalName: 'Verified Shop Ltd' });
  });
});
