import crypto, { type KeyObject } from 'node:crypto';
import { EnvError, type Env } from '@/lib/env';
import { loadOrCreateStatusKeys } from '@/lib/data-dir/status-signing-keys';
import { jwkThumbprint, parsePrivateKeySetting, parsePublicKeysSetting, publicJwkOf, type Ed25519PublicJwk } from './signing-keys';
import type { StatusDocument } from './status-record';

/**
 * Signed statuses: the status document as a compact JWS (RFC 7515) signed with Ed25519
 * (`alg: "EdDSA"`, RFC 8037), verifiable offline with the keys at /.well-known/jwks.json
 * (docs/status-signatures.md).
 *
 * The payload is the public status document, byte for byte the JSON of the status endpoint, followed
 * by two registered claims of RFC 7519 (§4.1.6 `iat`, §4.1.4 `exp`, NumericDate seconds): `iat` is
 * `checkedAt`, and `exp` a day later. A signed status is a statement about one moment; without `exp`
 * a copy of an `active` status would vouch for the seal for ever, long after a suspension. A day
 * suits a directory or an archive; a payment checks a much younger `checkedAt` itself. There is no
 * `iss`: the key (`kid`, the JWKS) names the signer. The explicit `typ` keeps it from being accepted
 * where a JWT or another JOSE object is expected (RFC 8725 §3.11), and tells a relying party which
 * rules apply.
 */
export const STATUS_JWS_TYPE = 'openseal-status+jws';

/** How long after `checkedAt` a signed status expires (its `exp`). */
export const STATUS_JWS_LIFETIME_SECONDS = 24 * 60 * 60;

/** The signed payload: the document, then `iat` and `exp` derived from its `checkedAt`. */
export function signedStatusPayload(document: StatusDocument): StatusDocument & { iat: number; exp: number } {
  const iat = Math.floor(Date.parse(document.checkedAt) / 1000);
  return { ...document, iat, exp: iat + STATUS_JWS_LIFETIME_SECONDS };
}

export type JwksKey = { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; use: 'sig'; alg: 'EdDSA' };
export type StatusSigner = {
  sign(document: StatusDocument): string /* compact JWS */;
  /** Any other statement of the platform's, as a compact JWS of type `typ` (the daily status export's digest). */
  signStatement(payload: Record<string, unknown>, typ: string): string;
  jwks(): { keys: Record<string, unknown>[] };
};

/** The one JOSE primitive: `base64url(header).base64url(payload).base64url(Ed25519 signature)`. */
export function signCompactJws(header: Record<string, unknown>, payload: Buffer | string, key: KeyObject): string {
  const signingInput = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${signingInput}.${crypto.sign(null, Buffer.from(signingInput), key).toString('base64url')}`;
}

function jwksKey(jwk: Ed25519PublicJwk): JwksKey {
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwkThumbprint(jwk), use: 'sig', alg: 'EdDSA' };
}

/**
 * A signer for `key`, publishing it first and then every key in `alsoPublished` (retired keys, or
 * the next key announced ahead of a rotation). The header is encoded once: a signature costs one
 * JSON.stringify of the document and one Ed25519 operation.
 */
export function createStatusSigner(key: KeyObject, alsoPublished: Ed25519PublicJwk[] = []): StatusSigner {
  const current = jwksKey(publicJwkOf(key));
  const encodedHeader = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: current.kid, typ: STATUS_JWS_TYPE })).toString('base64url');
  const keys: JwksKey[] = [current];
  for (const jwk of alsoPublished) {
    const entry = jwksKey(jwk);
    if (!keys.some((known) => known.kid === entry.kid)) keys.push(entry);
  }
  const jwks = Object.freeze({ keys: keys.map((entry) => Object.freeze(entry)) });
  return {
    sign(document) {
      const signingInput = `${encodedHeader}.${Buffer.from(JSON.stringify(signedStatusPayload(document))).toString('base64url')}`;
      return `${signingInput}.${crypto.sign(null, Buffer.from(signingInput), key).toString('base64url')}`;
    },
    signStatement: (payload, typ) => signCompactJws({ alg: 'EdDSA', kid: current.kid, typ }, JSON.stringify(payload), key),
    jwks: () => jwks,
  };
}

/**
 * The process's signer; call it once at start-up. A configured `OPENSEAL_STATUS_SIGNING_KEY` is used
 * in either mode. Without one, the embedded database keeps a generated key in the data folder, and a
 * PostgreSQL deployment refuses to start: its instances must all sign with the same key, which only
 * the configuration can give them, and the public contract promises a signed status. `alsoPublished`:
 * other public keys of the platform the JWKS lists (the public log's, lib/log/log-signer.ts).
 */
export function loadStatusSigner(env: Env, alsoPublished: Ed25519PublicJwk[] = []): StatusSigner {
  const configuredRetired = [...(env.OPENSEAL_STATUS_RETIRED_KEYS ? parsePublicKeysSetting(env.OPENSEAL_STATUS_RETIRED_KEYS) : []), ...alsoPublished];
  if (env.OPENSEAL_STATUS_SIGNING_KEY) return createStatusSigner(parsePrivateKeySetting(env.OPENSEAL_STATUS_SIGNING_KEY), configuredRetired);
  if (env.DATABASE_URL) {
    throw new EnvError([
      'OPENSEAL_STATUS_SIGNING_KEY: required when DATABASE_URL is set (every instance signs public statuses with the same Ed25519 key; ' +
        'make one with: openssl genpkey -algorithm ed25519, and pass the PEM, or run npm run keys:rotate with DATABASE_URL set to print one)',
    ]);
  }
  const stored = loadOrCreateStatusKeys(env.dataDir);
  return createStatusSigner(stored.current.key, [...stored.retired.map((entry) => entry.publicJwk), ...configuredRetired]);
}
