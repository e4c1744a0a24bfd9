import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';
import { loadOrCreateStatusKeys, rotateStatusKeys, statusKeysFile } from '@/lib/data-dir/status-signing-keys';
import { createStatusSigner, loadStatusSigner, signCompactJws, STATUS_JWS_TYPE, type StatusSigner } from '@/lib/public-status/signing';
import { jwkThumbprint } from '@/lib/public-status/signing-keys';
import type { StatusDocument } from '@/lib/public-status/status-record';
import { rejectionOf } from '../helpers/errors';

const document: StatusDocument = {
  sealId: 'OS-7KQ2-9XF4',
  status: 'revoked',
  holder: { name: 'Toysmart.com, LLC', country: 'US' },
  domains: ['toysmart.example'],
  program: { slug: 'privacy-seal', name: 'Privacy Seal' },
  criteriaVersion: 1,
  issuedAt: '2026-01-10T09:00:00.000Z',
  expiresAt: '2027-01-10T09:00:00.000Z',
  statusChangedAt: '2026-06-01T12:00:00.000Z',
  reason: 'Offered its customer list for sale contrary to its privacy promise.',
  verifyUrl: 'https://seal.example/verify/OS-7KQ2-9XF4',
  checkedAt: '2026-06-02T08:30:00.000Z',
};
/** The signed payload: the document, then `iat` (checkedAt) and `exp` (a day later), in seconds. */
const payload = { ...document, iat: Date.parse('2026-06-02T08:30:00.000Z') / 1000, exp: Date.parse('2026-06-03T08:30:00.000Z') / 1000 };

const SECRET = 'k'.repeat(32);
const pemOf = (key: crypto.KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }).toString();
const newKey = () => crypto.generateKeyPairSync('ed25519').privateKey;
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** What a relying party does: pick the JWKS key by `kid`, check `alg`, verify, then read the payload. */
function verifyWithJwks(jws: string, jwks: { keys: Record<string, unknown>[] }) {
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const { alg, kid } = decode(header);
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (alg !== 'EdDSA' || !jwk) return null;
  const publicKey = crypto.createPublicKey({ key: jwk as crypto.JsonWebKey, format: 'jwk' });
  const ok = crypto.verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
  return ok ? decode(payload) : null;
}

let root: string;
let folders = 0;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-keys-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const embeddedEnv = () => parseEnv({ OPENSEAL_DATA_DIR: path.join(root, `data-${++folders}`) });

describe('JOSE conformance (RFC 8037 appendix A)', () => {
  const rfcKey = crypto.createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
    format: 'jwk',
  });

  it('computes the RFC 7638 thumbprint of the example key (A.3)', () => {
    expect(jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' })).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('produces the example JWS byte for byte (A.4)', () => {
    expect(signCompactJws({ alg: 'EdDSA' }, 'Example of Ed25519 signing', rfcKey)).toBe(
      'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg',
    );
  });
});

