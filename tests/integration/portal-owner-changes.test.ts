import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, invitations, notifications, outboundMails, sites } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { listDirectory } from '@/lib/public-status/directory-queries';
import { updateOrganization } from '@/lib/services/organizations/update-organization';
import { acceptInvitation, inviteMember } from '@/lib/services/organizations/invitations';
import { INVITATION_RESEND_LIMIT, resendInvitation } from '@/lib/services/organizations/resend-invitation';
import { removeSite } from '@/lib/services/sites/remove-site';
import { addSite } from '@/lib/services/sites/add-site';
import { startApplication } from '@/lib/services/applications/start-application';
import { startRenewal } from '@/lib/services/seals/start-renewal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { revokeSeal } from '@/lib/services/seals/revoke-seal';
import { ConflictError, ForbiddenError, NotFoundError, TooManyAttemptsError, ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';
import { seedDefaultProgram, seedOrganization, seedSite } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { startFastPathServer, type FastPathServer } from './public-status-fixtures';

let database: TestDatabase;
let server: FastPathServer;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewer = await seedUser(database.db, { role: 'reviewer' });
  server = await startFastPathServer(database);
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const as = (user: Awaited<ReturnType<typeof seedUser>>, clock = createTestClock()) => contextFor(database.db, actorOf(user), clock);
const issuedSeal = (extraDomains = 0) => seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(Date.now() - 60_000), extraDomains });
const auditOf = (entityId: string, action: string) => database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, entityId), eq(auditEvents.action, action)));
const notificationsOf = (userId: string, kind: string) => database.db.select().from(notifications).where(and(eq(notifications.recipientId, userId), eq(notifications.kind, kind)));
const details = (organizationId: string, legalName: string) => ({ organizationId, legalName, country: 'US', contactEmail: 'privacy@org.example', website: '' });

async function holderOnStatusApi(publicId: string): Promise<string> {
  const response = await server.fetch(`/api/v1/seals/${publicId}/status`);
  return ((await response.json()) as { holder: { name: string } }).holder.name;
}

describe(`an owner edits the organization (${testDriver})`, () => {
  it('[OWNER] renames it: audited before → after, and the status API and the directory name the new holder at once', async () => {
    const { owner, member, organization, seal } = await issuedSeal();
    expect(await holderOnStatusApi(seal.publicId)).toBe(organization.legalName); // now cached
    const renamed = `Toysmart Renamed ${seal.publicId}`;
    const { changed } = await updateOrganization({ ctx: as(owner), input: { ...details(organization.id, renamed), country: 'CA' } });
    expect(changed).toEqual(['legalName', 'country']);

    const [event] = await auditOf(organization.id, 'organization.update');
    expect(event).toMatchObject({ actorId: owner.id, before: { legalName: organization.legalName, country: 'US' }, after: { legalName: renamed, country: 'CA' } });
    // The rename's NOTIFY drops the cached answer: in-process on PGlite, over the network on PostgreSQL.
    if (testDriver === 'pglite') expect(await holderOnStatusApi(seal.publicId)).toBe(renamed);
    else await expect.poll(() => holderOnStatusApi(seal.publicId), { timeout: 10_000, interval: 20 }).toBe(renamed);
    const directory = await listDirectory(database.db, { q: renamed }, new Date());
    expect(directory.entries.map((entry) => [entry.sealId, entry.holder.name, entry.holder.country])).toEqual([[seal.publicId, renamed, 'CA']]);

    // The other member is told what changed, from what to what; the owner who did it is not.
    const [told] = await notificationsOf(member.id, 'organization.details-changed');
    expect(told).toMatchObject({ subject: `The details of ${renamed} were changed`, link: `/portal/organizations/${organization.id}` });
    expect(told!.body).toContain(`${owner.name} changed the details of ${organization.legalName}:`);
    expect(told!.body).toContain(`Legal name: ${organization.legalName} → ${renamed}`);
    expect(told!.body).toContain('Country of registration: United States → Canada');
    expect(await notificationsOf(owner.id, 'organization.details-changed')).toEqual([]);
    const mails = await database.db.select().from(outboundMails).where(eq(outboundMails.toAddress, member.email));
    expect(mails.map((mail) => mail.subject)).toContain(`The details of ${renamed} were changed`);
  });

  it('refuses a member, a stranger and staff, explains bad input, and says when nothing changed', async () => {
    const { owner, member, organization } = await issuedSeal();
    const stranger = await seedUser(database.db);
    const admin = await seedUser(database.db, { role: 'admin' });
    const input = details(organization.id, 'Someone Else Ltd');
    expect((await rejectionOf(updateOrganization({ ctx: as(member), input }), ForbiddenError)).message).toBe(`Only an owner of ${organization.legalName} can do this.`);
    await rejectionOf(updateOrganization({ ctx: as(stranger), input }), NotFoundError);
    await rejectionOf(updateOrganization({ ctx: as(admin), input }), NotFoundError);
    const invalid = await rejectionOf(updateOrganization({ ctx: as(owner), input: { ...input, country: 'XX', contactEmail: 'nope' } }), ValidationError);
    expect(Object.keys(invalid.fieldErrors).sort()).toEqual(['contactEmail', 'country']);
    const same = await rejectionOf(updateOrganization({ ctx: as(owner), input: details(organization.id, organization.legalName) }), ConflictError);
    expect(same.message).toBe(`Nothing changed: these are already the details of ${organization.legalName}.`);
    expect(await auditOf(organization.id, 'organization.update')).toEqual([]);
  });
});

