import { eq } from 'drizzle-orm';
import { apiKeys, type ApiKey } from '@/db/schema';
import type { Executor } from '@/db/client';
import { loadActor, type Actor } from '@/lib/auth/actor';
import { parseApiToken, secretMatches } from './tokens';

/** Why a call's key was not accepted; `message` is for the integrator reading the answer. */
export class ApiKeyRefused extends Error {
  constructor(
    readonly code: 'missing_key' | 'invalid_key' | 'key_revoked' | 'key_expired' | 'key_owner_disabled',
    message: string,
  ) {
    super(message);
  }
}

export type AuthenticatedKey = { key: ApiKey; actor: Actor };

/**
 * The key behind an `Authorization: Bearer osk_…` header, and the person it acts as, re-read now:
 * a revoked or expired key is refused, and so is the key of a person since disabled. A key is never
 * taken from a query string or a cookie (a URL ends up in logs).
 */
export async function authenticateApiKey(db: Executor, authorization: string | null, now: Date): Promise<AuthenticatedKey> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new ApiKeyRefused('missing_key', 'Send your API key as `Authorization: Bearer osk_…`.');
  const parsed = parseApiToken(match[1]!);
  const [key] = parsed ? await db.select().from(apiKeys).where(eq(apiKeys.publicId, parsed.publicId)).limit(1) : [];
  if (!parsed || !key || !secretMatches(parsed.secret, key.secretSha256)) throw new ApiKeyRefused('invalid_key', 'This API key is not valid. Check that it was copied whole.');
  if (key.revokedAt) throw new ApiKeyRefused('key_revoked', `API key “${key.name}” was revoked; ask for a new one.`);
  if (key.expiresAt && key.expiresAt <= now) throw new ApiKeyRefused('key_expired', `API key “${key.name}” expired; ask for a new one.`);
  const actor = await loadActor(db, key.createdById);
  if (!actor) throw new ApiKeyRefused('key_owner_disabled', `The account that made API key “${key.name}” is disabled, so the key no longer works.`);
  return { key, actor };
}
