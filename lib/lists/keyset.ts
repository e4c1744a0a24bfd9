import { z } from 'zod';
import { and, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';

/**
 * Keyset (cursor) paging for the staff lists (ADR 0013, after ADR 0012's users list). A list is
 * ordered by a key of several parts, all in one direction, the last part unique (an id); a page
 * starts after the last row's key ("Next", `?after=`) or ends before the first row's ("Previous",
 * `?before=`). The key is compared as one row value, `(a, b, id) > ($1, $2, $3)`, which a B-tree
 * index on the same parts (expressions included) answers as a range: a deep page costs what the
 * first one does, and a row inserted between two reads can neither repeat a row nor push one off.
 */

export const LIST_PAGE_SIZE = 50;

type PartKind = 'timestamp' | 'uuid' | 'bool' | 'int';
export type KeyPart = { kind: PartKind; expr: SQL | AnyPgColumn };

/**
 * A cursor is the key's parts joined by `~`: timestamps to the microsecond in UTC (a JavaScript
 * Date would cut them to milliseconds and lose or repeat rows made within one) or `infinity`,
 * ids, `t`/`f`, integers.
 */
const PATTERNS: Record<PartKind, string> = {
  timestamp: '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z|infinity',
  uuid: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  bool: '[tf]',
  int: '-?\\d{1,9}',
};
const CASTS: Record<PartKind, string> = { timestamp: 'timestamptz', uuid: 'uuid', bool: 'boolean', int: 'integer' };

/** A part as text, the way the cursor writes it, whatever the session's time zone or date style. */
function partText(part: KeyPart): SQL {
  switch (part.kind) {
    case 'timestamp':
      // to_char gives null for infinity.
      return sql`coalesce(to_char(${part.expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'infinity')`;
    case 'bool':
      return sql`case when ${part.expr} then 't' else 'f' end`;
    default:
      return sql`(${part.expr})::text`;
  }
}

export type Keyset = {
  /** The cursor of a row, to select with it. */
  cursorOf: SQL<string>;
  /** A cursor from the query string, or undefined when it is not one of this order's (first page, never an error). */
  parse(value: string | undefined): string[] | undefined;
  /** Read in the list's order, or against it (a previous page). */
  orderBy(reverse: boolean): SQL[];
  /** The rows after `parts` in the list's order, or before them when `reverse`. */
  beyond(parts: string[], reverse: boolean): SQL;
};

export function keyset(parts: readonly KeyPart[], direction: 'asc' | 'desc'): Keyset {
  const pattern = new RegExp(`^${parts.map((part) => `(${PATTERNS[part.kind]})`).join('~')}$`);
  return {
    cursorOf: sql<string>`concat_ws('~', ${sql.join(parts.map(partText), sql`, `)})`,
    parse(value) {
      const match = value ? pattern.exec(value) : null;
      if (!match) return undefined;
      const values = match.slice(1);
      const valid = parts.every((part, i) => part.kind !== 'timestamp' || values[i] === 'infinity' || !Number.isNaN(Date.parse(values[i]!)));
      return valid ? values : undefined;
    },
    orderBy(reverse) {
      const ascending = (direction === 'asc') !== reverse;
      return parts.map((part) => (ascending ? sql`${part.expr} asc` : sql`${part.expr} desc`));
    },
    beyond(values, reverse) {
      const forward = (direction === 'asc') !== reverse;
      const left = sql.join(parts.map((part) => sql`${part.expr}`), sql`, `);
      const right = sql.join(parts.map((part, i) => sql`${values[i]}::${sql.raw(CASTS[part.kind])}`), sql`, `);
      return forward ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
    },
  };
}

/** `?after=` and `?before=`: kept as strings here, read against the order the filters pick (a malformed one is dropped). */
export const CursorParam = z.string().max(200).optional().catch(undefined);

/** A list's text filter: trimmed, at most 100 characters; blank is no filter. */
export const TextFilterParam = z
  .string()
  .trim()
  .max(100)
  .transform((value) => value || undefined)
  .optional()
  .catch(undefined);

/**
 * Trigram indexes only serve a search of three characters or more (shorter ones have no
 * trigrams, and would read every row): a shorter text is not searched, and the page says so.
 */
export const MIN_SEARCH_LENGTH = 3;

/**
 * The rows matching any of `alternatives` (and all of `conditions`), as `id in (…)`: each
 * alternative is its own query in the list's order, cut at the page's limit, and the page is the
 * first rows of their union. A plain `a OR b OR c` would leave the planner one choice for all of
 * them; apart, each takes its own: a rare match is found on its trigram index and sorted, a common
 * one (a word in every organization's name) by walking the list's order until a page is full.
 * Alternatives that look in another table are `exists (…)`, so a row never counts twice.
 */
export function matchingAny({ table, id, conditions, alternatives, orderBy, limit }: { table: PgTable; id: AnyPgColumn; conditions: (SQL | undefined)[]; alternatives: SQL[]; orderBy: SQL[]; limit: number }): SQL {
  const arms = alternatives.map((alternative) => sql`(select ${id} from ${table} where ${and(...conditions, alternative)} order by ${sql.join(orderBy, sql`, `)} limit ${limit})`);
  return sql`${id} in (${sql.join(arms, sql` union all `)})`;
}

/** `%text%` for ILIKE, with the text's own wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export type KeysetPage<Row> = { rows: Row[]; previous: string | null; next: string | null };

/**
 * Reads one page: after `after`, before `before`, or the first. `read` runs the list's query with
 * the extra condition, the order and the limit it is given; each row carries its `cursor`.
 * Fewer rows than a page before `before` are the start of the list, shown as they are (a short
 * first page) rather than padded with the rows after them, which the reader has just seen.
 */
export async function readKeysetPage<Row extends { cursor: string }>(
  order: Keyset,
  cursors: { after?: string; before?: string },
  read: (beyond: SQL | undefined, orderBy: SQL[], limit: number) => Promise<Row[]>,
  pageSize = LIST_PAGE_SIZE,
): Promise<KeysetPage<Row>> {
  const before = order.parse(cursors.before);
  const after = before ? undefined : order.parse(cursors.after);
  if (before) {
    const rows = await read(order.beyond(before, true), order.orderBy(true), pageSize + 1);
    if (rows.length > 0) {
      const page = rows.slice(0, pageSize).reverse();
      return { rows: page, previous: rows.length > pageSize ? page[0]!.cursor : null, next: page.at(-1)!.cursor };
    }
    // Nothing before it any more (deleted or moved on): the first page.
  }
  const rows = await read(after ? order.beyond(after, false) : undefined, order.orderBy(false), pageSize + 1);
  const page = rows.slice(0, pageSize);
  return { rows: page, previous: after && page.length > 0 ? page[0]!.cursor : null, next: rows.length > pageSize ? page.at(-1)!.cursor : null };
}
