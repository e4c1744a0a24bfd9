import crypto from 'node:crypto';
import { EnvError, type Env } from '@/lib/env';
import { loadOrCreateEncryptionKey } from '@/lib/data-dir/secrets';

/**
 * Secrets the server must read back (a TOTP secret: a code is checked against it, so it cannot be
 * hashed) are kept encrypted at rest: AES-256-GCM with a key derived by HKDF-SHA256 from the
 * server's encryption key setting, never the setting itself. A stored value reads
 * `enc1:<key id>:<base64url(iv ‖ ciphertext ‖ tag)>`; the key id (derived from the setting too)
 * says which key sealed it, so a rotated key's values still open while they are sealed again under
 * the current one. The caller names what the value is and whose (`context`, the authenticated
 * data): a value copied into another row or column does not open there.
 */
export type SecretBox = {
  /** The key id new values are sealed under. */
  readonly currentKeyId: string;
  seal(plaintext: string, context: string): string;
  /**
   * The plaintext, and whether the stored form is the current one (sealed under the current key).
   * A value without the `enc1:` prefix was stored readable before encryption existed: it is given
   * back as it is, marked not current, so the caller seals it on its next write.
   */
  open(stored: string, context: string): { plaintext: string; current: boolean };
  /** Whether `stored` is sealed under the current key: nothing to do for it. */
  isCurrent(stored: string): boolean;
};

export const SEALED_PREFIX = 'enc1:';
const SALT = Buffer.from('openseal secret box');
const IV_BYTES = 12;
const TAG_BYTES = 16;

type DerivedKey = { id: string; key: Buffer };

function derive(setting: string): DerivedKey {
  const material = Buffer.from(setting, 'utf8');
  const key = Buffer.from(crypto.hkdfSync('sha256', material, SALT, 'openseal/v1/aes-256-gcm', 32));
  // The id is derived apart from the key (another HKDF `info`): knowing it tells nothing of the key.
  const id = Buffer.from(crypto.hkdfSync('sha256', material, SALT, 'openseal/v1/key-id', 6)).toString('base64url');
  return { id, key };
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** A box over the current key setting and any retired ones (still opened, never sealed with). */
export function createSecretBox({ current, retired = [] }: { current: string; retired?: readonly string[] }): SecretBox {
  const sealing = derive(current);
  const keys = new Map<string, Buffer>([[sealing.id, sealing.key]]);
  for (const setting of retired) {
    const { id, key } = derive(setting);
    if (!keys.has(id)) keys.set(id, key);
  }
  const currentPrefix = `${SEALED_PREFIX}${sealing.id}:`;
  return {
    currentKeyId: sealing.id,
    seal(plaintext, context) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', sealing.key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${currentPrefix}${body.toString('base64url')}`;
    },
    open(stored, context) {
      if (!stored.startsWith(SEALED_PREFIX)) return { plaintext: stored, current: false };
      const [, id = '', encoded = ''] = stored.split(':');
      const key = keys.get(id);
      if (!key) {
        throw new SecretBoxError(
          `A stored secret is sealed under the encryption key ${id}, which is neither OPENSEAL_ENCRYPTION_KEY nor one of OPENSEAL_ENCRYPTION_RETIRED_KEYS (in embedded mode: the data folder's encryption-key.json). Configure the key it was sealed with.`,
        );
      }
      const body = Buffer.from(encoded, 'base64url');
      if (body.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('A stored secret is damaged: too short to be sealed.');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      let plaintext: string;
      try {
        plaintext = Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('A stored secret does not open: it was changed, or copied from another record.');
      }
      return { plaintext, current: id === sealing.id };
    },
    isCurrent: (stored) => stored.startsWith(currentPrefix),
  };
}

/**
 * The process's box; call it once at start-up. A configured `OPENSEAL_ENCRYPTION_KEY` is used in
 * either mode. Without one, the embedded database keeps a generated key in the data folder (like
 * its session secret and status signing key), and a PostgreSQL deployment refuses to start: every
 * instance must open what another sealed, which only the configuration can give them all.
 */
export function loadSecretBox(env: Pick<Env, 'DATABASE_URL' | 'OPENSEAL_ENCRYPTION_KEY' | 'OPENSEAL_ENCRYPTION_RETIRED_KEYS' | 'dataDir'>): SecretBox {
  const retired = env.OPENSEAL_ENCRYPTION_RETIRED_KEYS ?? [];
  if (env.OPENSEAL_ENCRYPTION_KEY) return createSecretBox({ current: env.OPENSEAL_ENCRYPTION_KEY, retired });
  if (env.DATABASE_URL) {
    throw new EnvError([
      'OPENSEAL_ENCRYPTION_KEY: required when DATABASE_URL is set (two-factor secrets are stored encrypted, and every instance must open what another sealed; ' +
        'generate one with: openssl rand -base64 33, and keep it as you keep AUTH_SECRET)',
    ]);
  }
  return createSecretBox({ current: loadOrCreateEncryptionKey(env.dataDir), retired });
}
