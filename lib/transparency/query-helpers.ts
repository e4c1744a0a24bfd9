import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/db/client';

/** Small helpers the report's queries share (report.ts, case-figures.ts, monthly.ts). */

export type Counts<K extends string> = Record<K, number>;
/** Durations in days, to one decimal; null when nothing in the period had one. */
export type Days = { median: number | null; p90: number | null };

export type Row = Record<string, unknown>;
export async function rows(db: Executor, query: SQL): Promise<Row[]> {
  return ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
}
export const count = (value: unknown) => Number(value ?? 0);
export const days = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10);

/** Every key of `keys` with its count from `grouped` (key → count), zero where absent. */
export function countsOf<K extends string>(keys: readonly K[], grouped: Row[]): Counts<K> {
  const found = new Map(grouped.map((row) => [String(row.key), count(row.n)]));
  return Object.fromEntries(keys.map((key) => [key, found.get(key) ?? 0])) as Counts<K>;
}

/** The period as SQL: `within(column)` is true for instants from its start (included) to its end (excluded). */
export type Window = { start: SQL; end: SQL; within: (column: SQL) => SQL };
export function windowOf(period: { start: Date; end: Date }): Window {
  const start = sql`${period.start.toISOString()}::timestamptz`;
  const end = sql`${period.end.toISOString()}::timestamptz`;
  return { start, end, within: (column) => sql`(${column} >= ${start} and ${column} < ${end})` };
}

/** The median and 90th percentile of `value` (days) over the rows where `where` holds, as two columns. */
export function percentiles(value: SQL, where: SQL): SQL {
  return sql`percentile_cont(0.5) within group (order by ${value}) filter (where ${where}) as median_days,
             percentile_cont(0.9) within group (order by ${value}) filter (where ${where}) as p90_days`;
}
export const daysOf = (row: Row | undefined): Days => ({ median: days(row?.median_days), p90: days(row?.p90_days) });
