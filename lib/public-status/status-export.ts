import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { asc, desc, gt, lt, sql } from 'drizzle-orm';
import { seals, statusExports, type StatusExport } from '@/db/schema';
import type { Database } from '@/db/client';
import { utcDayKey } from '@/lib/format/dates';
import type { StatusSigner } from './signing';
import { loadSealStatusRecords, toStatusDocument } from './status-record';

/*
 * The daily export of every public status (issue #17, item 5), for relying parties that check
 * badges offline: every seal ever issued, one status document per line (JSON Lines), ordered by
 * seal id, as of the moment it was made. Stored gzipped with its SHA-256, which the platform signs
 * (a compact JWS under the status signing key, verifiable with /.well-known/jwks.json).
 */

export const STATUS_EXPORT_JWS_TYPE = 'openseal-status-export+jws';
export const STATUS_EXPORTS_KEPT = 7;
const PAGE = 1_000;

export type StatusExportStatement = { day: string; generatedAt: string; sealCount: number; sha256: string; bytes: number };

/** Builds the export of `now`'s UTC day (unless it exists) and keeps the newest few; returns the stored row. */
export async function makeStatusExport(db: Database, { now, origin, signer }: { now: Date; origin: string; signer: StatusSigner }): Promise<StatusExport> {
  const day = utcDayKey(now);
  const lines: string[] = [];
  let after = '';
  for (;;) {
    const ids = (await db.select({ id: seals.publicId }).from(seals).where(gt(seals.publicId, after)).orderBy(asc(seals.publicId)).limit(PAGE)).map((row) => row.id);
    if (ids.length === 0) break;
    const records = new Map((await loadSealStatusRecords(db, ids)).map((record) => [record.sealId, record]));
    for (const id of ids) {
      const record = records.get(id);
      if (record) lines.push(JSON.stringify(toStatusDocument(record, now, origin)));
    }
    after = ids.at(-1)!;
  }
  const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  const plain = Buffer.from(text, 'utf8');
  const statement: StatusExportStatement = { day, generatedAt: now.toISOString(), sealCount: lines.length, sha256: crypto.createHash('sha256').update(plain).digest('hex'), bytes: plain.length };
  const row = { ...statement, generatedAt: now, body: zlib.gzipSync(plain), signature: signer.signStatement({ ...statement }, STATUS_EXPORT_JWS_TYPE) };
  await db.insert(statusExports).values(row).onConflictDoNothing();
  const [kept] = await db.select({ day: statusExports.day }).from(statusExports).orderBy(desc(statusExports.day)).offset(STATUS_EXPORTS_KEPT - 1).limit(1);
  if (kept) await db.delete(statusExports).where(lt(statusExports.day, kept.day));
  return (await latestStatusExport(db))!;
}

export async function latestStatusExport(db: Database): Promise<StatusExport | null> {
  const [latest] = await db.select().from(statusExports).orderBy(desc(statusExports.day)).limit(1);
  return latest ?? null;
}

/** Whether today's export is made (the job's daily run, and the route's first request of a fresh installation). */
export async function hasStatusExportFor(db: Database, now: Date): Promise<boolean> {
  return (await db.select({ n: sql<number>`1` }).from(statusExports).where(sql`${statusExports.day} = ${utcDayKey(now)}`)).length > 0;
}