describe(`an owner removes a site (${testDriver})`, () => {
  it('[OWNER] removes a proven site no seal covers: audited, the other members told, and the domain is free for another organization', async () => {
    const owner = await seedUser(database.db);
    const colleague = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner, [colleague]);
    const site = await seedSite(database.db, organization.id);
    const rival = await seedUser(database.db);
    const rivalOrganization = await seedOrganization(database.db, rival);
    const held = await rejectionOf(addSite({ ctx: as(rival), input: { organizationId: rivalOrganization.id, domain: site.domain } }), ConflictError);
    expect(held.message).toContain('is already proven by another organization');

    const removed = await removeSite({ ctx: as(owner), input: { siteId: site.id } });
    expect(removed).toMatchObject({ endReason: 'removed', verifiedAt: null });
    const [event] = await auditOf(site.id, 'site.remove');
    expect(event).toMatchObject({ actorId: owner.id, before: { domain: site.domain, verifiedBy: 'dns' }, after: { endReason: 'removed' } });
    const [told] = await notificationsOf(colleague.id, 'site.removed');
    expect(told).toMatchObject({ subject: `${site.domain} was removed from ${organization.legalName}` });
    expect(told!.body).toContain(`${owner.name} removed the site ${site.domain}`);
    expect(await notificationsOf(owner.id, 'site.removed')).toEqual([]);
    const claimed = await addSite({ ctx: as(rival), input: { organizationId: rivalOrganization.id, domain: site.domain } });
    expect(claimed.organizationId).toBe(rivalOrganization.id);
    // Removed once is removed: a second try is told so.
    expect((await rejectionOf(removeSite({ ctx: as(owner), input: { siteId: site.id } }), ConflictError)).message).toContain('is no longer one of your sites');
  });

  it('refuses while an active or suspended seal covers the site, as its primary or an extra domain, naming the seal; allows it once the seal is given up', async () => {
    const { owner, site, extras, seal } = await issuedSeal(1);
    const covered = await rejectionOf(removeSite({ ctx: as(owner), input: { siteId: site.id } }), ConflictError);
    expect(covered.message).toBe(
      `${site.domain} is covered by seal ${seal.publicId} (active), so it cannot be removed. A seal names its domains for as long as it runs: give the seal up first (on this page), or remove the site after the seal has expired.`,
    );
    await suspendSeal({ ctx: as(reviewer), input: { sealId: seal.publicId, reason: 'A complaint is under investigation.', reinstatementRequirements: 'Answer the complaint.' } });
    expect((await rejectionOf(removeSite({ ctx: as(owner), input: { siteId: extras[0]!.id } }), ConflictError)).message).toContain(`is covered by seal ${seal.publicId} (suspended)`);
    expect((await database.db.select().from(sites).where(eq(sites.id, site.id)))[0]!.endedAt).toBeNull();

    await revokeSeal({ ctx: as(owner), input: { sealId: seal.publicId, reason: 'no_longer_wanted', statement: 'We closed the shop.' } });
    await removeSite({ ctx: as(owner), input: { siteId: site.id } });
    await removeSite({ ctx: as(owner), input: { siteId: extras[0]!.id } });
  });

  it('refuses while an application for the site is open, and refuses a member and a stranger', async () => {
    const owner = await seedUser(database.db);
    const member = await seedUser(database.db);
    const stranger = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner, [member]);
    const site = await seedSite(database.db, organization.id);
    await startApplication({ ctx: as(member), input: { siteId: site.id, programSlug: 'privacy-seal' } });
    expect((await rejectionOf(removeSite({ ctx: as(owner), input: { siteId: site.id } }), ConflictError)).message).toBe(`${site.domain} has a draft application. Withdraw it first, then remove the site.`);
    expect((await rejectionOf(removeSite({ ctx: as(member), input: { siteId: site.id } }), ForbiddenError)).message).toBe(`Only an owner of ${organization.legalName} can remove a site.`);
    await rejectionOf(removeSite({ ctx: as(stranger), input: { siteId: site.id } }), NotFoundError);
  });

  it('an expired seal of a removed site cannot be renewed: the domain must be proven again', async () => {
    const { owner, site, seal } = await issuedSeal();
    const afterExpiry = createTestClock(new Date(seal.expiresAt.getTime() + 24 * 60 * 60_000));
    await removeSite({ ctx: as(owner, afterExpiry), input: { siteId: site.id } });
    const refused = await rejectionOf(startRenewal({ ctx: as(owner, afterExpiry), input: { sealId: seal.publicId } }), ConflictError);
    expect(refused.message).toContain(`${site.domain} was removed from your organization’s sites, so ${seal.publicId} cannot be renewed.`);
  });
});

