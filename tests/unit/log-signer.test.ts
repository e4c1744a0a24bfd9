import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';
import { LOG_KEY_FILE_NAME, loadLogSigner, logOriginOf } from '@/lib/log/log-signer';
import { openNote, parseVerifierKey, signNote } from '@/lib/log/note';
import { loadStatusSigner } from '@/lib/public-status/signing';
import { jwkThumbprint } from '@/lib/public-status/signing-keys';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-log-key-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const pem = () => crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const postgres = { DATABASE_URL: 'postgres://u:p@db/openseal', AUTH_SECRET: 'k'.repeat(32), OPENSEAL_PUBLIC_URL: 'https://seals.example.org' };

describe('the public log’s signing key', () => {
  it('names the log after the public host, with or without a port', () => {
    expect(logOriginOf('https://seals.example.org')).toBe('seals.example.org/openseal-log');
    expect(logOriginOf('http://localhost:3000')).toBe('localhost:3000/openseal-log');
  });

  it('is generated once into the data folder in embedded mode, and the same key signs after a restart', () => {
    const env = parseEnv({ OPENSEAL_DATA_DIR: dataDir, PORT: '4123' });
    const first = loadLogSigner(env);
    expect(fs.statSync(path.join(dataDir, LOG_KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    const again = loadLogSigner(env);
    expect(again.verifierKey).toBe(first.verifierKey);
    expect(first.origin).toBe('localhost:4123/openseal-log');
    expect(first.verifierKey.startsWith('localhost:4123/openseal-log+')).toBe(true);
    const note = signNote('localhost:4123/openseal-log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n', { name: again.origin, privateKey: again.privateKey });
    expect(openNote(note, [parseVerifierKey(first.verifierKey)]).verified).toHaveLength(1);
  });

  it('is required with DATABASE_URL, and a configured one is used', () => {
    let thrown: unknown;
    try {
      loadLogSigner(parseEnv(postgres));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvError);
    expect((thrown as EnvError).problems[0]).toMatch(/^OPENSEAL_LOG_SIGNING_KEY: required when DATABASE_URL is set .*openssl genpkey -algorithm ed25519/);
    const key = pem();
    const signer = loadLogSigner(parseEnv({ ...postgres, OPENSEAL_LOG_SIGNING_KEY: key }));
    expect(signer.origin).toBe('seals.example.org/openseal-log');
    expect(signer.publicJwk.x).toBe(crypto.createPublicKey(key).export({ format: 'jwk' }).x);
    expect(() => parseEnv({ ...postgres, OPENSEAL_LOG_SIGNING_KEY: 'hunter2' })).toThrow(/OPENSEAL_LOG_SIGNING_KEY: expected an Ed25519 private key/);
  });

  it('is published in the JWKS beside the status key', () => {
    const env = parseEnv({ ...postgres, OPENSEAL_STATUS_SIGNING_KEY: pem(), OPENSEAL_LOG_SIGNING_KEY: pem() });
    const log = loadLogSigner(env);
    const kids = loadStatusSigner(env, [log.publicJwk]).jwks().keys.map((key) => key.kid);
    expect(kids).toHaveLength(2);
    expect(kids[1]).toBe(jwkThumbprint(log.publicJwk));
  });
});
