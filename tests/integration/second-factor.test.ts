import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, userRecoveryCodes, userSecondFactors } from '@/db/schema';
import { createTestClock, nowDate, type TestClock } from '@/lib/clock';
import { authenticate, SecondFactorRequiredError, SIGN_IN_MESSAGES } from '@/lib/services/users/authenticate';
import { startSecondFactorEnrolment } from '@/lib/services/second-factor/start-enrolment';
import { confirmSecondFactor } from '@/lib/services/second-factor/confirm-enrolment';
import { disableSecondFactor } from '@/lib/services/second-factor/disable';
import { ConflictError, TooManyAttemptsError, ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, FACTORY_PASSWORD, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';
import { seedSecondFactor, totpCodeAt } from '../helpers/second-factor-factories';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const STEP = 30_000;
const freshAddress = () => `198.51.100.${crypto.randomInt(1, 254)}-${crypto.randomBytes(3).toString('hex')}`;

/** A clock in the middle of a 30-second step, so that "one step earlier" is unambiguous. */
function midStepClock(): TestClock {
  const now = Date.now();
  return createTestClock(new Date(now - (now % STEP) + STEP / 2));
}

function signIn(email: string, clock: TestClock, code?: string, ipAddress = freshAddress()) {
  return authenticate({ ctx: contextFor(database.db, null, clock), input: { email, password: FACTORY_PASSWORD, code, ipAddress }, sleep: async () => {} });
}

async function auditActions(userId: string) {
  const rows = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'user'), eq(auditEvents.entityId, userId))).orderBy(auditEvents.occurredAt);
  return rows.map((row) => row.action);
}

describe(`enrolling a second factor (${testDriver})`, () => {
  it('is switched on only by a right code, and hands out ten recovery codes stored hashed', async () => {
    const user = await seedUser(database.db);
    const clock = midStepClock();
    const ctx = contextFor(database.db, actorOf(user), clock);
    const { secret } = await startSecondFactorEnrolment({ ctx });
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    // Not yet in force: the password alone still signs in.
    expect((await signIn(user.email, clock)).id).toBe(user.id);

    const wrong = await rejectionOf(confirmSecondFactor({ ctx, input: { code: totpCodeAt(secret, nowDate(clock).getTime() + 5 * STEP) } }), ValidationError);
    expect(wrong.fieldErrors.code).toBeDefined();

    const { recoveryCodes } = await confirmSecondFactor({ ctx, input: { code: totpCodeAt(secret, nowDate(clock).getTime()) } });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await database.db.select().from(userRecoveryCodes).where(eq(userRecoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    for (const row of stored) {
      expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(recoveryCodes.some((code) => row.codeHash.includes(code) || row.codeHash.includes(code.replace('-', '')))).toBe(false);
    }
    const expected = recoveryCodes.map((code) => crypto.createHash('sha256').update(code.replace('-', '')).digest('hex')).sort();
    expect(stored.map((row) => row.codeHash).sort()).toEqual(expected);

    // Now the password alone is not enough.
    const asked = await rejectionOf(signIn(user.email, clock), SecondFactorRequiredError);
    expect(asked.message).toBe(SIGN_IN_MESSAGES.secondFactorRequired);
    expect(await auditActions(user.id)).toEqual(['user.second-factor-start', 'user.second-factor-proof-failed', 'user.second-factor-enrol']);

    await rejectionOf(startSecondFactorEnrolment({ ctx }), ConflictError);
  });
});

describe(`signing in with a second factor (${testDriver})`, () => {
  it('accepts a code up to one step early or late, not two', async () => {
    const user = await seedUser(database.db);
    const { secret } = await seedSecondFactor(database.db, user.id);
    const clock = midStepClock();
    const now = () => nowDate(clock).getTime();

    expect((await signIn(user.email, clock, totpCodeAt(secret, now() - STEP))).id).toBe(user.id);
    await clock.tick(STEP);
    // The app's clock runs a step ahead of ours.
    expect((await signIn(user.email, clock, totpCodeAt(secret, now() + STEP))).id).toBe(user.id);
    await clock.tick(3 * STEP);
    for (const drift of [-2 * STEP, 2 * STEP]) {
      const refused = await rejectionOf(signIn(user.email, clock, totpCodeAt(secret, now() + drift)), ValidationError);
      expect(refused.message).toBe(SIGN_IN_MESSAGES.wrongCode);
    }
  });

  it('refuses the same code a second time (replay), even a step later while it is still within the drift window', async () => {
    const user = await seedUser(database.db);
    const { secret } = await seedSecondFactor(database.db, user.id);
    const clock = midStepClock();
    const code = totpCodeAt(secret, nowDate(clock).getTime());
    expect((await signIn(user.email, clock, code)).id).toBe(user.id);
    const replayed = await rejectionOf(signIn(user.email, clock, code), ValidationError);
    expect(replayed.message).toBe(SIGN_IN_MESSAGES.wrongCode);
    // Still inside the drift window a step later: refused all the same.
    await clock.tick(STEP);
    await rejectionOf(signIn(user.email, clock, code), ValidationError);
    expect((await signIn(user.email, clock, totpCodeAt(secret, nowDate(clock).getTime()))).id).toBe(user.id);
  });

  it('lets the same code through only once when sent twice at once', async () => {
    const user = await seedUser(database.db);
    const { secret } = await seedSecondFactor(database.db, user.id);
    const clock = midStepClock();
    const code = totpCodeAt(secret, nowDate(clock).getTime());
    const outcomes = await Promise.all([signIn(user.email, clock, code), signIn(user.email, clock, code)].map((p) => p.then(() => 'in', () => 'refused')));
    expect(outcomes.sort()).toEqual(['in', 'refused']);
  });

  it('accepts each recovery code once, in any case and spacing, and audits its use', async () => {
    const user = await seedUser(database.db);
    const { recoveryCodes } = await seedSecondFactor(database.db, user.id);
    const clock = midStepClock();
    const [first, second] = recoveryCodes as [string, string];
    expect((await signIn(user.email, clock, first)).id).toBe(user.id);
    const again = await rejectionOf(signIn(user.email, clock, first), ValidationError);
    expect(again.message).toBe(SIGN_IN_MESSAGES.wrongCode);
    expect((await signIn(user.email, clock, ` ${second.toUpperCase().replace('-', ' ')} `)).id).toBe(user.id);

    const uses = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, user.id), eq(auditEvents.action, 'user.recovery-code-use')));
    expect(uses.map((use) => use.after)).toEqual([{ recoveryCodesLeft: 9 }, { recoveryCodesLeft: 8 }]);
  });

  it('asks for the code only after the right password, and counts wrong codes as failures of that client', async () => {
    const user = await seedUser(database.db);
    const { secret } = await seedSecondFactor(database.db, user.id);
    const clock = midStepClock();
    const wrongPassword = await rejectionOf(
      authenticate({ ctx: contextFor(database.db, null, clock), input: { email: user.email, password: 'not-it-at-all', ipAddress: freshAddress() }, sleep: async () => {} }),
      ValidationError,
    );
    expect(wrongPassword.message).toBe(SIGN_IN_MESSAGES.wrongCredentials);

    const ipAddress = freshAddress();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await clock.tick(1000);
      await rejectionOf(
        authenticate({ ctx: contextFor(database.db, null, clock), input: { email: user.email, password: FACTORY_PASSWORD, code: '000000', ipAddress }, sleep: async (ms) => void delays.push(ms) }),
        ValidationError,
      );
    }
    expect(delays).toEqual([1000]);
    expect((await signIn(user.email, clock, totpCodeAt(secret, nowDate(clock).getTime()), ipAddress)).id).toBe(user.id);
  });
});

