import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { signInAttempts } from '@/db/schema';
import { createTestClock, nowDate } from '@/lib/clock';
import { purgeSignInAttempts, recordSignInAttempt, SIGN_IN_POLICY } from '@/lib/auth/sign-in-throttle';
import { authenticate, SIGN_IN_MESSAGES } from '@/lib/services/users/authenticate';
import { ForbiddenError, TooManyAttemptsError, ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { contextFor, FACTORY_PASSWORD, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const WRONG = 'not-the-right-password-at-all';
/** Each test signs in from an address of its own, so the per-address count is its own too. */
const freshAddress = () => `2001:db8::${crypto.randomBytes(2).toString('hex')}:${crypto.randomBytes(2).toString('hex')}`;

/**
 * Signs in as a browser would, one second after the previous attempt (so that no two attempts
 * share a timestamp). The slow-down is recorded instead of waited for.
 */
function signInAs(email: string, { clock = createTestClock(), ipAddress = freshAddress() } = {}) {
  const delays: number[] = [];
  const attempt = async (password: string) => {
    await clock.tick(1000);
    return authenticate({
      ctx: contextFor(database.db, null, clock),
      input: { email, password, ipAddress },
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
  };
  return { attempt, delays, clock, ipAddress };
}

async function failuresUntil(attempt: (password: string) => Promise<unknown>, count: number) {
  for (let i = 0; i < count; i++) {
    const error = await rejectionOf(attempt(WRONG), ValidationError);
    expect(error.message).toBe(SIGN_IN_MESSAGES.wrongCredentials);
  }
}

/** What a browser would be shown: everything but timing-free identifiers. */
const answerOf = (error: ValidationError) => ({ type: error.constructor.name, message: error.message, fieldErrors: error.fieldErrors, httpStatus: error.httpStatus });

describe(`authenticate (${testDriver})`, () => {
  it('signs in with the right password and returns who the user is', async () => {
    const user = await seedUser(database.db, { role: 'reviewer' });
    const actor = await signInAs(user.email.toUpperCase()).attempt(FACTORY_PASSWORD);
    expect(actor).toEqual({ id: user.id, email: user.email, name: user.name, role: 'reviewer' });
  });

  it('gives an unknown address and a wrong password the very same answer', async () => {
    const user = await seedUser(database.db);
    const unknown = await rejectionOf(signInAs(`nobody-${user.email}`).attempt(FACTORY_PASSWORD), ValidationError);
    const wrong = await rejectionOf(signInAs(user.email).attempt(WRONG), ValidationError);
    expect(unknown.message).toBe('The email address or password is not right.');
    expect(answerOf(unknown)).toEqual(answerOf(wrong));
    expect(unknown.fieldErrors).toEqual({ password: ['The email address or password is not right.'] });
  });

  it('tells a disabled account so only to someone who knows its password', async () => {
    const user = await seedUser(database.db, { disabled: true });
    const refused = await rejectionOf(signInAs(user.email).attempt(FACTORY_PASSWORD), ForbiddenError);
    expect(refused.message).toBe(SIGN_IN_MESSAGES.disabled);
    const wrong = await rejectionOf(signInAs(user.email).attempt(WRONG), ValidationError);
    expect(wrong.message).toBe(SIGN_IN_MESSAGES.wrongCredentials);
  });

  it('records every attempt, failed or not', async () => {
    const user = await seedUser(database.db);
    const session = signInAs(user.email);
    await rejectionOf(session.attempt(WRONG), ValidationError);
    await session.attempt(FACTORY_PASSWORD);
    const rows = await database.db.select().from(signInAttempts).where(eq(signInAttempts.email, user.email)).orderBy(signInAttempts.attemptedAt);
    expect(rows.map((row) => [row.succeeded, row.ipAddress])).toEqual([
      ['no', session.ipAddress],
      ['yes', session.ipAddress],
    ]);
    expect(rows[1]!.attemptedAt.getTime()).toBe(nowDate(session.clock).getTime());
  });
});

describe(`sign-in throttle (${testDriver})`, () => {
  it('slows down repeated failures of one account from one client, waiting longer each time', async () => {
    const user = await seedUser(database.db);
    const { attempt, delays } = signInAs(user.email);
    // No wait for the first slowDownAfterPairFailures + 1 attempts, then 1 s, 2 s, 4 s … (doubling).
    await failuresUntil(attempt, SIGN_IN_POLICY.slowDownAfterPairFailures + 1);
    expect(delays).toEqual([]);
    await failuresUntil(attempt, 4);
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
    await failuresUntil(attempt, 2);
    expect(delays.slice(-2)).toEqual([16000, 16000]);
  });

  it('lets the owner in from their own client while an attacker\'s 50 wrong passwords are refused', async () => {
    const user = await seedUser(database.db);
    const clock = createTestClock();
    const attacker = signInAs(user.email, { clock, ipAddress: freshAddress() });
    const outcomes: string[] = [];
    for (let i = 0; i < 50; i++) {
      outcomes.push(
        await attacker.attempt(WRONG).then(
          () => 'signed in',
          (error: unknown) => (error instanceof TooManyAttemptsError ? 'refused' : error instanceof ValidationError ? 'checked' : String(error)),
        ),
      );
    }
    // Only the attacker's client is stopped, after refuseAfterPairFailures guesses.
    expect(outcomes.filter((o) => o === 'checked')).toHaveLength(SIGN_IN_POLICY.refuseAfterPairFailures);
    expect(outcomes.slice(SIGN_IN_POLICY.refuseAfterPairFailures).every((o) => o === 'refused')).toBe(true);
    const refused = await rejectionOf(attacker.attempt(FACTORY_PASSWORD), TooManyAttemptsError);
    expect(refused.message).toMatch(/^Too many failed sign-ins for this email address from your network\. Try again in \d+ minutes\.$/);

    const owner = signInAs(user.email, { clock, ipAddress: freshAddress() });
    const actor = await owner.attempt(FACTORY_PASSWORD);
    expect(actor.id).toBe(user.id);
    expect(owner.delays).toEqual([]);
  });

  it('refuses one account from one client for the rest of the window, and says for how long', async () => {
    const user = await seedUser(database.db);
    const { attempt, clock } = signInAs(user.email);
    await failuresUntil(attempt, SIGN_IN_POLICY.refuseAfterPairFailures);

    // The first failure was 10 s ago (one attempt per second), so the refusal ends 14 min 50 s from now.
    const refused = await rejectionOf(attempt(FACTORY_PASSWORD), TooManyAttemptsError);
    expect(refused.message).toBe('Too many failed sign-ins for this email address from your network. Try again in 15 minutes.');
    expect(refused).toMatchObject({ scope: 'account', retryAfterSeconds: 15 * 60 - 10, httpStatus: 429 });

    await clock.tick(15 * 60_000);
    const actor = await attempt(FACTORY_PASSWORD);
    expect(actor.id).toBe(user.id);
  });

  it('forgets the failures of a client before its successful sign-in', async () => {
    const user = await seedUser(database.db);
    const { attempt, delays } = signInAs(user.email);
    await failuresUntil(attempt, SIGN_IN_POLICY.refuseAfterPairFailures - 1);
    await attempt(FACTORY_PASSWORD);
    delays.length = 0;

    // As many failures again as before, all inside the window: without the reset this would be refused.
    await failuresUntil(attempt, SIGN_IN_POLICY.refuseAfterPairFailures - 1);
    expect(delays[0]).toBe(1000);
    const actor = await attempt(FACTORY_PASSWORD);
    expect(actor.id).toBe(user.id);
  });

  it('refuses a client after too many failures across different emails, even for a real user, and no one else', async () => {
    const user = await seedUser(database.db);
    const clock = createTestClock();
    const ipAddress = freshAddress();
    for (let i = 0; i < SIGN_IN_POLICY.refuseAfterAddressFailures; i++) {
      const error = await rejectionOf(signInAs(`guess-${i}-${user.email}`, { clock, ipAddress }).attempt(WRONG), ValidationError);
      expect(error.message).toBe(SIGN_IN_MESSAGES.wrongCredentials);
    }

    const refused = await rejectionOf(signInAs(user.email, { clock, ipAddress }).attempt(FACTORY_PASSWORD), TooManyAttemptsError);
    expect(refused.scope).toBe('address');
    expect(refused.message).toBe('Too many failed sign-ins from your network. Try again in 15 minutes.');

    const elsewhere = await signInAs(user.email, { clock }).attempt(FACTORY_PASSWORD);
    expect(elsewhere.id).toBe(user.id);
  });

  it('purges only the attempts too old to count', async () => {
    const email = `purge-${crypto.randomUUID()}@example.test`;
    const clock = createTestClock();
    const now = nowDate(clock);
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const oldest = ago(2 * SIGN_IN_POLICY.windowMs + 60_000);
    for (const at of [oldest, ago(2 * SIGN_IN_POLICY.windowMs + 1000), ago(2 * SIGN_IN_POLICY.windowMs - 1000), ago(60_000)]) {
      await recordSignInAttempt(database.db, { email, ipAddress: '192.0.2.9', succeeded: false, at });
    }

    expect(await purgeSignInAttempts(database.db, now)).toBe(2);
    const left = await database.db.select().from(signInAttempts).where(eq(signInAttempts.email, email)).orderBy(signInAttempts.attemptedAt);
    expect(left.map((row) => row.attemptedAt.getTime())).toEqual([ago(2 * SIGN_IN_POLICY.windowMs - 1000).getTime(), ago(60_000).getTime()]);
  });

  it('does not let wrong passwords sent all at once from one client get past the limit', async () => {
    const user = await seedUser(database.db);
    const clock = createTestClock();
    const ipAddress = freshAddress();
    const attempts = Array.from({ length: 20 }, () =>
      authenticate({ ctx: contextFor(database.db, null, clock), input: { email: user.email, password: WRONG, ipAddress }, sleep: async () => {} }).then(
        () => 'signed in',
        (error: unknown) => (error instanceof TooManyAttemptsError ? 'refused' : error instanceof ValidationError ? 'checked' : String(error)),
      ),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((outcome) => outcome === 'checked').length).toBeLessThanOrEqual(SIGN_IN_POLICY.refuseAfterPairFailures);
    expect(outcomes.filter((outcome) => outcome === 'refused').length).toBeGreaterThanOrEqual(20 - SIGN_IN_POLICY.refuseAfterPairFailures);
  });
});
