import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretBox, SecretBoxError } from '@/lib/auth/secret-box';
import { ENCRYPTION_KEY_FILE_NAME } from '@/lib/data-dir/secrets';
import { EnvError, parseEnv } from '@/lib/env';

const KEY_A = 'first-encryption-key-0123456789abcdefghijkl';
const KEY_B = 'second-encryption-key-0123456789abcdefghijk';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const CONTEXT = 'user_second_factors.secret:0b7e6c1a-0000-4000-8000-000000000001';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-secret-box-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the secret box', () => {
  it('seals a secret into a value that does not contain it, and opens it again', () => {
    const box = createSecretBox({ current: KEY_A });
    const sealed = box.seal(SECRET, CONTEXT);
    expect(sealed).toMatch(new RegExp(`^enc1:${box.currentKeyId}:[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain(SECRET);
    expect(sealed.toLowerCase()).not.toContain(SECRET.toLowerCase());
    expect(box.open(sealed, CONTEXT)).toEqual({ plaintext: SECRET, current: true });
    expect(box.isCurrent(sealed)).toBe(true);
    // A fresh IV each time: the same secret never seals to the same value.
    expect(box.seal(SECRET, CONTEXT)).not.toBe(sealed);
  });

  it('derives a stable key id from the setting, different for another setting', () => {
    expect(createSecretBox({ current: KEY_A }).currentKeyId).toBe(createSecretBox({ current: KEY_A }).currentKeyId);
    expect(createSecretBox({ current: KEY_A }).currentKeyId).not.toBe(createSecretBox({ current: KEY_B }).currentKeyId);
  });

  it('refuses a value opened for another record, or changed', () => {
    const box = createSecretBox({ current: KEY_A });
    const sealed = box.seal(SECRET, CONTEXT);
    expect(() => box.open(sealed, 'user_second_factors.secret:someone-else')).toThrow(SecretBoxError);
    const body = Buffer.from(sealed.split(':')[2]!, 'base64url');
    const flipped = body.length - 20;
    body.writeUInt8(body.readUInt8(flipped) ^ 1, flipped);
    expect(() => box.open(`enc1:${box.currentKeyId}:${body.toString('base64url')}`, CONTEXT)).toThrow('does not open');
  });

  it('opens what a retired key sealed, marked not current; refuses a key it does not have, naming the settings', () => {
    const old = createSecretBox({ current: KEY_A });
    const sealedBefore = old.seal(SECRET, CONTEXT);
    const rotated = createSecretBox({ current: KEY_B, retired: [KEY_A] });
    expect(rotated.open(sealedBefore, CONTEXT)).toEqual({ plaintext: SECRET, current: false });
    expect(rotated.isCurrent(sealedBefore)).toBe(false);
    expect(() => createSecretBox({ current: KEY_B }).open(sealedBefore, CONTEXT)).toThrow(/OPENSEAL_ENCRYPTION_KEY nor one of OPENSEAL_ENCRYPTION_RETIRED_KEYS/);
  });

  it('hands back a secret stored readable (before encryption) as it is, marked not current', () => {
    const box = createSecretBox({ current: KEY_A });
    expect(box.open(SECRET, CONTEXT)).toEqual({ plaintext: SECRET, current: false });
    expect(box.isCurrent(SECRET)).toBe(false);
  });
});

describe('the process’s secret box', () => {
  const postgres = { DATABASE_URL: 'postgres://u:p@db/openseal', AUTH_SECRET: 's'.repeat(40), OPENSEAL_PUBLIC_URL: 'https://seals.example.org' };

  it('is required from the configuration on PostgreSQL, and says how to make one', () => {
    let thrown: unknown;
    try {
      loadSecretBox(parseEnv(postgres));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvError);
    expect((thrown as EnvError).problems[0]).toMatch(/^OPENSEAL_ENCRYPTION_KEY: required when DATABASE_URL is set .*openssl rand -base64 33/);
    const box = loadSecretBox(parseEnv({ ...postgres, OPENSEAL_ENCRYPTION_KEY: KEY_B, OPENSEAL_ENCRYPTION_RETIRED_KEYS: ` ${KEY_A} ` }));
    expect(box.currentKeyId).toBe(createSecretBox({ current: KEY_B }).currentKeyId);
    expect(box.open(createSecretBox({ current: KEY_A }).seal(SECRET, CONTEXT), CONTEXT).plaintext).toBe(SECRET);
  });

  it('refuses keys shorter than 32 characters', () => {
    expect(() => parseEnv({ OPENSEAL_ENCRYPTION_KEY: 'short' })).toThrow(/OPENSEAL_ENCRYPTION_KEY: expected at least 32 characters/);
    expect(() => parseEnv({ OPENSEAL_ENCRYPTION_RETIRED_KEYS: `${KEY_A},short` })).toThrow(/OPENSEAL_ENCRYPTION_RETIRED_KEYS/);
  });

  it('is generated into the data folder in embedded mode, readable by its owner only, and kept', () => {
    const dataDir = path.join(root, 'data');
    const first = loadSecretBox(parseEnv({ OPENSEAL_DATA_DIR: dataDir }));
    const file = path.join(dataDir, ENCRYPTION_KEY_FILE_NAME);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const sealed = first.seal(SECRET, CONTEXT);
    const again = loadSecretBox(parseEnv({ OPENSEAL_DATA_DIR: dataDir }));
    expect(again.currentKeyId).toBe(first.currentKeyId);
    expect(again.open(sealed, CONTEXT)).toEqual({ plaintext: SECRET, current: true });
    // A configured key wins in embedded mode too.
    expect(loadSecretBox(parseEnv({ OPENSEAL_DATA_DIR: dataDir, OPENSEAL_ENCRYPTION_KEY: KEY_A })).currentKeyId).toBe(createSecretBox({ current: KEY_A }).currentKeyId);
  });

  it('says what to do with a damaged key file instead of making a new key', () => {
    const dataDir = path.join(root, 'damaged');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, ENCRYPTION_KEY_FILE_NAME), '{"key":');
    expect(() => loadSecretBox(parseEnv({ OPENSEAL_DATA_DIR: dataDir }))).toThrow(/is damaged\. Restore it from a backup/);
  });
});