describe(`switching the second factor off (${testDriver})`, () => {
  it('needs a current code or the password, and is audited', async () => {
    const user = await seedUser(database.db);
    const { secret } = await seedSecondFactor(database.db, user.id);
    const clock = midStepClock();
    const ctx = contextFor(database.db, actorOf(user), clock);
    await rejectionOf(disableSecondFactor({ ctx, input: { proof: 'a guess' } }), ValidationError);
    await rejectionOf(disableSecondFactor({ ctx, input: { proof: totpCodeAt(secret, nowDate(clock).getTime() + 4 * STEP) } }), ValidationError);
    await disableSecondFactor({ ctx, input: { proof: totpCodeAt(secret, nowDate(clock).getTime()) } });
    expect(await database.db.select().from(userSecondFactors).where(eq(userSecondFactors.userId, user.id))).toEqual([]);
    expect(await database.db.select().from(userRecoveryCodes).where(eq(userRecoveryCodes.userId, user.id))).toEqual([]);
    expect((await signIn(user.email, clock)).id).toBe(user.id);

    await seedSecondFactor(database.db, user.id);
    await disableSecondFactor({ ctx, input: { proof: FACTORY_PASSWORD } });
    expect(await auditActions(user.id)).toEqual(['user.second-factor-proof-failed', 'user.second-factor-proof-failed', 'user.second-factor-disable', 'user.second-factor-disable']);
    await rejectionOf(disableSecondFactor({ ctx, input: { proof: FACTORY_PASSWORD } }), ConflictError);
  });
});

describe(`guessing codes with a borrowed session (${testDriver})`, () => {
  it('switching off: after five wrong proofs in 15 minutes even the right one waits, then works', async () => {
    const user = await seedUser(database.db);
    const { secret } = await seedSecondFactor(database.db, user.id);
    const clock = midStepClock();
    const ctx = contextFor(database.db, actorOf(user), clock);
    for (let guess = 0; guess < 5; guess++) await rejectionOf(disableSecondFactor({ ctx, input: { proof: String(100000 + guess) } }), ValidationError);
    const waiting = await rejectionOf(disableSecondFactor({ ctx, input: { proof: totpCodeAt(secret, nowDate(clock).getTime()) } }), TooManyAttemptsError);
    expect(waiting.message).toBe('Too many wrong codes. Please wait 15 minutes and try again.');
    expect(await database.db.select().from(userSecondFactors).where(eq(userSecondFactors.userId, user.id))).toHaveLength(1);
    await clock.tick(15 * 60_000 + STEP);
    await disableSecondFactor({ ctx, input: { proof: totpCodeAt(secret, nowDate(clock).getTime()) } });
    expect(await database.db.select().from(userSecondFactors).where(eq(userSecondFactors.userId, user.id))).toEqual([]);
  });

  it('confirming an authenticator: five wrong codes, then a wait, even for the right code', async () => {
    const user = await seedUser(database.db);
    const clock = midStepClock();
    const ctx = contextFor(database.db, actorOf(user), clock);
    const { secret } = await startSecondFactorEnrolment({ ctx });
    const wrongCode = () => totpCodeAt(secret, nowDate(clock).getTime() + 5 * STEP);
    for (let guess = 0; guess < 5; guess++) await rejectionOf(confirmSecondFactor({ ctx, input: { code: wrongCode() } }), ValidationError);
    await rejectionOf(confirmSecondFactor({ ctx, input: { code: totpCodeAt(secret, nowDate(clock).getTime()) } }), TooManyAttemptsError);
    await clock.tick(15 * 60_000);
    expect((await confirmSecondFactor({ ctx, input: { code: totpCodeAt(secret, nowDate(clock).getTime()) } })).recoveryCodes).toHaveLength(10);
  });
});
