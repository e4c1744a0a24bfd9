import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { applications, auditEvents, memberships } from '@/db/schema';
import { inviteMember, revokeInvitation } from '@/lib/services/organizations/invitations';
import { leaveOrganization, removeMember, setMemberRole, transferOwnership } from '@/lib/services/organizations/members';
import { addSite } from '@/lib/services/sites/add-site';
import { verifySite } from '@/lib/services/sites/verify-site';
import { startApplication } from '@/lib/services/applications/start-application';
import { saveApplication } from '@/lib/services/applications/save-application';
import { attachPolicy } from '@/lib/services/applications/attach-policy';
import { submitApplication } from '@/lib/services/applications/submit-application';
import { withdrawApplication } from '@/lib/services/applications/withdraw-application';
import { NotFoundError, UnauthenticatedError } from '@/lib/services/errors';
import type { ServiceContext } from '@/lib/services/context';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';
import { seedDefaultProgram, seedOrganization, seedSite } from '../helpers/portal-factories';

let database: TestDatabase;
let ids: { organizationId: string; siteId: string; applicationId: string; invitationId: string; ownerId: string };

beforeAll(async () => {
  database = await freshDatabase();
  await seedDefaultProgram(database.db);
  // Organization A, with a site, an application and a pending invitation.
  const owner = await seedUser(database.db);
  const organization = await seedOrganization(database.db, owner, [], 'Organization A');
  const site = await seedSite(database.db, organization.id);
  const ownerCtx = contextFor(database.db, actorOf(owner));
  const application = await startApplication({ ctx: ownerCtx, input: { siteId: site.id, programSlug: 'privacy-seal' } });
  const { invitation } = await inviteMember({ ctx: ownerCtx, input: { organizationId: organization.id, email: 'someone@a.example' } });
  ids = { organizationId: organization.id, siteId: site.id, applicationId: application.id, invitationId: invitation.id, ownerId: owner.id };
});
afterAll(async () => {
  await database?.close();
});

/** Every verb of the portal, called with organization A's ids. */
const verbs: Array<[string, (ctx: ServiceContext) => Promise<unknown>]> = [
  ['inviteMember', (ctx) => inviteMember({ ctx, input: { organizationId: ids.organizationId, email: 'x@b.example' } })],
  ['revokeInvitation', (ctx) => revokeInvitation({ ctx, input: { organizationId: ids.organizationId, invitationId: ids.invitationId } })],
  ['removeMember', (ctx) => removeMember({ ctx, input: { organizationId: ids.organizationId, userId: ids.ownerId } })],
  ['setMemberRole', (ctx) => setMemberRole({ ctx, input: { organizationId: ids.organizationId, userId: ids.ownerId, role: 'member' } })],
  ['transferOwnership', (ctx) => transferOwnership({ ctx, input: { organizationId: ids.organizationId, userId: ctx.actor?.id ?? ids.ownerId } })],
  ['leaveOrganization', (ctx) => leaveOrganization({ ctx, input: { organizationId: ids.organizationId } })],
  ['addSite', (ctx) => addSite({ ctx, input: { organizationId: ids.organizationId, domain: 'sneaky.example' } })],
  ['verifySite', (ctx) => verifySite({ ctx, input: { siteId: ids.siteId, method: 'dns' } })],
  ['startApplication', (ctx) => startApplication({ ctx, input: { siteId: ids.siteId, programSlug: 'privacy-seal' } })],
  ['saveApplication', (ctx) => saveApplication({ ctx, input: { applicationId: ids.applicationId, answers: {} } })],
  ['attachPolicy', (ctx) => attachPolicy({ ctx, input: { applicationId: ids.applicationId, source: 'text', text: 'x'.repeat(300) } })],
  ['submitApplication', (ctx) => submitApplication({ ctx, input: { applicationId: ids.applicationId } })],
  ['withdrawApplication', (ctx) => withdrawApplication({ ctx, input: { applicationId: ids.applicationId } })],
];

describe(`a member of another organization (${testDriver})`, () => {
  it.each(verbs)('is told %s’s target does not exist, and nothing changes', async (_name, call) => {
    const outsider = await seedUser(database.db);
    await seedOrganization(database.db, outsider, [], 'Organization B');
    const auditBefore = (await database.db.select().from(auditEvents)).length;
    const refused = await rejectionOf(call(contextFor(database.db, actorOf(outsider))), NotFoundError);
    expect(refused.message).toMatch(/does not exist, or you are not a member/);
    expect(refused.message).not.toContain('Organization A');
    expect((await database.db.select().from(auditEvents)).length).toBe(auditBefore);
  });

  it.each(verbs)('is asked to sign in for %s when not signed in', async (_name, call) => {
    await rejectionOf(call(contextFor(database.db, null)), UnauthenticatedError);
  });

  it('left organization A exactly as it was', async () => {
    const members = await database.db.select().from(memberships).where(eq(memberships.organizationId, ids.organizationId));
    expect(members.map((member) => [member.userId, member.role])).toEqual([[ids.ownerId, 'owner']]);
    const [application] = await database.db.select().from(applications).where(eq(applications.id, ids.applicationId));
    expect(application?.status).toBe('draft');
  });
});
