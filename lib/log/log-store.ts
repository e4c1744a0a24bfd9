import { desc, sql, type SQL } from 'drizzle-orm';
import { logCheckpoints, logHashes, sealEvents } from '@/db/schema';
import { recordWebhookEvents } from '@/lib/webhooks/record-event';
import { describeError, startRounds } from '@/lib/server/rounds';
import type { Database, Executor } from '@/db/client';
import { notifySealStatusesChanged } from '@/lib/public-status/status-notify';
import { formatCheckpoint } from './checkpoint';
import { EMPTY_TREE_ROOT, leafHash } from './merkle';
import { signNote } from './note';
import { integrate, integrationNeeds, rootFromStored, rootNeeds, type HashAddress } from './stored-hashes';
import type { LogSigner } from './log-signer';
import type { WitnessClient } from './witnesses';

/*
 * The public log as the database keeps it (ADR 0023): entries in seal_events (log_index, log_entry),
 * every full subtree's hash in log_hashes, the signed checkpoints in log_checkpoints. The request
 * path only appends entries (lib/services/seals/seal-records.ts); advanceLog, run by the
 * checkpointer in the background, hashes them into the tree and signs the new checkpoint.
 */

export type Checkpoint = { size: number; rootHash: Uint8Array; note: string; signedAt: Date };

export async function latestCheckpoint(db: Executor): Promise<Checkpoint | null> {
  const [row] = await db.select().from(logCheckpoints).orderBy(desc(logCheckpoints.size)).limit(1);
  return row ? { size: row.size, rootHash: row.rootHash, note: row.note, signedAt: row.signedAt } : null;
}

const addressKey = ({ level, index }: HashAddress) => `${level}/${index}`;

/** The rows of a raw query: node-postgres and PGlite both answer `{ rows }`. */
async function rowsOf<Row>(db: Executor, query: SQL): Promise<Row[]> {
  return ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
}

/** The stored hashes at `addresses`, in one query; a reader that throws for an address not asked for. */
export async function readStoredHashes(db: Executor, addresses: HashAddress[]): Promise<(address: HashAddress) => Uint8Array> {
  const found = new Map<string, Uint8Array>();
  if (addresses.length > 0) {
    const rows = await rowsOf<{ level: number; index: string | number; hash: Uint8Array }>(db, sql`
      select h.level, h.index, h.hash from ${logHashes} h
      join jsonb_to_recordset(${JSON.stringify(addresses)}::jsonb) as wanted(level smallint, index bigint)
        on h.level = wanted.level and h.index = wanted.index`);
    for (const row of rows) found.set(`${row.level}/${row.index}`, Uint8Array.from(row.hash));
  }
  return (address) => {
    const hash = found.get(addressKey(address));
    if (!hash) throw new Error(`The log's hash at level ${address.level}, index ${address.index} is missing.`);
    return hash;
  };
}

/** `count` entries from `start`, in index order: the bytes the log hashes. */
export async function readEntries(db: Executor, start: number, count: number): Promise<Uint8Array[]> {
  const rows = await rowsOf<{ log_entry: Uint8Array }>(db, sql`
    select log_entry from ${sealEvents} where log_index >= ${start} and log_index < ${start + count} order by log_index`);
  return rows.map((row) => Uint8Array.from(row.log_entry));
}

export type AdvanceResult = { size: number; signed: boolean; more: boolean };

/** Entries hashed and signed per transaction: on the embedded database a transaction holds every other query. */
export const ADVANCE_BATCH = 4096;

/** Past this many seals at once (a backfill), status caches are not told one by one: their periodic refresh brings the tree size. */
const NOTIFY_LIMIT = 1000;

/**
 * Hashes the entries appended since the last checkpoint (at most `batch`) into the tree and signs a
 * checkpoint for it, in one transaction under an advisory lock: of several instances one advances
 * the log, the others find nothing to do. A fresh log gets the empty tree's checkpoint. `more`: entries
 * are left for another call.
 */
