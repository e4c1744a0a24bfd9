import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '@/db/client';

/** Counts stop here: past it a list says "1,000+" instead of counting millions of rows on each view. */
export const COUNT_CAP = 1000;

/** A count that is exact up to the cap, or more than the cap. */
export type CappedCount = { n: number; more: boolean };

/** Counts the rows matching `where`, reading at most `cap + 1` of them (an index range when one serves the condition). */
export async function cappedCount(db: Executor, table: PgTable, where: SQL | undefined, cap = COUNT_CAP): Promise<CappedCount> {
  const result = await db.execute(sql`select count(*)::int as n from (select 1 from ${table} ${where ? sql`where ${where}` : sql``} limit ${cap + 1}) as capped`);
  const n = Number((result as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0);
  return n > cap ? { n: cap, more: true } : { n, more: false };
}

/** "12", "1,000+". */
export function formatCappedCount(count: CappedCount): string {
  return `${count.n.toLocaleString('en')}${count.more ? '+' : ''}`;
}
