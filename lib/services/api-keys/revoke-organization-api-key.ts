import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { apiKeys, type ApiKey } from '@/db/schema';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { requireMembership } from '../organizations/membership';
import { revokeApiKey } from './manage-api-keys';

const RevokeOrganizationKeyInput = z.object({
  organizationId: z.uuid({ message: 'Unknown organization.' }),
  keyId: z.uuid({ message: 'Unknown key.' }),
});

/**
 * The portal's way to revoke a key (each actor its own entry point, as in Boulder): an owner, for a
 * key of the organization whose page they are on, and nothing else. An administrator revokes any
 * key from the staff workspace (revokeApiKey); here they are an organization's owner or nobody.
 */
export async function revokeOrganizationApiKey({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<ApiKey> {
  const data = parseInput(RevokeOrganizationKeyInput, input);
  const { organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId, 'owner');
  const [key] = await ctx.db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, data.keyId), eq(apiKeys.organizationId, organization.id)))
    .limit(1);
  if (!key) throw new NotFoundError(`This key does not exist, or is not one of ${organization.legalName}’s.`);
  return revokeApiKey({ ctx, input: { keyId: key.id } });
}
