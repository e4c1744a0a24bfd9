import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EnvError, publicOriginOf, type Env } from '@/lib/env';
import { parsePrivateKeySetting, PrivateJwkSchema, privateJwkOf, generateSigningKey, publicJwkOf, type Ed25519PublicJwk } from '@/lib/public-status/signing-keys';
import { publicKeyBytes, verifierKey } from './note';

/**
 * The key that signs the public log's checkpoints (ADR 0023), kept like the status signing key:
 * `OPENSEAL_LOG_SIGNING_KEY` (required with DATABASE_URL: every instance must sign as the same log),
 * else generated into the data folder on the first embedded start. It is never rotated: a log's
 * key is its identity, and a new key would be a new log that verifiers must be told to trust.
 */
export type LogSigner = {
  /** The checkpoint origin and the key's name: `{public host}/openseal-log`. */
  origin: string;
  privateKey: KeyObject;
  /** The note verifier key (C2SP signed-note), served at /log/key. */
  verifierKey: string;
  /** The same public key as a JWK, published in /.well-known/jwks.json beside the status keys. */
  publicJwk: Ed25519PublicJwk;
};

export const LOG_KEY_FILE_NAME = 'log-signing-key.json';
const KeyFile = z.object({ privateJwk: PrivateJwkSchema, createdAt: z.iso.datetime() });

/** `seal.example.org/openseal-log`: the host people reach the platform at, and the log's name on it. */
export function logOriginOf(publicOrigin: string): string {
  return `${new URL(publicOrigin).host}/openseal-log`;
}

export function createLogSigner(origin: string, privateKey: KeyObject): LogSigner {
  return { origin, privateKey, verifierKey: verifierKey(origin, publicKeyBytes(privateKey)), publicJwk: publicJwkOf(privateKey) };
}

export function loadLogSigner(env: Env): LogSigner {
  const origin = logOriginOf(publicOriginOf(env));
  if (env.OPENSEAL_LOG_SIGNING_KEY) return createLogSigner(origin, parsePrivateKeySetting(env.OPENSEAL_LOG_SIGNING_KEY));
  if (env.DATABASE_URL) {
    throw new EnvError([
      'OPENSEAL_LOG_SIGNING_KEY: required when DATABASE_URL is set (every instance signs the public log as the same Ed25519 key, ' +
        'and it must never change; make one with: openssl genpkey -algorithm ed25519, and pass the PEM)',
    ]);
  }
  return createLogSigner(origin, loadOrCreateLogKey(env.dataDir));
}

/** The embedded mode's key, generated once; a second process racing to create it reads the winner's. */
function loadOrCreateLogKey(dataDir: string): KeyObject {
  const file = path.join(dataDir, LOG_KEY_FILE_NAME);
  try {
    return readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = generateSigningKey();
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, JSON.stringify({ privateJwk: privateJwkOf(key), createdAt: new Date().toISOString() }, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file);
    throw error;
  }
  return key;
}

function readKeyFile(file: string): KeyObject {
  const text = fs.readFileSync(file, 'utf8');
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Reported below as damaged.
  }
  const parsed = KeyFile.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${file} is damaged. Restore it from a backup: the public log is signed with this key, and a new one would make every verifier stop trusting the log.`);
  }
  return crypto.createPrivateKey({ key: parsed.data.privateJwk, format: 'jwk' });
}
