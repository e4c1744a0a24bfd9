import { z } from 'zod';
import { memberships, organizations } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';
import { emailField } from '../users/fields';
import { requireVerifiedEmail } from '../users/email-verification';
import { countryField, websiteField } from './fields';

export const CreateOrganizationInput = z.object({
  legalName: z.string().trim().min(2, 'Enter the organization’s legal name.').max(200, 'Use at most 200 characters.'),
  country: countryField,
  contactEmail: emailField,
  website: websiteField,
});

/** Any signed-in person with a verified address may create an organization; they become its first owner. */
export async function createOrganization({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'applicant');
  const data = parseInput(CreateOrganizationInput, input);
  await requireVerifiedEmail(ctx.db, actor, 'create an organization');
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [organization] = await tx.insert(organizations).values({ ...data, createdAt: now }).returning();
    await tx.insert(memberships).values({ organizationId: organization!.id, userId: actor.id, role: 'owner', createdAt: now });
    await recordAudit(tx, { actorId: actor.id, action: 'organization.create', entityType: 'organization', entityId: organization!.id, after: data, at: now });
    return organization!;
  });
}
