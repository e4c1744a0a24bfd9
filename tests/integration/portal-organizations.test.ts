import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, memberships } from '@/db/schema';
import { createOrganization } from '@/lib/services/organizations/create-organization';
import { acceptInvitation, inviteMember, revokeInvitation, INVITATION_VALIDITY_DAYS } from '@/lib/services/organizations/invitations';
import { leaveOrganization, removeMember, setMemberRole, transferOwnership } from '@/lib/services/organizations/members';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { createTestClock } from '@/lib/clock';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';
import { seedOrganization } from '../helpers/portal-factories';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const roleOf = async (organizationId: string, userId: string) =>
  (await database.db.select().from(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId))))[0]?.role ?? null;

describe(`organizations (${testDriver})`, () => {
  it('lets a signed-in person create an organization and makes them its owner, with an audit event', async () => {
    const user = await seedUser(database.db);
    const organization = await createOrganization({
      ctx: contextFor(database.db, actorOf(user)),
      input: { legalName: '  Toysmart.com, Inc. ', country: 'us', contactEmail: 'Privacy@Toysmart.example', website: 'https://toysmart.example' },
    });
    expect(organization).toMatchObject({ legalName: 'Toysmart.com, Inc.', country: 'US', contactEmail: 'privacy@toysmart.example' });
    expect(await roleOf(organization.id, user.id)).toBe('owner');
    const [event] = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, organization.id));
    expect(event).toMatchObject({ action: 'organization.create', actorId: user.id });
  });

  it('explains a bad country, email or website, and refuses a visitor who is not signed in', async () => {
    const user = await seedUser(database.db);
    const invalid = await rejectionOf(createOrganization({ ctx: contextFor(database.db, actorOf(user)), input: { legalName: 'X Corp', country: 'XX', contactEmail: 'nope', website: 'toysmart' } }), ValidationError);
    expect(Object.keys(invalid.fieldErrors).sort()).toEqual(['contactEmail', 'country', 'website']);
    expect(invalid.fieldErrors.country).toEqual(['Choose a country from the list.']);
    await rejectionOf(createOrganization({ ctx: contextFor(database.db, null), input: { legalName: 'X Corp', country: 'US', contactEmail: 'a@b.example' } }), UnauthenticatedError);
  });

  it('invites a colleague by a link that works once, for the invited address, until it expires', async () => {
    const owner = await seedUser(database.db);
    const colleague = await seedUser(database.db);
    const stranger = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner);
    const clock = createTestClock();
    const { token, invitation } = await inviteMember({ ctx: contextFor(database.db, actorOf(owner), clock), input: { organizationId: organization.id, email: colleague.email.toUpperCase() } });
    expect(invitation.email).toBe(colleague.email);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    expect(invitation.tokenSha256).not.toContain(token);

    const wrongPerson = await rejectionOf(acceptInvitation({ ctx: contextFor(database.db, actorOf(stranger), clock), input: { token } }), ValidationError);
    expect(wrongPerson.message).toContain(`This invitation was sent to ${colleague.email}`);
    const joined = await acceptInvitation({ ctx: contextFor(database.db, actorOf(colleague), clock), input: { token } });
    expect(joined.organizationId).toBe(organization.id);
    expect(await roleOf(organization.id, colleague.id)).toBe('member');
    const again = await rejectionOf(acceptInvitation({ ctx: contextFor(database.db, actorOf(colleague), clock), input: { token } }), ConflictError);
    expect(again.message).toBe('This invitation has already been used.');
    const forged = await rejectionOf(acceptInvitation({ ctx: contextFor(database.db, actorOf(colleague), clock), input: { token: `${token.slice(0, -2)}xx` } }), NotFoundError);
    expect(forged.message).toContain('not valid');
  });

  it('refuses an expired or withdrawn invitation, and invitations from a mere member', async () => {
    const owner = await seedUser(database.db);
    const member = await seedUser(database.db);
    const invitee = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner, [member]);
    const clock = createTestClock();
    const late = await inviteMember({ ctx: contextFor(database.db, actorOf(owner), clock), input: { organizationId: organization.id, email: invitee.email } });
    await clock.setTime(clock.now() + (INVITATION_VALIDITY_DAYS * 24 + 1) * 3600_000);
    const expired = await rejectionOf(acceptInvitation({ ctx: contextFor(database.db, actorOf(invitee), clock), input: { token: late.token } }), ConflictError);
    expect(expired.message).toMatch(/^This invitation expired on /);

    const withdrawn = await inviteMember({ ctx: contextFor(database.db, actorOf(owner), clock), input: { organizationId: organization.id, email: invitee.email } });
    await revokeInvitation({ ctx: contextFor(database.db, actorOf(owner), clock), input: { organizationId: organization.id, invitationId: withdrawn.invitation.id } });
    const refused = await rejectionOf(acceptInvitation({ ctx: contextFor(database.db, actorOf(invitee), clock), input: { token: withdrawn.token } }), ConflictError);
    expect(refused.message).toContain('withdrawn');

    const notOwner = await rejectionOf(inviteMember({ ctx: contextFor(database.db, actorOf(member), clock), input: { organizationId: organization.id, email: invitee.email } }), ForbiddenError);
    expect(notOwner.message).toBe(`Only an owner of ${organization.legalName} can do this.`);
    const already = await rejectionOf(inviteMember({ ctx: contextFor(database.db, actorOf(owner), clock), input: { organizationId: organization.id, email: member.email } }), ConflictError);
    expect(already.message).toContain('is already a member');
  });

  it('keeps at least one owner: the last owner cannot leave or step down, but can transfer ownership', async () => {
    const owner = await seedUser(database.db);
    const member = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner, [member]);
    const ownerCtx = contextFor(database.db, actorOf(owner));
    const leave = await rejectionOf(leaveOrganization({ ctx: ownerCtx, input: { organizationId: organization.id } }), ConflictError);
    expect(leave.message).toContain('needs at least one owner');
    await rejectionOf(setMemberRole({ ctx: ownerCtx, input: { organizationId: organization.id, userId: owner.id, role: 'member' } }), ConflictError);

    await transferOwnership({ ctx: ownerCtx, input: { organizationId: organization.id, userId: member.id } });
    expect(await roleOf(organization.id, member.id)).toBe('owner');
    expect(await roleOf(organization.id, owner.id)).toBe('member');
    // The former owner is now a member and may leave.
    await leaveOrganization({ ctx: ownerCtx, input: { organizationId: organization.id } });
    expect(await roleOf(organization.id, owner.id)).toBeNull();
  });

  it('lets an owner remove a member, who then loses access', async () => {
    const owner = await seedUser(database.db);
    const member = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner, [member]);
    await removeMember({ ctx: contextFor(database.db, actorOf(owner)), input: { organizationId: organization.id, userId: member.id } });
    const gone = await rejectionOf(leaveOrganization({ ctx: contextFor(database.db, actorOf(member)), input: { organizationId: organization.id } }), NotFoundError);
    expect(gone.message).toBe('This organization does not exist, or you are not a member of it.');
    const actions = (await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, organization.id))).map((event) => event.action);
    expect(actions).toContain('membership.remove');
  });
});
