import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { generateSigningKey, jwkThumbprint, PrivateJwkSchema, privateJwkOf, PublicJwkSchema, publicJwkOf, type Ed25519PublicJwk } from '@/lib/public-status/signing-keys';

/**
 * In embedded mode the key that signs public statuses is generated on the first start and kept in
 * the data folder, like the session secret (secrets.ts): `npm start` needs no configuration, and a
 * signature a relying party stored yesterday still verifies after a restart. Retired keys keep only
 * their public half: they stay published so old signatures verify, and can never sign again.
 */
export const STATUS_KEYS_FILE_NAME = 'status-signing-keys.json';

const KeysFile = z.object({
  current: z.object({ privateJwk: PrivateJwkSchema, createdAt: z.iso.datetime() }),
  retired: z.array(z.object({ publicJwk: PublicJwkSchema, createdAt: z.iso.datetime(), retiredAt: z.iso.datetime() })),
});
type KeysFile = z.infer<typeof KeysFile>;

export type StoredStatusKeys = {
  file: string;
  current: { key: KeyObject; kid: string; createdAt: Date };
  /** Newest retirement first. */
  retired: Array<{ publicJwk: Ed25519PublicJwk; kid: string; createdAt: Date; retiredAt: Date }>;
};

export function statusKeysFile(dataDir: string) {
  return path.join(dataDir, STATUS_KEYS_FILE_NAME);
}

function readKeysFile(file: string): KeysFile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    json = null;
  }
  const parsed = KeysFile.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${file} is damaged. Restore it from a backup; deleting it makes a new signing key, and statuses signed with the old one will no longer verify.`,
    );
  }
  return parsed.data;
}

function toStored(file: string, data: KeysFile): StoredStatusKeys {
  const key = crypto.createPrivateKey({ key: data.current.privateJwk, format: 'jwk' });
  return {
    file,
    current: { key, kid: jwkThumbprint(publicJwkOf(key)), createdAt: new Date(data.current.createdAt) },
    retired: data.retired.map((entry) => ({
      publicJwk: entry.publicJwk,
      kid: jwkThumbprint(entry.publicJwk),
      createdAt: new Date(entry.createdAt),
      retiredAt: new Date(entry.retiredAt),
    })),
  };
}

/** Writes the whole file under a temporary name, then renames it: a crash never leaves half a key. */
function writeKeysFile(file: string, data: KeysFile, flag: 'wx' | 'replace') {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body = JSON.stringify(data, null, 2);
  if (flag === 'wx') {
    fs.writeFileSync(file, body, { mode: 0o600, flag: 'wx' });
    return;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, body, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

function newCurrent(now: Date) {
  return { privateJwk: privateJwkOf(generateSigningKey()), createdAt: now.toISOString() };
}

/**
 * The keys in `dataDir`, generated on the first call. Only the process holding the data-folder lock
 * calls this (the server), so the first creation cannot race with another writer.
 */
export function loadOrCreateStatusKeys(dataDir: string, now: Date = new Date()): StoredStatusKeys {
  const file = statusKeysFile(dataDir);
  try {
    return toStored(file, readKeysFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const data: KeysFile = { current: newCurrent(now), retired: [] };
  writeKeysFile(file, data, 'wx');
  return toStored(file, data);
}

/**
 * Makes a new current key and moves the old one to the retired list (public half only), where it
 * stays published. The caller holds the data-folder lock: the running server reads the file once at
 * start-up, so a rotation takes effect on the next start and must not happen while it runs.
 */
export function rotateStatusKeys(dataDir: string, now: Date = new Date()): { previous: StoredStatusKeys | null; next: StoredStatusKeys } {
  // No key yet: the first one is simply made, there is nothing to retire.
  if (!fs.existsSync(statusKeysFile(dataDir))) return { previous: null, next: loadOrCreateStatusKeys(dataDir, now) };
  const previous = loadOrCreateStatusKeys(dataDir, now);
  const data = readKeysFile(previous.file);
  const next: KeysFile = {
    current: newCurrent(now),
    retired: [
      { publicJwk: publicJwkOf(previous.current.key), createdAt: data.current.createdAt, retiredAt: now.toISOString() },
      ...data.retired,
    ],
  };
  writeKeysFile(previous.file, next, 'replace');
  return { previous, next: toStored(previous.file, next) };
}
