import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { organizations, seals } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { notifySealStatusesChanged } from '@/lib/public-status/status-notify';
import { notifyOrganization } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { CreateOrganizationInput } from './create-organization';
import { countryName } from './fields';
import { requireMembership } from './membership';

const UpdateOrganizationInput = CreateOrganizationInput.extend({ organizationId: z.string() });

const DETAILS = ['legalName', 'country', 'contactEmail', 'website'] as const;
type Details = Pick<typeof organizations.$inferSelect, (typeof DETAILS)[number]>;

const FIELD_WORDS: Record<(typeof DETAILS)[number], string> = {
  legalName: 'Legal name',
  country: 'Country of registration',
  contactEmail: 'Contact email for privacy matters',
  website: 'Website',
};

function shown(field: (typeof DETAILS)[number], value: string | null): string {
  if (value === null || value === '') return '(none)';
  return field === 'country' ? (countryName(value) ?? value) : value;
}

/**
 * An owner corrects the organization's details (the same fields as at its creation). The audit
 * event keeps each changed field before and after. The legal name and country are what the public
 * reads as a seal's holder (verification page, directory, badge, status API), so the status caches
 * are told of every seal of the organization, whatever its status, in the same transaction.
 */
export async function updateOrganization({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(UpdateOrganizationInput, input);
  const { actor, organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId, 'owner');
  const wanted: Details = { legalName: data.legalName, country: data.country, contactEmail: data.contactEmail, website: data.website ?? null };
  const changed = DETAILS.filter((field) => wanted[field] !== organization[field]);
  if (changed.length === 0) throw new ConflictError(`Nothing changed: these are already the details of ${organization.legalName}.`);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx.update(organizations).set(wanted).where(eq(organizations.id, organization.id)).returning();
    const before = Object.fromEntries(changed.map((field) => [field, organization[field]]));
    const after = Object.fromEntries(changed.map((field) => [field, updated![field]]));
    await recordAudit(tx, { actorId: actor.id, action: 'organization.update', entityType: 'organization', entityId: organization.id, before, after, at: now });
    // The other members learn of it: the contact address is where case notices go, the name and
    // country are what the public reads as the holder of the seals.
    await notifyOrganization(tx, { jobs: ctx.jobs, now }, organization.id, {
      kind: 'organization.details-changed',
      subject: `The details of ${updated!.legalName} were changed`,
      body: [
        `${actor.name} changed the details of ${organization.legalName}:`,
        ...changed.map((field) => `${FIELD_WORDS[field]}: ${shown(field, organization[field])} → ${shown(field, updated![field])}`),
        'If you did not expect this, ask the owners of the organization.',
      ].join('\n'),
      link: `/portal/organizations/${organization.id}`,
    }, { exceptUserId: actor.id });
    if (changed.includes('legalName') || changed.includes('country')) {
      const held = await tx.select({ publicId: seals.publicId }).from(seals).where(eq(seals.organizationId, organization.id));
      await notifySealStatusesChanged(tx, held.map((seal) => seal.publicId));
    }
    return { organization: updated!, changed };
  });
}
