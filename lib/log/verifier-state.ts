import fs from 'node:fs/promises';
import path from 'node:path';
import { logBaseUrl } from '@/lib/log/verifier-http';

/*
 * What the log verifier remembers between runs, in one folder per log: the log's key (trusted on
 * first use), the last checkpoint it verified, and the leaf hash of every entry up to that
 * checkpoint's size (32 bytes each), so the next run can say which entry changed if the log
 * rewrites its history. Written only after a run found nothing wrong.
 */

const KEY_FILE = 'key';
const CHECKPOINT_FILE = 'checkpoint';
const LEAF_HASHES_FILE = 'leaf-hashes';

export type VerifierState = {
  /** The log's note verifier key, as first seen. */
  key: string;
  /** The signed checkpoint note verified last. */
  checkpoint: string;
  /** The leaf hashes of the entries that checkpoint covers, concatenated. */
  leafHashes: Uint8Array;
};

/** `.openseal-log-verify/<host>` under `directory`; a port is kept in the name (`:` becomes `_`). */
export function defaultStateDir(baseUrl: string, directory: string): string {
  return path.join(directory, '.openseal-log-verify', new URL(logBaseUrl(baseUrl)).host.replace(/:/g, '_'));
}

/** The state saved by an earlier run, or null before the first successful one. */
export async function readVerifierState(dir: string): Promise<Partial<VerifierState> | null> {
  const [key, checkpoint, leafHashes] = await Promise.all([readOptional(dir, KEY_FILE), readOptional(dir, CHECKPOINT_FILE), readOptional(dir, LEAF_HASHES_FILE)]);
  if (!key && !checkpoint && !leafHashes) return null;
  return {
    ...(key ? { key: key.toString('utf8').trim() } : {}),
    ...(checkpoint ? { checkpoint: checkpoint.toString('utf8') } : {}),
    ...(leafHashes ? { leafHashes: Uint8Array.from(leafHashes) } : {}),
  };
}

/**
 * Saves the state, each file written whole and then renamed into place. The leaf hashes go first:
 * if the run stops in between, the next one finds more hashes than its checkpoint needs and uses
 * only those (the log only appends, and they were all verified).
 */
export async function writeVerifierState(dir: string, state: VerifierState): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await writeWhole(dir, LEAF_HASHES_FILE, state.leafHashes);
  await writeWhole(dir, CHECKPOINT_FILE, state.checkpoint);
  await writeWhole(dir, KEY_FILE, `${state.key}\n`);
}

async function readOptional(dir: string, name: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(path.join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function writeWhole(dir: string, name: string, data: string | Uint8Array): Promise<void> {
  const target = path.join(dir, name);
  const temporary = `${target}.${process.pid}.tmp`;
  await fs.writeFile(temporary, data);
  await fs.rename(temporary, target);
}
