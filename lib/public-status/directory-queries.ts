import { z } from 'zod';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { organizations, programs, sealDomains, seals, type SealStatus } from '@/db/schema';
import type { Executor } from '@/db/client';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { isSealPublicId } from '@/lib/seals/public-id';
import { addMonths } from '@/lib/seals/validity';
import { cappedCount, type CappedCount } from '@/lib/lists/capped-count';
import { containsPattern, MIN_SEARCH_LENGTH } from '@/lib/lists/keyset';
import { canonicalSealId } from './verification-queries';

export const DIRECTORY_PAGE_SIZE = 25;
/** How long a suspended, revoked or expired seal stays listed as such after its status changed. */
export const DIRECTORY_RETENTION_MONTHS = 12;
const MAX_QUERY_LENGTH = 100;

/**
 * Where a page starts or ends (ADR 0018): the part of the list (1: active now, 2: listed for a year
 * after it stopped being active), the seal id, and the holder's name as the list sorts it (lower
 * case, as PostgreSQL lowers it). The name comes last in the text, so that a `~` in it is harmless.
 */
export type DirectoryCursor = { part: 1 | 2; sealId: string; sortName: string };

const CURSOR_PATTERN = /^([12])~(OS-[0-9A-Z]{4}-[0-9A-Z]{4})~([\s\S]{1,600})$/;

export function parseDirectoryCursor(value: string | undefined): DirectoryCursor | undefined {
  const match = value ? CURSOR_PATTERN.exec(value) : null;
  if (!match || !isSealPublicId(match[2])) return undefined;
  return { part: match[1] === '1' ? 1 : 2, sealId: match[2]!, sortName: match[3]! };
}

export const directoryCursorText = (cursor: DirectoryCursor) => `${cursor.part}~${cursor.sealId}~${cursor.sortName}`;

/** The directory's URL query. Each part is read on its own, so one bad value does not lose the other. */
const SearchTerm = z
  .string('Search for one name or domain at a time.')
  .trim()
  .max(MAX_QUERY_LENGTH, `Search for at most ${MAX_QUERY_LENGTH} characters.`);
/** A cursor that is not one of ours (edited, truncated) is the first page, never an error page. */
const CursorText = z.string().max(700).optional().catch(undefined);

export type DirectoryQuery = { q: string; after?: string; before?: string };

/**
 * Parses `?q=…&after=…` or `?before=…`; a bad search is dropped and explained in `problems`.
 * `legacyPage`: the URL still carries the page number of the directory's numbered pages, which
 * the page answers with a redirect to the first page of the same search.
 */
