import { z } from 'zod';
import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { organizations, programs, sealDomains, seals, type SealStatus } from '@/db/schema';
import type { Executor } from '@/db/client';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { addMonths } from '@/lib/seals/validity';
import { canonicalSealId } from './verification-queries';

export const DIRECTORY_PAGE_SIZE = 25;
/** How long a suspended, revoked or expired seal stays listed as such after its status changed. */
export const DIRECTORY_RETENTION_MONTHS = 12;
const MAX_QUERY_LENGTH = 100;

/** The directory's URL query. Each part is read on its own, so one bad value does not lose the other. */
const SearchTerm = z
  .string('Search for one name or domain at a time.')
  .trim()
  .max(MAX_QUERY_LENGTH, `Search for at most ${MAX_QUERY_LENGTH} characters.`);
const PageNumber = z
  .string('Give one page number.')
  .trim()
  .regex(/^[1-9][0-9]{0,5}$/, 'The page number must be a whole number from 1 up.')
  .transform(Number);

export type DirectoryQuery = { q: string; page: number };

/** Parses `?q=…&page=…`; a bad value is replaced by its default and explained in `problems`. */
export function parseDirectoryQuery(params: Record<string, string | string[] | undefined>): { query: DirectoryQuery; problems: string[] } {
  const problems: string[] = [];
  const q = params.q === undefined ? { success: true as const, data: '' } : SearchTerm.safeParse(params.q);
  const page = params.page === undefined || params.page === '' ? { success: true as const, data: 1 } : PageNumber.safeParse(params.page);
  if (!q.success) problems.push(`${q.error.issues[0]!.message} The search was not applied.`);
  if (!page.success) problems.push(`${page.error.issues[0]!.message} Showing the first page.`);
  return { query: { q: q.success ? q.data : '', page: page.success ? page.data : 1 }, problems };
}

export type DirectoryEntry = {
  sealId: string;
  holder: { name: string; country: string };
  domains: string[];
  program: { slug: string; name: string };
  /** As every reader shows it: a seal past `expiresAt` is expired even before the expiry job ran. */
  status: SealStatus;
  /** When the status shown took effect (the expiry date for a lapse not yet recorded). */
  statusChangedAt: Date;
  expiresAt: Date;
};

export type DirectoryPage = { entries: DirectoryEntry[]; total: number; page: number; pageSize: number; pageCount: number };

function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The part of a typed address that a stored domain can contain: no scheme, `www.`, port or path. */
function domainTerm(text: string) {
  return text
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/:?#].*$/, '')
    .replace(/\.$/, '');
}

function searchCondition(q: string): SQL | undefined {
  if (!q) return undefined;
  const conditions: SQL[] = [ilike(organizations.legalName, likePattern(q))];
  const term = domainTerm(q);
  if (term) conditions.push(sql`exists (select 1 from ${sealDomains} where ${sealDomains.sealId} = ${seals.id} and ${sealDomains.domain} ilike ${likePattern(term)})`);
  const sealId = canonicalSealId(q);
  if (sealId) conditions.push(eq(seals.publicId, sealId));
  return or(...conditions);
}

/**
 * Which seals the directory lists at `now`: every active one, and a suspended, revoked or expired
 * one for 12 months after its status changed — so a withdrawn certification is seen as withdrawn
 * instead of silently vanishing. The status is the effective one (lib/seals/effective-status.ts):
 * a seal past `expiresAt` whose row still says active or suspended counts as expired since then.
 */
function listedCondition(now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  const cutoff = sql`${addMonths(now, -DIRECTORY_RETENTION_MONTHS).toISOString()}::timestamptz`;
  const lapsed = sql`${seals.status} in ('active', 'suspended') and ${seals.expiresAt} <= ${at}`;
  const changedAt = sql`case when ${lapsed} then ${seals.expiresAt} else ${seals.statusChangedAt} end`;
  return sql`((${seals.status} = 'active' and ${seals.expiresAt} > ${at}) or ${changedAt} > ${cutoff})`;
}

/**
 * One page of the public directory: active seals first, then by holder name. A page past the end
 * comes back empty with the real `pageCount`, so the page can say how many there are.
 */
export async function listDirectory(db: Executor, query: DirectoryQuery, now: Date, pageSize = DIRECTORY_PAGE_SIZE): Promise<DirectoryPage> {
  const where = and(listedCondition(now), searchCondition(query.q));
  const at = sql`${now.toISOString()}::timestamptz`;
  const [counted] = await db
    .select({ total: count() })
    .from(seals)
    .innerJoin(organizations, eq(organizations.id, seals.organizationId))
    .where(where);
  const total = counted?.total ?? 0;
  const rows = await db
    .select({
      sealId: seals.publicId,
      storedStatus: seals.status,
      statusChangedAt: seals.statusChangedAt,
      expiresAt: seals.expiresAt,
      holderName: organizations.legalName,
      holderCountry: organizations.country,
      programSlug: programs.slug,
      programName: programs.name,
      domains: sql<string[]>`coalesce((select array_agg(${sealDomains.domain} order by ${sealDomains.domain}) from ${sealDomains} where ${sealDomains.sealId} = ${seals.id}), '{}')`,
    })
    .from(seals)
    .innerJoin(organizations, eq(organizations.id, seals.organizationId))
    .innerJoin(programs, eq(programs.id, seals.programId))
    .where(where)
    .orderBy(sql`case when ${seals.status} = 'active' and ${seals.expiresAt} > ${at} then 0 else 1 end`, asc(sql`lower(${organizations.legalName})`), asc(seals.publicId))
    .limit(pageSize)
    .offset((query.page - 1) * pageSize);
  const entries = rows.map((row): DirectoryEntry => {
    const status = effectiveStatus({ status: row.storedStatus, expiresAt: row.expiresAt }, now);
    const lapsedUnrecorded = status === 'expired' && row.storedStatus !== 'expired';
    return {
      sealId: row.sealId,
      holder: { name: row.holderName, country: row.holderCountry },
      domains: row.domains,
      program: { slug: row.programSlug, name: row.programName },
      status,
      statusChangedAt: lapsedUnrecorded ? row.expiresAt : row.statusChangedAt,
      expiresAt: row.expiresAt,
    };
  });
  return { entries, total, page: query.page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
