import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from 'otpauth';
import { eq, sql } from 'drizzle-orm';
import { userSecondFactors } from '@/db/schema';
import { createSecretBox, type SecretBox } from '@/lib/auth/secret-box';
import { createTestClock, nowDate, type TestClock } from '@/lib/clock';
import { authenticate } from '@/lib/services/users/authenticate';
import { startSecondFactorEnrolment } from '@/lib/services/second-factor/start-enrolment';
import { confirmSecondFactor } from '@/lib/services/second-factor/confirm-enrolment';
import { openTotpSecret, sealStoredTotpSecrets } from '@/lib/services/second-factor/secret-storage';
import { ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, FACTORY_PASSWORD, seedUser, TEST_SECRET_BOX } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';
import { seedSecondFactor, totpCodeAt } from '../helpers/second-factor-factories';

/** ADR 0011, amendment: TOTP secrets at rest. */
let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const STEP = 30_000;
const freshAddress = () => `198.51.100.${crypto.randomInt(1, 254)}-${crypto.randomBytes(3).toString('hex')}`;

function midStepClock(): TestClock {
  const now = Date.now();
  return createTestClock(new Date(now - (now % STEP) + STEP / 2));
}

function signIn(email: string, clock: TestClock, code: string, secrets: SecretBox = TEST_SECRET_BOX) {
  return authenticate({ ctx: { ...contextFor(database.db, null, clock), secrets }, input: { email, password: FACTORY_PASSWORD, code, ipAddress: freshAddress() }, sleep: async () => {} });
}

async function storedSecret(userId: string): Promise<string> {
  const [row] = await database.db.select({ secret: userSecondFactors.secret }).from(userSecondFactors).where(eq(userSecondFactors.userId, userId));
  return row!.secret;
}

/** The row as the database hands it to anyone who reads it (a dump, a replica): every column as text. */
async function rowAsText(userId: string): Promise<string> {
  const [found] = await database.db
    .select({ row: sql<string>`${userSecondFactors}::text` })
    .from(userSecondFactors)
    .where(eq(userSecondFactors.userId, userId));
  return found!.row;
}

describe(`TOTP secrets at rest (${testDriver})`, () => {
  it('stores an enrolment’s secret encrypted: the database never holds the secret, and its codes sign in', async () => {
    const user = await seedUser(database.db);
    const clock = midStepClock();
    const ctx = contextFor(database.db, actorOf(user), clock);
    const { secret } = await startSecondFactorEnrolment({ ctx });
    const pending = await rowAsText(user.id);
    expect(pending).toContain('enc1:');
    expect(pending.toUpperCase()).not.toContain(secret);
    // Nor its bytes in another encoding.
    const bytes = Buffer.from(Secret.fromBase32(secret).bytes);
    expect(pending.toLowerCase()).not.toContain(bytes.toString('hex'));
    expect(pending).not.toContain(bytes.toString('base64').slice(0, 20));

    await confirmSecondFactor({ ctx, input: { code: totpCodeAt(secret, nowDate(clock).getTime()) } });
    expect((await rowAsText(user.id)).toUpperCase()).not.toContain(secret);
    await clock.tick(STEP);
    expect((await signIn(user.email, clock, totpCodeAt(secret, nowDate(clock).getTime()))).id).toBe(user.id);
  });

  it('accepts the codes of a secret stored readable before encryption, and stores it encrypted from that use on', async () => {
    const user = await seedUser(database.db);
    const { secret } = await seedSecondFactor(database.db, user.id, new Date(), { readable: true });
    expect(await storedSecret(user.id)).toBe(secret);
    const clock = midStepClock();

    // A wrong code changes nothing.
    await rejectionOf(signIn(user.email, clock, totpCodeAt(secret, nowDate(clock).getTime() + 5 * STEP)), ValidationError);
    expect(await storedSecret(user.id)).toBe(secret);

    expect((await signIn(user.email, clock, totpCodeAt(secret, nowDate(clock).getTime()))).id).toBe(user.id);
    const sealed = await storedSecret(user.id);
    expect(TEST_SECRET_BOX.isCurrent(sealed)).toBe(true);
    expect(sealed.toUpperCase()).not.toContain(secret);
    await clock.tick(STEP);
    expect((await signIn(user.email, clock, totpCodeAt(secret, nowDate(clock).getTime()))).id).toBe(user.id);
  });

  it('confirms a pending enrolment stored readable, and stores it encrypted', async () => {
    const user = await seedUser(database.db);
    const clock = midStepClock();
    const ctx = contextFor(database.db, actorOf(user), clock);
    const { secret } = await startSecondFactorEnrolment({ ctx });
    // As an instance of the previous version would have written it.
    await database.db.update(userSecondFactors).set({ secret }).where(eq(userSecondFactors.userId, user.id));
    await confirmSecondFactor({ ctx, input: { code: totpCodeAt(secret, nowDate(clock).getTime()) } });
    expect(TEST_SECRET_BOX.isCurrent(await storedSecret(user.id))).toBe(true);
  });

  it('does not accept a sealed secret copied into another user’s row', async () => {
    const owner = await seedUser(database.db);
    const thief = await seedUser(database.db);
    const { secret } = await seedSecondFactor(database.db, owner.id);
    await seedSecondFactor(database.db, thief.id);
    await database.db.update(userSecondFactors).set({ secret: await storedSecret(owner.id) }).where(eq(userSecondFactors.userId, thief.id));
    const clock = midStepClock();
    await expect(signIn(thief.email, clock, totpCodeAt(secret, nowDate(clock).getTime()))).rejects.toThrow('does not open');
  });
});

