import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';
import { rejectionOf } from '../helpers/errors';

const SECRET = 'k'.repeat(32);
const PUBLIC_URL = 'https://seals.example.org';

/** The problem lines of the EnvError that parsing `source` throws. */
async function problemsOf(source: Record<string, string | undefined>) {
  const error = await rejectionOf(Promise.resolve().then(() => parseEnv(source)), EnvError);
  expect(error.message).toMatch(/^OpenSeal cannot start: the configuration is invalid\.\n/);
  for (const problem of error.problems) expect(error.message).toContain(`  - ${problem}`);
  return error.problems;
}

describe('parseEnv', () => {
  it('needs nothing to start: port 3000, ./.data resolved to an absolute folder, embedded database', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.dataDir).toBe(path.resolve('.data'));
    expect(path.isAbsolute(env.dataDir)).toBe(true);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.OPENSEAL_TRUST_PROXY).toBe(false);
    expect(env.publicOrigin).toBe('http://localhost:3000');
  });

  it('reads the port and resolves a relative data folder against the working directory', () => {
    const env = parseEnv({ PORT: '8080', OPENSEAL_DATA_DIR: 'var/openseal' });
    expect(env.PORT).toBe(8080);
    expect(env.dataDir).toBe(path.join(process.cwd(), 'var', 'openseal'));
    expect(parseEnv({ OPENSEAL_DATA_DIR: '/srv/openseal' }).dataDir).toBe(path.resolve('/srv/openseal'));
  });

  it('accepts a PostgreSQL URL together with a long enough AUTH_SECRET', () => {
    const env = parseEnv({ DATABASE_URL: 'postgresql://u:p@db:5432/openseal', AUTH_SECRET: SECRET, OPENSEAL_PUBLIC_URL: PUBLIC_URL });
    expect(env.DATABASE_URL).toBe('postgresql://u:p@db:5432/openseal');
    expect(env.AUTH_SECRET).toBe(SECRET);
  });

  it('gives links the embedded default origin http://localhost:{PORT}, or OPENSEAL_PUBLIC_URL without its trailing slash', () => {
    expect(parseEnv({ PORT: '8080' }).publicOrigin).toBe('http://localhost:8080');
    expect(parseEnv({ OPENSEAL_PUBLIC_URL: 'https://Seals.Example.org/' }).publicOrigin).toBe('https://seals.example.org');
    expect(parseEnv({ OPENSEAL_PUBLIC_URL: 'http://127.0.0.1:3440', PORT: '3440' }).publicOrigin).toBe('http://127.0.0.1:3440');
    expect(parseEnv({ OPENSEAL_PUBLIC_URL: 'https://seals.example.org:443' }).publicOrigin).toBe('https://seals.example.org');
  });

  it('requires OPENSEAL_PUBLIC_URL when DATABASE_URL is set, and says what it is for', async () => {
    const problems = await problemsOf({ DATABASE_URL: 'postgres://u:p@db/openseal', AUTH_SECRET: SECRET });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^OPENSEAL_PUBLIC_URL: required when DATABASE_URL is set: the address people reach the platform at, like https:\/\/seals\.example\.org/);
  });

  it.each(['seals.example.org', 'ftp://seals.example.org', 'https://seals.example.org/openseal', 'https://seals.example.org/?x=1', 'https://seals.example.org/#top', 'https://user:pw@seals.example.org', 'https://'])(
    'refuses OPENSEAL_PUBLIC_URL=%s: an origin and nothing after it',
    async (url) => {
      expect(await problemsOf({ OPENSEAL_PUBLIC_URL: url })).toEqual([
        'OPENSEAL_PUBLIC_URL: expected an absolute http(s) URL with no path, query or fragment, like https://seals.example.org',
      ]);
    },
  );

  it.each(['eighty', '0', '65536', '80.5'])('refuses PORT=%s, naming the variable', async (port) => {
    const problems = await problemsOf({ PORT: port });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT: /);
  });

  it('says what a port should look like', async () => {
    expect(await problemsOf({ PORT: 'eighty' })).toEqual(['PORT: expected a port number']);
  });

  it('refuses a DATABASE_URL that is not postgres://', async () => {
    expect(await problemsOf({ DATABASE_URL: 'mysql://u:p@db/openseal', AUTH_SECRET: SECRET, OPENSEAL_PUBLIC_URL: PUBLIC_URL })).toEqual([
      'DATABASE_URL: expected a postgres:// or postgresql:// connection URL',
    ]);
  });

  it('requires AUTH_SECRET when DATABASE_URL is set, and says how to make one', async () => {
    const problems = await problemsOf({ DATABASE_URL: 'postgres://u:p@db/openseal', OPENSEAL_PUBLIC_URL: PUBLIC_URL });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^AUTH_SECRET: required when DATABASE_URL is set/);
    expect(problems[0]).toContain('openssl rand -base64 33');
  });

  it('refuses an AUTH_SECRET shorter than 32 characters', async () => {
    const problems = await problemsOf({ AUTH_SECRET: 'k'.repeat(31) });
    expect(problems).toEqual(['AUTH_SECRET: expected at least 32 characters (generate one with: openssl rand -base64 33)']);
  });

  it('lists every problem at once', async () => {
    const problems = await problemsOf({ PORT: 'x', DATABASE_URL: 'sqlite://db', AUTH_SECRET: 'short' });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['AUTH_SECRET', 'DATABASE_URL', 'PORT']);
  });

  it('refuses a flag that is neither true nor false', async () => {
    expect(await problemsOf({ OPENSEAL_TRUST_PROXY: 'yes' })).toEqual(['OPENSEAL_TRUST_PROXY: expected true or false']);
    expect(parseEnv({ OPENSEAL_TRUST_PROXY: '1' }).OPENSEAL_TRUST_PROXY).toBe(true);
  });

  it('believes X-Forwarded-For only behind proxies: none by default, one when trusted, the configured number otherwise', async () => {
    expect(parseEnv({}).trustedProxyHops).toBe(0);
    expect(parseEnv({ OPENSEAL_TRUST_PROXY: 'true' }).trustedProxyHops).toBe(1);
    expect(parseEnv({ OPENSEAL_TRUST_PROXY: 'true', OPENSEAL_TRUSTED_PROXIES: '2' }).trustedProxyHops).toBe(2);
    expect(await problemsOf({ OPENSEAL_TRUSTED_PROXIES: '2' })).toEqual([
      'OPENSEAL_TRUSTED_PROXIES: only counts with OPENSEAL_TRUST_PROXY=true: set that too if the server is behind these proxies, or remove this setting',
    ]);
    expect(await problemsOf({ OPENSEAL_TRUST_PROXY: 'true', OPENSEAL_TRUSTED_PROXIES: '0' })).toEqual([
      'OPENSEAL_TRUSTED_PROXIES: expected at least 1 (with no proxy in front, leave OPENSEAL_TRUST_PROXY unset instead)',
    ]);
    expect(await problemsOf({ OPENSEAL_TRUST_PROXY: 'true', OPENSEAL_TRUSTED_PROXIES: 'two' })).toEqual([
      'OPENSEAL_TRUSTED_PROXIES: expected the number of reverse proxies in front of the server, like 1',
    ]);
    expect(await problemsOf({ OPENSEAL_TRUST_PROXY: 'true', OPENSEAL_TRUSTED_PROXIES: '1.5' })).toEqual(['OPENSEAL_TRUSTED_PROXIES: expected a whole number of reverse proxies, like 1']);
  });

  it('treats empty variables as unset', () => {
    const env = parseEnv({ PORT: '', OPENSEAL_DATA_DIR: '', DATABASE_URL: '', AUTH_SECRET: '', OPENSEAL_PUBLIC_URL: '' });
    expect(env.PORT).toBe(3000);
    expect(env.dataDir).toBe(path.resolve('.data'));
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AUTH_SECRET).toBeUndefined();
    expect(env.OPENSEAL_PUBLIC_URL).toBeUndefined();
    expect(env.publicOrigin).toBe('http://localhost:3000');
  });

  it('ignores variables it does not know', () => {
    expect(parseEnv({ PATH: '/usr/bin', HOME: '/home/someone' }).PORT).toBe(3000);
  });
});
