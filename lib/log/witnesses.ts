import { eq } from 'drizzle-orm';
import { logCosignatures } from '@/db/schema';
import type { Database } from '@/db/client';
import { verifiedCosignatures } from './cosignature';
import { latestCheckpoint, readStoredHashes, type Checkpoint } from './log-store';
import { consistencyProofFromStored, consistencyProofNeeds } from './stored-hashes';
import type { WitnessSetting } from './witness-settings';

/*
 * The log's side of C2SP tlog-witness (ADR 0023, amendment): after each checkpoint, every configured
 * witness is sent it with a consistency proof from the last tree that witness cosigned; the witness
 * checks the log's signature and the proof, and answers its cosignature, which is kept
 * (log_cosignatures) and served after the log's own signature at /log/checkpoint.
 */

const TIMEOUT_MS = 10_000;

export type WitnessClient = {
  /** Asks every witness that has not cosigned the latest checkpoint yet; failures are logged, never thrown. */
  cosignLatest(): Promise<void>;
};

export function createWitnessClient({
  db,
  witnesses,
  now,
  fetch = globalThis.fetch,
  log = (message: string) => console.error(message),
}: {
  db: Database;
  witnesses: WitnessSetting[];
  now: () => Date;
  fetch?: typeof globalThis.fetch;
  log?: (message: string) => void;
}): WitnessClient {
  // The tree size each witness last cosigned, as far as this process knows; unknown after a
  // restart, when the witness's 409 answer tells it.
  const cosignedSize = new Map<string, number>();

  async function ask(witness: WitnessSetting, checkpoint: Checkpoint, retried: boolean): Promise<void> {
    const name = witness.cosigner.name;
    const old = Math.min(cosignedSize.get(name) ?? 0, checkpoint.size);
    const proof = old > 0 && old < checkpoint.size ? consistencyProofFromStored(old, checkpoint.size, await readStoredHashes(db, consistencyProofNeeds(old, checkpoint.size))) : [];
    const body = `old ${old}\n${proof.map((hash) => `${Buffer.from(hash).toString('base64')}\n`).join('')}\n${checkpoint.note}`;
    const response = await fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await response.text();
    if (response.status === 409 && (response.headers.get('content-type') ?? '').startsWith('text/x.tlog.size') && !retried) {
      const theirs = Number(text.trim());
      if (!Number.isSafeInteger(theirs) || theirs < 0) throw new Error(`answered 409 with a size that is not one: ${JSON.stringify(text.slice(0, 40))}`);
      if (theirs > checkpoint.size) {
        throw new Error(`has cosigned a tree of ${theirs} entries of this log, larger than its latest checkpoint of ${checkpoint.size}: the log lost entries, or another server signs as this log`);
      }
      cosignedSize.set(name, theirs);
      return ask(witness, checkpoint, true);
    }
    if (response.status !== 200) throw new Error(`refused the checkpoint of ${checkpoint.size} entries: HTTP ${response.status} ${text.slice(0, 200)}`);
    const [cosignature] = verifiedCosignatures(checkpoint.note + text, [witness.cosigner]);
    if (!cosignature) throw new Error('answered without a cosignature by its key');
    await db.insert(logCosignatures).values({ size: checkpoint.size, witness: name, line: cosignature.line, cosignedAt: now() }).onConflictDoNothing();
    cosignedSize.set(name, checkpoint.size);
  }

  return {
    async cosignLatest() {
      const checkpoint = await latestCheckpoint(db);
      if (!checkpoint) return;
      const done = new Set((await db.select({ witness: logCosignatures.witness }).from(logCosignatures).where(eq(logCosignatures.size, checkpoint.size))).map((row) => row.witness));
      for (const witness of witnesses) {
        if (done.has(witness.cosigner.name)) continue;
        try {
          await ask(witness, checkpoint, false);
        } catch (error) {
          log(`[log] witness ${witness.cosigner.name} (${witness.url}) ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    },
  };
}

/** The lines witnesses cosigned `size` with, to serve after the log's own signature. */
export async function cosignatureLines(db: Database, size: number): Promise<string> {
  const rows = await db.select({ line: logCosignatures.line }).from(logCosignatures).where(eq(logCosignatures.size, size)).orderBy(logCosignatures.witness);
  return rows.map((row) => row.line).join('');
}