describe('a signed status', () => {
  let signer: StatusSigner;
  let jws: string;
  beforeAll(() => {
    signer = createStatusSigner(newKey());
    jws = signer.sign(document);
  });

  it('is a compact JWS whose header names EdDSA, the key and the status type, and whose payload is the document with iat and exp', () => {
    const parts = jws.split('.');
    expect(parts).toHaveLength(3);
    expect(decode(parts[0]!)).toEqual({ alg: 'EdDSA', kid: signer.jwks().keys[0]!.kid, typ: STATUS_JWS_TYPE });
    expect(decode(parts[1]!)).toEqual(payload);
  });

  it('expires 24 hours after checkedAt (RFC 7519 NumericDate seconds), whatever the seal\'s own expiresAt', () => {
    const claims = decode(jws.split('.')[1]!);
    expect(Object.keys(claims).slice(-2)).toEqual(['iat', 'exp']);
    expect(claims.iat).toBe(Math.floor(Date.parse(document.checkedAt) / 1000));
    expect(claims.exp).toBe((claims.iat as number) + 24 * 60 * 60);
    expect(Number.isInteger(claims.exp)).toBe(true);
    const odd = decode(signer.sign({ ...document, checkedAt: '2026-06-02T08:30:00.999Z' }).split('.')[1]!);
    expect(odd.iat).toBe(claims.iat); // seconds, rounded down
  });

  it('is refused by the verification example of docs/status-signatures.md once exp has passed', () => {
    const markdown = fs.readFileSync(path.join(process.cwd(), 'docs', 'status-signatures.md'), 'utf8');
    const start = markdown.indexOf('export function verifyStatus');
    const source = markdown.slice(start, markdown.indexOf('\n}\n', start) + 2).replace(/^export /, '');
    const verifyStatus = new Function('crypto', `${source}; return verifyStatus;`)(crypto) as (jws: string, jwks: unknown, options: { sealId: string; now: Date }) => Record<string, unknown>;
    const checkedAt = Date.parse(document.checkedAt);
    expect(verifyStatus(jws, signer.jwks(), { sealId: document.sealId, now: new Date(checkedAt + 60_000) })).toMatchObject({ sealId: document.sealId, status: 'revoked' });
    expect(() => verifyStatus(jws, signer.jwks(), { sealId: document.sealId, now: new Date(checkedAt + 24 * 60 * 60 * 1000 + 6 * 60 * 1000) })).toThrow(/expired at/);
  });

  it('verifies with the published JWK imported by node:crypto', () => {
    const [key] = signer.jwks().keys;
    expect(key).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), kid: expect.any(String), use: 'sig', alg: 'EdDSA' });
    expect(key!.kid).toBe(jwkThumbprint(key as never));
    expect(verifyWithJwks(jws, signer.jwks())).toEqual(payload);
  });

  it('does not verify once the payload is changed', () => {
    const [header, , signature] = jws.split('.');
    const forged = Buffer.from(JSON.stringify({ ...document, status: 'active', reason: null })).toString('base64url');
    expect(verifyWithJwks(`${header}.${forged}.${signature}`, signer.jwks())).toBeNull();
  });

  it('does not verify once the header is changed', () => {
    const [header, payload, signature] = jws.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decode(header!), typ: 'JWT' })).toString('base64url');
    expect(verifyWithJwks(`${forged}.${payload}.${signature}`, signer.jwks())).toBeNull();
  });

  it('does not verify with another key', () => {
    const other = createStatusSigner(newKey());
    const [header, payload, signature] = jws.split('.');
    const otherKid = other.jwks().keys[0]!.kid;
    const relabelled = Buffer.from(JSON.stringify({ ...decode(header!), kid: otherKid })).toString('base64url');
    expect(verifyWithJwks(`${relabelled}.${payload}.${signature}`, other.jwks())).toBeNull();
  });
});

