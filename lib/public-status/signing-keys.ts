import crypto, { type KeyObject } from 'node:crypto';
import { z } from 'zod';

/**
 * Ed25519 keys as JOSE knows them (RFC 8037): the parsing and checking shared by the configuration
 * (lib/env.ts), the embedded key file (lib/data-dir/status-signing-keys.ts) and the signer.
 */

export type Ed25519PublicJwk = { kty: 'OKP'; crv: 'Ed25519'; x: string };
export type Ed25519PrivateJwk = Ed25519PublicJwk & { d: string };

/** 32 bytes in unpadded base64url are 43 characters. */
const KEY_BYTES = /^[A-Za-z0-9_-]{43}$/;

export const PublicJwkSchema = z.object({
  kty: z.literal('OKP', { message: 'expected "kty": "OKP"' }),
  crv: z.literal('Ed25519', { message: 'expected "crv": "Ed25519"' }),
  x: z.string({ message: 'expected "x": the 32-byte public key in base64url' }).regex(KEY_BYTES, 'expected "x": the 32-byte public key in base64url'),
});

export const PrivateJwkSchema = PublicJwkSchema.extend({
  d: z.string({ message: 'expected "d": the 32-byte private key in base64url' }).regex(KEY_BYTES, 'expected "d": the 32-byte private key in base64url'),
});

/** RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order, base64url. */
export function jwkThumbprint(jwk: Ed25519PublicJwk): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return crypto.createHash('sha256').update(canonical).digest('base64url');
}

export function publicJwkOf(key: KeyObject): Ed25519PublicJwk {
  const { x } = crypto.createPublicKey(key).export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: x! };
}

export function privateJwkOf(key: KeyObject): Ed25519PrivateJwk {
  const { x, d } = key.export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: x!, d: d! };
}

export function generateSigningKey(): KeyObject {
  return crypto.generateKeyPairSync('ed25519').privateKey;
}

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

/**
 * A private key as an operator configures it: PKCS#8 PEM (`openssl genpkey -algorithm ed25519`)
 * or a private JWK. A PEM squeezed onto one line with literal `\n`s (as .env files and container
 * settings often hold it) is accepted too.
 */
export function parsePrivateKeySetting(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new SigningKeyError('expected a private JWK, but the value is not valid JSON');
    }
    const jwk = PrivateJwkSchema.safeParse(json);
    if (!jwk.success) throw new SigningKeyError(`expected an Ed25519 private JWK: ${jwk.error.issues.map((issue) => issue.message).join('; ')}`);
    key = crypto.createPrivateKey({ key: jwk.data, format: 'jwk' });
    if (publicJwkOf(key).x !== jwk.data.x) throw new SigningKeyError('the JWK\'s "x" is not the public half of its "d"');
    return key;
  }
  const pem = trimmed.includes('\n') ? trimmed : trimmed.replace(/\\n/g, '\n');
  if (!pem.startsWith('-----BEGIN PRIVATE KEY-----')) {
    throw new SigningKeyError('expected an Ed25519 private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----", made by: openssl genpkey -algorithm ed25519) or as a private JWK');
  }
  try {
    key = crypto.createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new SigningKeyError('the PEM block could not be read as a private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`expected an Ed25519 key, not ${key.asymmetricKeyType ?? 'this kind of'} key (make one with: openssl genpkey -algorithm ed25519)`);
  return key;
}

/**
 * Public keys that stay published besides the signing key: a JWKS (`{"keys":[…]}`, e.g. a copy of
 * /.well-known/jwks.json) or a bare array of JWKs. `kid`, `use` and `alg` are recomputed, not trusted.
 * A private member is refused: this list is public, and a retired key must not sign again.
 */
export function parsePublicKeysSetting(text: string): Ed25519PublicJwk[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SigningKeyError('expected JSON: a JWKS ({"keys":[…]}) or an array of Ed25519 public JWKs');
  }
  const list = Array.isArray(json) ? json : (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new SigningKeyError('expected a JWKS ({"keys":[…]}) or an array of Ed25519 public JWKs');
  return list.map((entry, index) => {
    if (entry && typeof entry === 'object' && 'd' in entry) throw new SigningKeyError(`key ${index + 1} contains a private key ("d"): list only the public part`);
    const jwk = PublicJwkSchema.safeParse(entry);
    if (!jwk.success) throw new SigningKeyError(`key ${index + 1}: expected an Ed25519 public JWK: ${jwk.error.issues.map((issue) => issue.message).join('; ')}`);
    return jwk.data;
  });
}

/** The problem with a setting in words, for the configuration's error list; null when it is fine. */
export function settingProblem(parse: (text: string) => unknown, text: string): string | null {
  try {
    parse(text);
    return null;
  } catch (error) {
    if (error instanceof SigningKeyError) return error.message;
    throw error;
  }
}
