import { z } from 'zod';
import { and, count, eq, isNull } from 'drizzle-orm';
import { apiKeys, type ApiKey, type ApiKeyKind } from '@/db/schema';
import { requireRole, type Actor } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { scopesOf } from '@/lib/api/scopes';
import { MAX_CALLS_PER_MINUTE } from '@/lib/api/rate-limit-policy';
import { newApiToken, secretSha256 } from '@/lib/api/tokens';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { requireMembership } from '../organizations/membership';

/*
 * Making and revoking API keys (issue #17). An organization's owner makes its keys; an admin makes
 * the keys of relying parties and of the authority's own tools. The token is returned once and
 * only its hash is kept; every key has a name, chosen scopes, and may expire.
 */

export const API_KEY_LIMITS = { activePerOwner: 20, nameLength: 100, maxDaysValid: 730 } as const;

const KeyFields = {
  name: z.string({ message: 'Name the key.' }).trim().min(3, 'Name the key (at least 3 characters), e.g. the system that will use it.').max(API_KEY_LIMITS.nameLength),
  scopes: z.array(z.string()).min(1, 'Choose at least one thing the key may do.'),
  /** A date (YYYY-MM-DD): the key works until the end of that day, UTC. Empty: it does not expire. */
  expiresOn: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'Give the expiry as a date, or leave it empty.')
    .optional(),
};

const OrganizationKeyInput = z.object({ organizationId: z.uuid({ message: 'Unknown organization.' }), ...KeyFields });
const StaffKeyInput = z.object({
  kind: z.enum(['relying_party', 'authority'], { message: 'Choose who the key is for.' }),
  ...KeyFields,
  /** Empty: the kind's default (lib/api/rate-limit.ts). */
  callsPerMinute: z.preprocess(
    (value) => (value === '' || value === null ? undefined : value),
    z.coerce.number({ message: 'Give the calls a minute as a number.' }).int('Give a whole number of calls.').min(1, 'Allow at least 1 call a minute.').max(MAX_CALLS_PER_MINUTE, `Allow at most ${MAX_CALLS_PER_MINUTE.toLocaleString('en')} calls a minute.`).optional(),
  ),
});

function expiryOf(expiresOn: string | undefined, now: Date): Date | null {
  if (!expiresOn) return null;
  const end = new Date(`${expiresOn}T23:59:59.999Z`);
  if (Number.isNaN(end.getTime())) throw new ValidationError('Give the expiry as a date, or leave it empty.', { expiresOn: ['Give the expiry as a date, or leave it empty.'] });
  if (end <= now) throw new ValidationError('The expiry date has passed: choose a later one.', { expiresOn: ['The expiry date has passed: choose a later one.'] });
  if (end.getTime() - now.getTime() > API_KEY_LIMITS.maxDaysValid * 86_400_000) {
    throw new ValidationError(`A key may be valid for at most ${API_KEY_LIMITS.maxDaysValid} days.`, { expiresOn: [`Choose a date within ${API_KEY_LIMITS.maxDaysValid} days.`] });
  }
  return end;
}

function checkScopes(kind: ApiKeyKind, scopes: string[]): string[] {
  const allowed = scopesOf(kind);
  const unknown = scopes.filter((scope) => !allowed.includes(scope));
  if (unknown.length > 0) throw new ValidationError(`A key of this kind cannot be given: ${unknown.join(', ')}.`, { scopes: [`Choose among: ${allowed.join(', ')}.`] });
  return allowed.filter((scope) => scopes.includes(scope));
}

export type CreatedApiKey = { key: ApiKey; token: string };

async function insertKey(ctx: ServiceContext, actor: Actor, values: { kind: ApiKeyKind; organizationId: string | null; name: string; scopes: string[]; expiresAt: Date | null; callsPerMinute?: number | null }, now: Date): Promise<CreatedApiKey> {
  const { publicId, secret, token } = newApiToken();
  return ctx.db.transaction(async (tx) => {
    const [{ active }] = (await tx
      .select({ active: count() })
      .from(apiKeys)
      .where(and(eq(apiKeys.createdById, actor.id), isNull(apiKeys.revokedAt)))) as [{ active: number }];
    if (active >= API_KEY_LIMITS.activePerOwner) throw new ConflictError(`You have ${API_KEY_LIMITS.activePerOwner} keys in use: revoke one you no longer need first.`);
    const [key] = await tx
      .insert(apiKeys)
      .values({ ...values, publicId, secretSha256: secretSha256(secret), createdById: actor.id, createdAt: now })
      .returning();
    await recordAudit(tx, { actorId: actor.id, action: 'api-key.create', entityType: 'api_key', entityId: key!.id, after: { publicId, kind: values.kind, organizationId: values.organizationId, name: values.name, scopes: values.scopes, expiresAt: values.expiresAt?.toISOString() ?? null, callsPerMinute: values.callsPerMinute ?? null }, at: now });
    return { key: key!, token };
  });
}

/** An owner makes a key for their organization, with some of the organization scopes. */
export async function createOrganizationApiKey({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<CreatedApiKey> {
  const data = parseInput(OrganizationKeyInput, input);
  const { actor, organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId, 'owner');
  const now = nowDate(ctx.clock);
  const scopes = checkScopes('organization', data.scopes);
  return insertKey(ctx, actor, { kind: 'organization', organizationId: organization.id, name: data.name, scopes, expiresAt: expiryOf(data.expiresOn, now) }, now);
}

/** An admin makes a key for a relying party (public data, webhooks) or for one of the authority's tools. */
export async function createStaffApiKey({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<CreatedApiKey> {
  const admin = requireRole(ctx.actor, 'admin');
  const data = parseInput(StaffKeyInput, input);
  const now = nowDate(ctx.clock);
  const scopes = checkScopes(data.kind, data.scopes);
  return insertKey(ctx, admin, { kind: data.kind, organizationId: null, name: data.name, scopes, expiresAt: expiryOf(data.expiresOn, now), callsPerMinute: data.callsPerMinute ?? null }, now);
}

const RevokeInput = z.object({ keyId: z.uuid({ message: 'Unknown key.' }) });

/**
 * Revokes a key at once: its next call is refused. An organization's key by an owner of that
 * organization; any key by an admin (a leaked key cannot wait for its owner).
 */
export async function revokeApiKey({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<ApiKey> {
  const actor = requireRole(ctx.actor, 'applicant');
  const data = parseInput(RevokeInput, input);
  const now = nowDate(ctx.clock);
  const [found] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, data.keyId)).limit(1);
  if (!found) throw new NotFoundError('This key does not exist.');
  if (actor.role !== 'admin') {
    if (!found.organizationId) throw new ForbiddenError('Only an administrator can revoke this key.');
    await requireMembership(ctx.db, actor, found.organizationId, 'owner');
  }
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx.select().from(apiKeys).where(eq(apiKeys.id, data.keyId)).for('update').limit(1);
    if (key!.revokedAt) throw new ConflictError(`Key “${key!.name}” was already revoked.`);
    const [revoked] = await tx.update(apiKeys).set({ revokedAt: now, revokedById: actor.id }).where(eq(apiKeys.id, key!.id)).returning();
    await recordAudit(tx, { actorId: actor.id, action: 'api-key.revoke', entityType: 'api_key', entityId: key!.id, before: { revokedAt: null }, after: { publicId: key!.publicId, name: key!.name, revokedAt: now.toISOString() }, at: now });
    return revoked!;
  });
}