describe(`sealing the stored secrets at start-up (${testDriver})`, () => {
  // A database of its own: the rows counted are only this test's.
  let own: TestDatabase;
  beforeAll(async () => {
    own = await freshDatabase();
  });
  afterAll(async () => {
    await own?.close();
  });

  it('encrypts the readable secrets and those under a retired key, once; keeps what it cannot open; codes still sign in', async () => {
    const retiredKey = 'retired-encryption-key-0123456789abcdefghij';
    const currentKey = 'current-encryption-key-0123456789abcdefghij';
    const retired = createSecretBox({ current: retiredKey });
    const current = createSecretBox({ current: currentKey, retired: [retiredKey] });
    const unknown = createSecretBox({ current: 'a-key-nobody-configured-0123456789abcdefgh' });

    const readableUsers = [await seedUser(own.db), await seedUser(own.db), await seedUser(own.db)];
    const secrets = new Map<string, string>();
    for (const user of readableUsers) secrets.set(user.id, (await seedSecondFactor(own.db, user.id, new Date(), { readable: true })).secret);
    const underRetired = await seedUser(own.db);
    secrets.set(underRetired.id, (await seedSecondFactor(own.db, underRetired.id, new Date(), { box: retired })).secret);
    const underCurrent = await seedUser(own.db);
    secrets.set(underCurrent.id, (await seedSecondFactor(own.db, underCurrent.id, new Date(), { box: current })).secret);
    const lost = await seedUser(own.db);
    await seedSecondFactor(own.db, lost.id, new Date(), { box: unknown });
    const storedOf = async (userId: string) => (await own.db.select().from(userSecondFactors).where(eq(userSecondFactors.userId, userId)))[0]!.secret;
    const untouched = await storedOf(underCurrent.id);
    const lostBefore = await storedOf(lost.id);

    expect(await sealStoredTotpSecrets(own.db, current)).toEqual({ sealed: 4, unreadable: 1 });
    for (const [userId, secret] of secrets) {
      const stored = await storedOf(userId);
      expect(current.isCurrent(stored), userId).toBe(true);
      expect(stored.toUpperCase()).not.toContain(secret);
      expect(openTotpSecret(current, userId, stored).secret).toBe(secret);
    }
    expect(await storedOf(underCurrent.id)).toBe(untouched);
    expect(await storedOf(lost.id)).toBe(lostBefore);
    // Nothing left to do the next time.
    expect(await sealStoredTotpSecrets(own.db, current)).toEqual({ sealed: 0, unreadable: 1 });

    // The retired key may now go: the current one alone opens what was readable or under the retired key.
    const clock = midStepClock();
    const afterRotation = createSecretBox({ current: currentKey });
    for (const user of [readableUsers[0]!, underRetired]) {
      const signedIn = await authenticate({
        ctx: { ...contextFor(own.db, null, clock), secrets: afterRotation },
        input: { email: user.email, password: FACTORY_PASSWORD, code: totpCodeAt(secrets.get(user.id)!, nowDate(clock).getTime()), ipAddress: freshAddress() },
        sleep: async () => {},
      });
      expect(signedIn.id).toBe(user.id);
    }
    // A secret under a key the server was never given is not taken for a wrong code: the server says which settings to fix.
    await expect(
      authenticate({
        ctx: { ...contextFor(own.db, null, clock), secrets: afterRotation },
        input: { email: lost.email, password: FACTORY_PASSWORD, code: '123456', ipAddress: freshAddress() },
        sleep: async () => {},
      }),
    ).rejects.toThrow('neither OPENSEAL_ENCRYPTION_KEY nor one of OPENSEAL_ENCRYPTION_RETIRED_KEYS');
  });
});
