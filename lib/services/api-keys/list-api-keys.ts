import { z } from 'zod';
import { and, count, desc, eq, gt, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { apiKeyCalls, apiKeyKinds, apiKeys, organizations, users, type ApiKeyKind } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { CursorParam, keyset, readKeysetPage } from '@/lib/lists/keyset';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';
import { requireMembership } from '../organizations/membership';

/*
 * The people's view of API keys (issue #17): an organization's keys for its members, every key
 * for the administrators. A row never carries the secret's hash (the token itself is never kept):
 * what identifies a key is its name and its public prefix, `osk_<publicId>_…`.
 */

export type ApiKeyState = 'in_use' | 'expired' | 'revoked';

export type ApiKeyView = {
  id: string;
  publicId: string;
  /** How the token starts, for matching a key in a config file with its row; the secret part is never shown again. */
  prefix: string;
  kind: ApiKeyKind;
  organizationId: string | null;
  organizationName: string | null;
  name: string;
  scopes: string[];
  createdAt: Date;
  createdByName: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedByName: string | null;
  /** Calls made with the key in the 24 hours before the list was read, from its trail (api_key_calls). */
  callsLast24h: number;
  state: ApiKeyState;
};

const creator = alias(users, 'key_creator');
const revoker = alias(users, 'key_revoker');
const DAY_MS = 24 * 60 * 60 * 1000;

/** The columns a list shows, the secret's hash left out; the calls counted on api_key_calls_key_idx. */
function viewColumns(ctx: ServiceContext, now: Date) {
  const since = new Date(now.getTime() - DAY_MS);
  const recentCalls = ctx.db
    .select({ n: count() })
    .from(apiKeyCalls)
    .where(and(eq(apiKeyCalls.keyId, apiKeys.id), gt(apiKeyCalls.at, since)));
  return {
    id: apiKeys.id,
    publicId: apiKeys.publicId,
    kind: apiKeys.kind,
    organizationId: apiKeys.organizationId,
    organizationName: organizations.legalName,
    name: apiKeys.name,
    scopes: apiKeys.scopes,
    createdAt: apiKeys.createdAt,
    createdByName: creator.name,
    expiresAt: apiKeys.expiresAt,
    lastUsedAt: apiKeys.lastUsedAt,
    revokedAt: apiKeys.revokedAt,
    revokedByName: revoker.name,
    callsLast24h: sql<number>`(${recentCalls})`.mapWith(Number),
  };
}

/** The keys with their creator, revoker and organization joined; `extra` adds columns (a list's cursor). */
function selectViews<Extra extends Record<string, SQL>>(ctx: ServiceContext, now: Date, extra: Extra) {
  return ctx.db
    .select({ ...viewColumns(ctx, now), ...extra })
    .from(apiKeys)
    .innerJoin(creator, eq(creator.id, apiKeys.createdById))
    .leftJoin(revoker, eq(revoker.id, apiKeys.revokedById))
    .leftJoin(organizations, eq(organizations.id, apiKeys.organizationId));
}

type ViewRow = Omit<ApiKeyView, 'prefix' | 'state'>;

function toView(row: ViewRow, now: Date): ApiKeyView {
  const state: ApiKeyState = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= now ? 'expired' : 'in_use';
  return { ...row, prefix: `osk_${row.publicId}_…`, state };
}

/** An organization's page shows this many of its newest keys; revoked ones stay listed (who revoked, when). */
export const ORGANIZATION_KEYS_SHOWN = 100;

const OrganizationKeysInput = z.object({ organizationId: z.uuid({ message: 'Unknown organization.' }) });

/**
 * An organization's keys, newest first, for any of its members: members read the list, only
 * owners may make or revoke a key (`canManage`). A key is the organization's business, whoever
 * made it, so members see the keys of every owner.
 */
export async function listOrganizationApiKeys({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(OrganizationKeysInput, input);
  const { organization, role } = await requireMembership(ctx.db, ctx.actor, data.organizationId);
  const now = nowDate(ctx.clock);
  const rows = await selectViews(ctx, now, {})
    .where(eq(apiKeys.organizationId, organization.id))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(ORGANIZATION_KEYS_SHOWN + 1);
  return {
    organization,
    canManage: role === 'owner',
    keys: rows.slice(0, ORGANIZATION_KEYS_SHOWN).map((row) => toView(row, now)),
    /** More keys than the page shows: the oldest are left out. */
    more: rows.length > ORGANIZATION_KEYS_SHOWN,
  };
}

export const apiKeyStateLabels: Record<ApiKeyState, string> = { in_use: 'In use', expired: 'Expired', revoked: 'Revoked' };

/** The query string of `/review/api-keys`. A value that makes no sense is dropped, never an error page. */
export const ApiKeyListQuery = z.object({
  kind: z.enum(apiKeyKinds).optional().catch(undefined),
  /** `in_use`: neither revoked nor past its expiry, so a call with it is accepted. */
  state: z.enum(['in_use', 'expired', 'revoked']).optional().catch(undefined),
  after: CursorParam,
  before: CursorParam,
});
export type ApiKeyListQuery = z.infer<typeof ApiKeyListQuery>;

/** Newest first. Keys are few (twenty in use per person at most): no index beyond the primary key is needed. */
const KEY_ORDER = keyset(
  [
    { kind: 'timestamp', expr: apiKeys.createdAt },
    { kind: 'uuid', expr: apiKeys.id },
  ],
  'desc',
);

function listFilters(query: ApiKeyListQuery, now: Date): SQL[] {
  const where: SQL[] = query.kind ? [eq(apiKeys.kind, query.kind)] : [];
  if (query.state === 'revoked') where.push(isNotNull(apiKeys.revokedAt));
  if (query.state === 'expired') where.push(isNull(apiKeys.revokedAt), lte(apiKeys.expiresAt, now));
  if (query.state === 'in_use') where.push(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))!);
  return where;
}

/** Every key of every kind, for the administrators (who may revoke any of them), a page at a time. */
export async function listAllApiKeys({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'admin');
  const query = parseInput(ApiKeyListQuery, input);
  const now = nowDate(ctx.clock);
  const where = listFilters(query, now);
  const page = await readKeysetPage(KEY_ORDER, query, (beyond, orderBy, limit) =>
    selectViews(ctx, now, { cursor: KEY_ORDER.cursorOf })
      .where(and(...where, beyond))
      .orderBy(...orderBy)
      .limit(limit),
  );
  return {
    filters: { kind: query.kind, state: query.state },
    keys: page.rows.map(({ cursor: _cursor, ...row }) => toView(row, now)),
    previous: page.previous,
    next: page.next,
  };
}

export type ApiKeyListPage = Awaited<ReturnType<typeof listAllApiKeys>>;