describe('the embedded key in the data folder', () => {
  it('is generated on the first load, private to the owner, and the same after a restart', () => {
    const env = embeddedEnv();
    const first = loadStatusSigner(env);
    const file = statusKeysFile(env.dataDir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const jws = first.sign(document);
    const again = loadStatusSigner(env);
    expect(again.jwks()).toEqual(first.jwks());
    expect(again.sign(document)).toBe(jws); // Ed25519 is deterministic: same key, same signature
  });

  it('after a rotation signs with a new kid while the old signatures still verify with the JWKS', () => {
    const env = embeddedEnv();
    const before = loadStatusSigner(env);
    const oldJws = before.sign(document);
    const oldKid = before.jwks().keys[0]!.kid;

    const { previous, next } = rotateStatusKeys(env.dataDir, new Date('2026-07-01T00:00:00Z'));
    expect(previous?.current.kid).toBe(oldKid);
    const after = loadStatusSigner(env);
    const newJws = after.sign(document);
    const newKid = decode(newJws.split('.')[0]!).kid;

    expect(newKid).toBe(next.current.kid);
    expect(newKid).not.toBe(oldKid);
    expect(after.jwks().keys.map((key) => key.kid)).toEqual([newKid, oldKid]);
    expect(verifyWithJwks(oldJws, after.jwks())).toEqual(payload);
    expect(verifyWithJwks(newJws, after.jwks())).toEqual(payload);

    // A second rotation keeps both older keys published, newest first.
    rotateStatusKeys(env.dataDir);
    const third = loadStatusSigner(env);
    expect(third.jwks().keys.slice(1).map((key) => key.kid)).toEqual([newKid, oldKid]);
    expect(verifyWithJwks(oldJws, third.jwks())).toEqual(payload);
  });

  it('keeps only the public half of a retired key', () => {
    const env = embeddedEnv();
    loadOrCreateStatusKeys(env.dataDir);
    rotateStatusKeys(env.dataDir);
    const stored = JSON.parse(fs.readFileSync(statusKeysFile(env.dataDir), 'utf8')) as { current: { privateJwk: object }; retired: Array<{ publicJwk: object }> };
    expect(stored.current.privateJwk).toHaveProperty('d');
    expect(stored.retired).toHaveLength(1);
    expect(stored.retired[0]!.publicJwk).not.toHaveProperty('d');
    expect(fs.statSync(statusKeysFile(env.dataDir)).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file instead of silently making a new key', () => {
    const env = embeddedEnv();
    fs.mkdirSync(env.dataDir, { recursive: true });
    fs.writeFileSync(statusKeysFile(env.dataDir), '{"current":');
    expect(() => loadStatusSigner(env)).toThrow(/status-signing-keys\.json is damaged\. Restore it from a backup/);
  });
});

describe('the key from the configuration', () => {
  it('is required with DATABASE_URL, and the error names the variable and how to make a key', async () => {
    const env = parseEnv({ DATABASE_URL: 'postgres://u:p@db/openseal', AUTH_SECRET: SECRET, OPENSEAL_PUBLIC_URL: 'https://seals.example.org' });
    const error = await rejectionOf(Promise.resolve().then(() => loadStatusSigner(env)), EnvError);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^OPENSEAL_STATUS_SIGNING_KEY: required when DATABASE_URL is set .*openssl genpkey -algorithm ed25519/);
  });

  it('accepts PKCS#8 PEM, the same PEM on one line with \\n, and a private JWK, all as one key', () => {
    const key = newKey();
    const pem = pemOf(key);
    const kids = [pem, pem.trim().replace(/\n/g, '\\n'), JSON.stringify(key.export({ format: 'jwk' }))].map(
      (setting) => loadStatusSigner(parseEnv({ DATABASE_URL: 'postgres://u:p@db/openseal', AUTH_SECRET: SECRET, OPENSEAL_PUBLIC_URL: 'https://seals.example.org', OPENSEAL_STATUS_SIGNING_KEY: setting })).jwks().keys[0]!.kid,
    );
    expect(new Set(kids).size).toBe(1);
  });

  it('publishes the retired keys after the current one, so statuses signed before the rotation verify', () => {
    const oldKey = newKey();
    const oldSigner = createStatusSigner(oldKey);
    const oldJws = oldSigner.sign(document);
    const env = parseEnv({
      DATABASE_URL: 'postgres://u:p@db/openseal',
      AUTH_SECRET: SECRET,
      OPENSEAL_PUBLIC_URL: 'https://seals.example.org',
      OPENSEAL_STATUS_SIGNING_KEY: pemOf(newKey()),
      OPENSEAL_STATUS_RETIRED_KEYS: JSON.stringify(oldSigner.jwks()), // a copy of the old /.well-known/jwks.json
    });
    const signer = loadStatusSigner(env);
    expect(signer.jwks().keys).toHaveLength(2);
    expect(signer.jwks().keys[1]!.kid).toBe(oldSigner.jwks().keys[0]!.kid);
    expect(verifyWithJwks(oldJws, signer.jwks())).toEqual(payload);
    expect(decode(signer.sign(document).split('.')[0]!).kid).toBe(signer.jwks().keys[0]!.kid);
  });

  async function problemsOf(source: Record<string, string>) {
    return (await rejectionOf(Promise.resolve().then(() => parseEnv(source)), EnvError)).problems;
  }

  it('says what is wrong with a key that is not an Ed25519 private key', async () => {
    expect(await problemsOf({ OPENSEAL_STATUS_SIGNING_KEY: 'hunter2' })).toEqual([
      'OPENSEAL_STATUS_SIGNING_KEY: expected an Ed25519 private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----", made by: openssl genpkey -algorithm ed25519) or as a private JWK',
    ]);
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(await problemsOf({ OPENSEAL_STATUS_SIGNING_KEY: pemOf(rsa) })).toEqual([
      'OPENSEAL_STATUS_SIGNING_KEY: expected an Ed25519 key, not rsa key (make one with: openssl genpkey -algorithm ed25519)',
    ]);
    const publicOnly = crypto.createPublicKey(newKey()).export({ format: 'jwk' });
    expect((await problemsOf({ OPENSEAL_STATUS_SIGNING_KEY: JSON.stringify(publicOnly) }))[0]).toMatch(/^OPENSEAL_STATUS_SIGNING_KEY: expected an Ed25519 private JWK: .*"d"/);
  });

  it('refuses retired keys that are not public Ed25519 JWKs, or that carry a private key', async () => {
    expect(await problemsOf({ OPENSEAL_STATUS_RETIRED_KEYS: 'not json' })).toEqual([
      'OPENSEAL_STATUS_RETIRED_KEYS: expected JSON: a JWKS ({"keys":[…]}) or an array of Ed25519 public JWKs',
    ]);
    const privateJwk = newKey().export({ format: 'jwk' });
    expect(await problemsOf({ OPENSEAL_STATUS_RETIRED_KEYS: JSON.stringify([privateJwk]) })).toEqual([
      'OPENSEAL_STATUS_RETIRED_KEYS: key 1 contains a private key ("d"): list only the public part',
    ]);
    expect((await problemsOf({ OPENSEAL_STATUS_RETIRED_KEYS: JSON.stringify({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] }) }))[0]).toMatch(
      /^OPENSEAL_STATUS_RETIRED_KEYS: key 1: expected an Ed25519 public JWK: /,
    );
  });
});
