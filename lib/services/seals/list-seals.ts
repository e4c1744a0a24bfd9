import { z } from 'zod';
import { and, eq, gt, ilike, lte, sql, type SQL } from 'drizzle-orm';
import { organizations, sealDomains, seals, sealStatuses, type SealStatus } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { containsPattern, CursorParam, keyset, matchingAny, MIN_SEARCH_LENGTH, readKeysetPage, TextFilterParam } from '@/lib/lists/keyset';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';

/** The query string of `/review/seals`. A value that makes no sense is dropped, never an error page. */
export const SealListQuery = z.object({
  /** The stored status; `all` or none for any. */
  status: z.enum([...sealStatuses, 'all']).optional().catch(undefined),
  /** Only active seals that expire within this many days from now (not yet past it), soonest first. */
  expiresWithin: z.coerce.number().int().min(1).max(366).optional().catch(undefined),
  /** Any part of the public id, a domain, or the holder's name. */
  q: TextFilterParam,
  after: CursorParam,
  before: CursorParam,
});
export type SealListQuery = z.infer<typeof SealListQuery>;

/** Newest issued first (seals_issued_id_idx; by status, seals_status_issued_id_idx). */
const SEAL_ORDER = keyset(
  [
    { kind: 'timestamp', expr: seals.issuedAt },
    { kind: 'uuid', expr: seals.id },
  ],
  'desc',
);

/** Expiring soon: soonest first (seals_status_expiry_idx, on the stored status `active`). */
const EXPIRY_ORDER = keyset(
  [
    { kind: 'timestamp', expr: seals.expiresAt },
    { kind: 'uuid', expr: seals.id },
  ],
  'asc',
);

const DAY = 24 * 60 * 60 * 1000;

/**
 * The list's conditions for a query (without its text search and cursor). Exported so that a count
 * of the same rows (the staff dashboard, lib/review/workspace-counts.ts) is the list's, not a copy.
 * "Expiring" means still active and not yet past `expiresAt` (a seal past it reads expired already).
 */
export function sealListFilters(query: Pick<SealListQuery, 'status' | 'expiresWithin'>, now: Date): SQL[] {
  const where: SQL[] = query.status && query.status !== 'all' ? [eq(seals.status, query.status)] : [];
  if (query.expiresWithin) where.push(eq(seals.status, 'active'), gt(seals.expiresAt, now), lte(seals.expiresAt, new Date(now.getTime() + query.expiresWithin * DAY)));
  return where;
}

/** What the text filter looks in: the public id, the seal's domains, the holder's name (each on its trigram index). */
function searchAlternatives(search: string): SQL[] {
  const like = containsPattern(search);
  return [
    ilike(seals.publicId, like),
    sql`exists (select 1 from ${sealDomains} where ${sealDomains.sealId} = ${seals.id} and ${sealDomains.domain} ilike ${like})`,
    sql`exists (select 1 from ${organizations} where ${organizations.id} = ${seals.organizationId} and ${organizations.legalName} ilike ${like})`,
  ];
}

/**
 * One page of the staff's seal list, newest issued first, by stored status, with a text search;
 * or the active seals expiring within some days, soonest first.
 * Every reviewer may read it: a seal's record is public on its verification page, and a reviewer
 * with a conflict of interest may read the seal's own page too (its verbs refuse them). A seal
 * past its `expiresAt` reads expired everywhere, even before the expiry job stores it: each row
 * says so (`pastExpiry`), whatever the filter.
 */
export async function listSeals({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const query = parseInput(SealListQuery, input);
  const search = query.q && query.q.length >= MIN_SEARCH_LENGTH ? query.q : undefined;
  const now = nowDate(ctx.clock);
  const where = sealListFilters(query, now);
  const order = query.expiresWithin ? EXPIRY_ORDER : SEAL_ORDER;

  const page = await readKeysetPage(order, query, (beyond, orderBy, limit) => {
    const conditions = [...where, beyond];
    return ctx.db
      .select({
        seal: seals,
        organizationName: organizations.legalName,
        domains: sql<string[]>`coalesce((select array_agg(${sealDomains.domain} order by ${sealDomains.domain}) from ${sealDomains} where ${sealDomains.sealId} = ${seals.id}), '{}')`,
        cursor: order.cursorOf,
      })
      .from(seals)
      .innerJoin(organizations, eq(organizations.id, seals.organizationId))
      .where(search ? matchingAny({ table: seals, id: seals.id, conditions, alternatives: searchAlternatives(search), orderBy, limit }) : and(...conditions))
      .orderBy(...orderBy)
      .limit(limit);
  });

  return {
    filters: { status: query.status === 'all' ? undefined : query.status, expiresWithin: query.expiresWithin?.toString(), q: query.q },
    /** The text was too short to search by (no trigrams): the list is not narrowed by it. */
    searchTooShort: !!query.q && !search,
    seals: page.rows.map(({ cursor: _cursor, ...row }) => ({ ...row, pastExpiry: row.seal.expiresAt.getTime() <= now.getTime() && row.seal.status !== 'revoked' })),
    previous: page.previous,
    next: page.next,
  };
}

export type SealListPage = Awaited<ReturnType<typeof listSeals>>;

/** What a visitor would read: a stored active/suspended seal past its expiry is expired. */
export function displayedSealStatus(status: SealStatus, pastExpiry: boolean): SealStatus {
  return pastExpiry && (status === 'active' || status === 'suspended') ? 'expired' : status;
}
