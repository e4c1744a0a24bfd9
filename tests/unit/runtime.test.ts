import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users, userSecondFactors } from '@/db/schema';
import { migrationsFolder } from '@/db/client';
import { DataDirInUseError, LOCK_FILE_NAME } from '@/lib/data-dir/lock';
import { parseEnv } from '@/lib/env';
import { createSecretBox } from '@/lib/auth/secret-box';
import { ENCRYPTION_KEY_FILE_NAME } from '@/lib/data-dir/secrets';
import { openTotpSecret } from '@/lib/services/second-factor/secret-storage';
import { embeddedDatabaseDir, openRuntime, type Runtime } from '@/lib/runtime';
import { seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';

/**
 * The embedded mode only: a data folder on disk, locked, with its generated secret. (On PostgreSQL
 * the runtime opens a URL and there is no folder to lock, so this runs once, as a unit test.)
 */
let dataDir: string;
const open: Runtime[] = [];
beforeAll(() => {
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-runtime-')), 'data');
});
afterAll(async () => {
  for (const runtime of open) await runtime.close();
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

const env = () => parseEnv({ OPENSEAL_DATA_DIR: dataDir });

async function openIt() {
  const runtime = await openRuntime({ env: env(), jobs: 'none' });
  open.push(runtime);
  return runtime;
}

function readSecretsFile() {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { authSecret: string };
}

const migrationCount = (JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

describe('embedded runtime on a data folder', () => {
  let firstSecret: string;
  let userId: string;

  it('creates the database on the first start and applies every migration', async () => {
    const runtime = await openIt();
    expect(runtime.createdDatabase).toBe(true);
    expect(runtime.handle.mode).toBe('embedded');
    expect(runtime.jobs).toBeNull();
    expect(fs.existsSync(path.join(embeddedDatabaseDir(runtime.env), 'PG_VERSION'))).toBe(true);

    if (runtime.handle.mode !== 'embedded') throw new Error('expected the embedded database');
    const applied = await runtime.handle.client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied.rows[0]?.n).toBe(migrationCount);
    expect(await runtime.db.$count(users)).toBe(0);

    firstSecret = runtime.authSecret;
    expect(firstSecret.length).toBeGreaterThanOrEqual(32);
    expect(readSecretsFile().authSecret).toBe(firstSecret);
    userId = (await seedUser(runtime.db, { email: 'kept@example.test' })).id;
    // Creating a cluster on disk and applying every migration takes seconds on an idle machine and
    // far longer on a loaded one: this limit only catches a hang.
  }, 180_000);

  it('refuses a second open of the same folder while the first is open, and leaves the data alone', async () => {
    const [first] = open;
    const error = await rejectionOf(openRuntime({ env: env(), jobs: 'none' }), DataDirInUseError);
    expect(error.message).toContain(`The data folder ${dataDir} is in use by process ${process.pid}`);

    // The failed open neither released the first one's lock nor disturbed its database.
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
    await rejectionOf(openRuntime({ env: env(), jobs: 'none' }), DataDirInUseError);
    const [row] = await first!.db.select().from(users).where(eq(users.id, userId));
    expect(row?.email).toBe('kept@example.test');
    await first!.db.insert(users).values({ email: 'after-refusal@example.test', name: 'After', passwordHash: 'x' });
  });

  it('closes, releasing the folder', async () => {
    const first = open.shift()!;
    await first.close();
    await first.close(); // closing twice is harmless
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('reopens the existing database with its data and the same auth secret', async () => {
    const runtime = await openIt();
    expect(runtime.createdDatabase).toBe(false);
    expect(runtime.authSecret).toBe(firstSecret);
    expect(readSecretsFile().authSecret).toBe(firstSecret);

    const emails = await runtime.db.select({ email: users.email }).from(users).orderBy(users.email);
    expect(emails.map((row) => row.email)).toEqual(['after-refusal@example.test', 'kept@example.test']);
    await runtime.close();
    open.splice(open.indexOf(runtime), 1);
  });

  it('keeps the auth secret across a third start as well', async () => {
    const runtime = await openIt();
    expect(runtime.createdDatabase).toBe(false);
    expect(runtime.authSecret).toBe(firstSecret);
  });

  it('prefers AUTH_SECRET from the environment over the generated one', async () => {
    const [current] = open;
    await current!.close();
    open.splice(0);
    const configured = 's'.repeat(40);
    const runtime = await openRuntime({ env: parseEnv({ OPENSEAL_DATA_DIR: dataDir, AUTH_SECRET: configured }), jobs: 'none' });
    open.push(runtime);
    expect(runtime.authSecret).toBe(configured);
    expect(readSecretsFile().authSecret).toBe(firstSecret);
  });

  it('seals at start-up a two-factor secret stored readable before encryption, under the key it keeps in the data folder', async () => {
    const runtime = open.pop()!;
    const readable = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const user = await seedUser(runtime.db);
    await runtime.db.insert(userSecondFactors).values({ userId: user.id, secret: readable, enabledAt: new Date(), lastUsedStep: null, createdAt: new Date() });
    await runtime.close();

    const reopened = await openIt();
    const [row] = await reopened.db.select().from(userSecondFactors).where(eq(userSecondFactors.userId, user.id));
    expect(row!.secret).toMatch(/^enc1:/);
    expect(row!.secret).not.toContain(readable);
    const { key } = JSON.parse(fs.readFileSync(path.join(dataDir, ENCRYPTION_KEY_FILE_NAME), 'utf8')) as { key: string };
    expect(reopened.secretBox.currentKeyId).toBe(createSecretBox({ current: key }).currentKeyId);
    expect(openTotpSecret(createSecretBox({ current: key }), user.id, row!.secret)).toEqual({ secret: readable, resealed: null });
  });
});