describe(`an owner resends an invitation (${testDriver})`, () => {
  async function invited() {
    const owner = await seedUser(database.db);
    const member = await seedUser(database.db);
    const colleague = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner, [member]);
    const clock = createTestClock();
    const first = await inviteMember({ ctx: as(owner, clock), input: { organizationId: organization.id, email: colleague.email } });
    return { owner, member, colleague, organization, clock, first };
  }
  const mailsTo = (address: string) => database.db.select().from(outboundMails).where(eq(outboundMails.toAddress, address));

  it('[OWNER] sends a new link, mailed and audited; the old link stops working and says why', async () => {
    const { owner, colleague, organization, clock, first } = await invited();
    const resent = await resendInvitation({ ctx: as(owner, clock), input: { organizationId: organization.id, invitationId: first.invitation.id } });
    expect(resent.token).not.toBe(first.token);
    // Two mails to the colleague, the first invitation's and this one's, each with its own link.
    const mails = await mailsTo(colleague.email);
    expect(mails.map((mail) => mail.subject)).toEqual(Array(2).fill(`Invitation to join ${organization.legalName} on OpenSeal`));
    expect(mails.map((mail) => mail.secret?.split('/invitations/')[1]).sort()).toEqual([first.token, resent.token].sort());
    const [event] = await auditOf(organization.id, 'invitation.resend');
    expect(event).toMatchObject({ actorId: owner.id, before: { invitationId: first.invitation.id }, after: { invitationId: resent.invitation.id, email: colleague.email } });

    const old = await rejectionOf(acceptInvitation({ ctx: as(colleague, clock), input: { token: first.token } }), ConflictError);
    expect(old.message).toBe(`This link was replaced by a newer invitation, mailed to ${colleague.email}. Use the link in the most recent mail.`);
    expect((await acceptInvitation({ ctx: as(colleague, clock), input: { token: resent.token } })).organizationId).toBe(organization.id);
  });

  it('resends an expired invitation with a full validity, refuses a member and a stranger, and limits resends per address and day', async () => {
    const { owner, member, organization, clock, first } = await invited();
    await clock.tick(8 * 24 * 60 * 60_000); // past the 7 days
    const stranger = await seedUser(database.db);
    await rejectionOf(resendInvitation({ ctx: as(member, clock), input: { organizationId: organization.id, invitationId: first.invitation.id } }), ForbiddenError);
    await rejectionOf(resendInvitation({ ctx: as(stranger, clock), input: { organizationId: organization.id, invitationId: first.invitation.id } }), NotFoundError);

    // The first invitation is a week old: only the resends count within the day.
    let current = first.invitation.id;
    for (let resend = 0; resend < INVITATION_RESEND_LIMIT.max; resend++) {
      const { invitation } = await resendInvitation({ ctx: as(owner, clock), input: { organizationId: organization.id, invitationId: current } });
      expect(invitation.expiresAt.getTime()).toBe(clock.now() + 7 * 24 * 60 * 60_000);
      current = invitation.id;
    }
    const limited = await rejectionOf(resendInvitation({ ctx: as(owner, clock), input: { organizationId: organization.id, invitationId: current } }), TooManyAttemptsError);
    expect(limited.message).toMatch(/has been sent 4 invitations to .+ in the last day\. Try again in \d+ (minutes|hours)/);
    await clock.tick(24 * 60 * 60_000);
    await resendInvitation({ ctx: as(owner, clock), input: { organizationId: organization.id, invitationId: current } });
    const live = await database.db.select().from(invitations).where(and(eq(invitations.organizationId, organization.id)));
    expect(live.filter((row) => !row.revokedAt)).toHaveLength(1);
  });
});