export function parseDirectoryQuery(params: Record<string, string | string[] | undefined>): { query: DirectoryQuery; problems: string[]; legacyPage: boolean } {
  const problems: string[] = [];
  const q = params.q === undefined ? { success: true as const, data: '' } : SearchTerm.safeParse(params.q);
  if (!q.success) problems.push(`${q.error.issues[0]!.message} The search was not applied.`);
  const query: DirectoryQuery = { q: q.success ? q.data : '' };
  const before = CursorText.parse(params.before);
  const after = CursorText.parse(params.after);
  if (before) query.before = before;
  else if (after) query.after = after;
  return { query, problems, legacyPage: params.page !== undefined };
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

export type DirectoryPage = {
  entries: DirectoryEntry[];
  /** How many seals the directory (or the search) lists, counted up to 1,000. */
  count: CappedCount;
  /** Cursors for "Previous" (`?before=`) and "Next" (`?after=`); null at either end. */
  previous: string | null;
  next: string | null;
  /** The search typed was too short to be searched (no trigrams): the list is not narrowed by it. */
  searchTooShort: boolean;
};

/** The part of a typed address that a stored domain can contain: no scheme, `www.`, port or path. */
function domainTerm(text: string) {
  return text
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/:?#].*$/, '')
    .replace(/\.$/, '');
}

/**
 * What a search looks for, each on an index of its own: the holder's name (trigrams), a domain of
 * the seal (trigrams), the seal id (exact). Texts shorter than three characters have no trigrams
 * and are not searched by name or domain.
 */
function searchAlternatives(q: string): SQL[] {
  const alternatives: SQL[] = [];
  const sealId = canonicalSealId(q);
  if (sealId) alternatives.push(eq(seals.publicId, sealId));
  if (q.length >= MIN_SEARCH_LENGTH) alternatives.push(sql`${organizations.legalName} ilike ${containsPattern(q)}`);
  const term = domainTerm(q);
  if (term.length >= MIN_SEARCH_LENGTH) {
    alternatives.push(sql`exists (select 1 from ${sealDomains} where ${sealDomains.sealId} = ${seals.id} and ${sealDomains.domain} ilike ${containsPattern(term)})`);
  }
  return alternatives;
}

const at = (now: Date) => sql`${now.toISOString()}::timestamptz`;

/** Part 1 of the list: the seals active at `now`. */
function activeNow(now: Date): SQL {
  return sql`(${seals.status} = 'active' and ${seals.expiresAt} > ${at(now)})`;
}

/**
 * Part 2: a suspended, revoked or expired seal for 12 months after its status changed — so a
 * withdrawn certification is seen as withdrawn instead of silently vanishing. The status is the
 * effective one (lib/seals/effective-status.ts): a seal past `expiresAt` whose row still says
 * active or suspended counts as expired since then.
 */
function recentlyWithdrawn(now: Date): SQL {
  const cutoff = sql`${addMonths(now, -DIRECTORY_RETENTION_MONTHS).toISOString()}::timestamptz`;
  const lapsed = sql`${seals.status} in ('active', 'suspended') and ${seals.expiresAt} <= ${at(now)}`;
  const changedAt = sql`case when ${lapsed} then ${seals.expiresAt} else ${seals.statusChangedAt} end`;
  return sql`(not ${activeNow(now)} and ${changedAt} > ${cutoff})`;
}

const partCondition = (part: 1 | 2, now: Date) => (part === 1 ? activeNow(now) : recentlyWithdrawn(now));

/** Every seal the directory lists at `now`, both parts. */
function listedCondition(now: Date): SQL {
  return sql`(${activeNow(now)} or ${recentlyWithdrawn(now)})`;
}

/** The order within a part: holder name, case-insensitively, then seal id (unique). */
const sortName = sql<string>`lower(${organizations.legalName})`;
const orderWithin = (reverse: boolean) => (reverse ? [sql`${sortName} desc`, sql`${seals.publicId} desc`] : [sql`${sortName} asc`, sql`${seals.publicId} asc`]);

/**
 * Rows after the cursor (or before it, reading backwards). The row comparison is the key; the
 * single-column bound beside it lets the `lower(legal_name)` index start its walk at the cursor.
 */
function beyond(cursor: DirectoryCursor, reverse: boolean): SQL {
  const key = sql`(${sortName}, ${seals.publicId})`;
  const value = sql`(${cursor.sortName}::text, ${cursor.sealId}::text)`;
  return reverse ? sql`${sortName} <= ${cursor.sortName}::text and ${key} < ${value}` : sql`${sortName} >= ${cursor.sortName}::text and ${key} > ${value}`;
}

type Row = {
  sealId: string;
  sortName: string;
  storedStatus: SealStatus;
  statusChangedAt: Date;
  expiresAt: Date;
  holderName: string;
  holderCountry: string;
  programSlug: string;
  programName: string;
  domains: string[];
};

/**
 * Up to `limit` seals of one part, in its order (or against it), past `from` when given. With a
 * search, each alternative is its own query with the same conditions, order and limit, and the
 * rows are the first of their union (as `matchingAny` in lib/lists/keyset.ts, ADR 0013): a rare
 * name is found on its trigram index and sorted, a common one by walking the name order.
 */
async function readPart(db: Executor, now: Date, part: 1 | 2, alternatives: SQL[] | null, from: DirectoryCursor | undefined, reverse: boolean, limit: number): Promise<Row[]> {
  const conditions = [partCondition(part, now), from ? beyond(from, reverse) : undefined];
  const orderBy = orderWithin(reverse);
  const matching = alternatives
    ? sql`${seals.id} in (${sql.join(
        alternatives.map(
          (alternative) =>
            sql`(select ${seals.id} from ${seals} inner join ${organizations} on ${organizations.id} = ${seals.organizationId} where ${and(...conditions, alternative)} order by ${sql.join(orderBy, sql`, `)} limit ${limit})`,
        ),
        sql` union all `,
      )})`
    : undefined;
  return db
    .select({
      sealId: seals.publicId,
      sortName,
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
    .where(and(...conditions, matching))
    .orderBy(...orderBy)
    .limit(limit);
}

/** How many seals match, up to 1,000: each alternative read up to 1,001 ids, never every match. */
function countDirectory(db: Executor, now: Date, alternatives: SQL[] | null): Promise<CappedCount> {
  if (!alternatives) return cappedCount(db, seals, listedCondition(now));
  const arms = alternatives.map(
    (alternative) => sql`(select ${seals.id} from ${seals} inner join ${organizations} on ${organizations.id} = ${seals.organizationId} where ${listedCondition(now)} and ${alternative} limit 1001)`,
  );
  return cappedCount(db, seals, sql`${seals.id} in (${sql.join(arms, sql` union all `)})`);
}

function toEntry(row: Row, now: Date): DirectoryEntry {
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
}

type PartRow = Row & { part: 1 | 2 };

/** Up to `limit` rows from `from` on (or back), crossing from one part into the next when the first runs out. */
async function readAcross(db: Executor, now: Date, alternatives: SQL[] | null, from: DirectoryCursor | undefined, reverse: boolean, limit: number): Promise<PartRow[]> {
  const parts: Array<1 | 2> = reverse ? [2, 1] : [1, 2];
  const startPart = from?.part ?? parts[0]!;
  const rows: PartRow[] = [];
  for (const part of parts.slice(parts.indexOf(startPart))) {
    if (rows.length >= limit) break;
    const read = await readPart(db, now, part, alternatives, part === startPart ? from : undefined, reverse, limit - rows.length);
    rows.push(...read.map((row) => ({ ...row, part })));
  }
  return rows;
}

const cursorOf = (row: PartRow) => directoryCursorText({ part: row.part, sealId: row.sealId, sortName: row.sortName });

/**
 * One page of the public directory: the seals active now by holder name, then the ones withdrawn
 * or lapsed within the year, by holder name (ADR 0018). Keyset-paged: "Next" starts after the
 * last row's key, "Previous" ends before the first one's, so a deep page costs what the first one
 * does and a seal certified between two clicks neither repeats a row nor pushes one off the page.
 * A cursor that is not one of ours is the first page. Fewer rows before `before` than a page are
 * the start of the list, shown as they are.
 */
export async function listDirectory(db: Executor, query: DirectoryQuery, now: Date, pageSize = DIRECTORY_PAGE_SIZE): Promise<DirectoryPage> {
  const alternatives = query.q ? searchAlternatives(query.q) : null;
  const searchTooShort = alternatives !== null && alternatives.length === 0;
  const searched = searchTooShort ? null : alternatives;
  const [count, { page, previous, next }] = await Promise.all([countDirectory(db, now, searched), readPage(db, now, searched, query, pageSize)]);
  return { entries: page.map((row) => toEntry(row, now)), count, previous, next, searchTooShort };
}

async function readPage(db: Executor, now: Date, searched: SQL[] | null, query: DirectoryQuery, pageSize: number): Promise<{ page: PartRow[]; previous: string | null; next: string | null }> {
  const before = parseDirectoryCursor(query.before);
  if (before) {
    const rows = await readAcross(db, now, searched, before, true, pageSize + 1);
    if (rows.length > 0) {
      const page = rows.slice(0, pageSize).reverse();
      return { page, previous: rows.length > pageSize ? cursorOf(page[0]!) : null, next: cursorOf(page.at(-1)!) };
    }
    // Nothing before it any more: the first page.
  }
  const after = before ? undefined : parseDirectoryCursor(query.after);
  const rows = await readAcross(db, now, searched, after, false, pageSize + 1);
  const page = rows.slice(0, pageSize);
  return { page, previous: after && page.length > 0 ? cursorOf(page[0]!) : null, next: rows.length > pageSize ? cursorOf(page.at(-1)!) : null };
}