export async function advanceLog(db: Database, signer: LogSigner, now: Date, batch: number = ADVANCE_BATCH): Promise<AdvanceResult> {
  // Outside a transaction first: the common case, nothing new, costs two index lookups.
  const last = await latestCheckpoint(db);
  if (last && !(await hasEntry(db, last.size))) return { size: last.size, signed: false, more: false };
  return db.transaction(async (tx) => {
    const [lock] = await rowsOf<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtextextended('openseal-log-checkpoint', 0)) as locked`);
    if (!lock?.locked) return { size: last?.size ?? 0, signed: false, more: false };
    const current = await latestCheckpoint(tx);
    const oldSize = current?.size ?? 0;
    // Committed entries always form a prefix of the indexes: an appender holds the counter row until
    // it commits, so no later index can commit before an earlier one (seal-records.ts).
    const entries = await readEntries(tx, oldSize, batch);
    if (current && entries.length === 0) return { size: oldSize, signed: false, more: false };
    const newSize = oldSize + entries.length;
    const leaves = entries.map(leafHash);
    const stored = await readStoredHashes(tx, integrationNeeds(oldSize, newSize));
    const rows = [...leaves.map((hash, offset) => ({ level: 0, index: oldSize + offset, hash })), ...integrate(oldSize, leaves, stored)];
    await insertHashes(tx, rows);
    const rootHash = newSize === 0 ? EMPTY_TREE_ROOT : rootFromStored(newSize, await readStoredHashes(tx, rootNeeds(newSize)));
    const note = signNote(formatCheckpoint({ origin: signer.origin, size: newSize, rootHash }), { name: signer.origin, privateKey: signer.privateKey });
    await tx.insert(logCheckpoints).values({ size: newSize, rootHash, note, signedAt: now });
    // Subscribers who watch the log (issue #17) hear of each checkpoint; public, about no one in particular.
    await recordWebhookEvents(tx, [{ type: 'log.checkpoint_published', organizationId: null, public: true, data: { origin: signer.origin, treeSize: newSize, rootHash: Buffer.from(rootHash).toString('base64'), checkpoint: note }, occurredAt: now }]);
    // Their status documents gain the tree size that includes their newest entry (`log.treeSize`).
    const sealIds = [...new Set(entries.map(entrySealId))];
    if (sealIds.length <= NOTIFY_LIMIT) await notifySealStatusesChanged(tx, sealIds);
    return { size: newSize, signed: true, more: entries.length === batch };
  });
}

async function hasEntry(db: Executor, index: number): Promise<boolean> {
  return (await rowsOf(db, sql`select 1 from ${sealEvents} where log_index = ${index}`)).length > 0;
}

async function insertHashes(tx: Executor, rows: Array<HashAddress & { hash: Uint8Array }>) {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map(({ level, index, hash }) => ({ level, index, hash: Buffer.from(hash).toString('base64') })));
  await tx.execute(sql`
    insert into ${logHashes} (level, index, hash)
    select level, index, decode(hash, 'base64') from jsonb_to_recordset(${json}::jsonb) as h(level smallint, index bigint, hash text)`);
}

const decoder = new TextDecoder();

function entrySealId(entry: Uint8Array): string {
  return (JSON.parse(decoder.decode(entry)) as { sealId: string }).sealId;
}

export type LogCheckpointer = { stop(): Promise<void> };

/**
 * Signs a new checkpoint within a second or two of an append (DESIGN.md: a job, not the request
 * path): every `intervalMs` it asks whether an entry lies beyond the last checkpoint, and advances
 * the log until none does, then asks the witnesses to cosign the latest checkpoint. One round at
 * a time; a failure is logged and retried on the next tick.
 */
export function startLogCheckpointer({
  db,
  signer,
  now,
  intervalMs = 1000,
  witnesses,
  log = (message: string) => console.error(message),
}: {
  db: Database;
  signer: LogSigner;
  now: () => Date;
  intervalMs?: number;
  /** Asked to cosign each new checkpoint (lib/log/witnesses.ts). */
  witnesses?: WitnessClient;
  log?: (message: string) => void;
}): LogCheckpointer {
  return startRounds({
    intervalMs,
    round: async (stopped) => {
      while (!stopped() && (await advanceLog(db, signer, now())).more);
      if (!stopped()) await witnesses?.cosignLatest();
    },
    onError: (error) => log(`[log] the checkpoint could not be signed: ${describeError(error)}`),
  });
}
