import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const SecretsFile = z.object({ authSecret: z.string().min(32) });

/**
 * In embedded mode the secrets are generated on the first start and kept in the data folder, so
 * that `npm start` needs no configuration and sessions survive a restart.
 */
export function loadOrCreateAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) {
    const parsed = SecretsFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is damaged: delete it to generate new secrets (every session will be signed out).`);
    return parsed.data.authSecret;
  }
  const authSecret = crypto.randomBytes(33).toString('base64');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ authSecret }, null, 2), { mode: 0o600, flag: 'wx' });
  return authSecret;
}

export const ENCRYPTION_KEY_FILE_NAME = 'encryption-key.json';
const EncryptionKeyFile = z.object({ key: z.string().min(32), createdAt: z.iso.datetime() });

/**
 * The embedded mode's encryption key (lib/auth/secret-box.ts), generated on the first start that
 * needs it — an older data folder gets one on its first start after the upgrade — and kept in its
 * own file. Back it up with the database: without it the two-factor secrets do not open (recovery
 * codes still work, and an admin can reset a user's second factor).
 */
export function loadOrCreateEncryptionKey(dataDir: string): string {
  const file = path.join(dataDir, ENCRYPTION_KEY_FILE_NAME);
  if (fs.existsSync(file)) {
    let json: unknown = null;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      // Reported below as damaged.
    }
    const parsed = EncryptionKeyFile.safeParse(json);
    if (!parsed.success) {
      throw new Error(`${file} is damaged. Restore it from a backup: without it the stored two-factor secrets cannot be read (deleting it makes a new key, and every authenticator must then be set up again).`);
    }
    return parsed.data.key;
  }
  const key = crypto.randomBytes(33).toString('base64');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, JSON.stringify({ key, createdAt: new Date().toISOString() }, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process made it first (a script beside the server): use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateEncryptionKey(dataDir);
    throw error;
  }
  return key;
}
