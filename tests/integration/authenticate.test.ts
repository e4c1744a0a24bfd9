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
    expect(error.message).toBe(SIGN_IN_MESSAGES.wrongPassword);
  }
}

describe(`authenticate (${testDriver})`, () => {
  it('signs in with the right password and returns who the user is', async () => {
    const user = await seedUser(database.db, { role: 'reviewer' });
    const actor = await signInAs(user.email.toUpperCase()).attempt(FACTORY_PASSWORD);
    expect(actor).toEqual({ id: user.id, email: user.email, name: user.name, role: 'reviewer' });
  });

  it('tells an unknown email from a wrong password, each on its own field', async () => {
    const user = await seedUser(database.db);
    const unknown = await rejectionOf(signInAs(`nobody-${user.email}`).attempt(FACTORY_PASSWORD), ValidationError);
    expect(unknown.message).toBe(SIGN_IN_MESSAGES.unknownEmail);
    expect(unknown.fieldErrors).toEqual({ email: [SIGN_IN_MESSAGES.unknownEmail] });

    const wrong = await rejectionOf(signInAs(user.email).attempt(WRONG), ValidationError);
    expect(wrong.message).toBe(SIGN_IN_MESSAGES.wrongPassword);
    expect(wrong.fieldErrors).toEqual({ password: [SIGN_IN_MESSAGES.wrongPassword] });
    expect(SIGN_IN_MESSAGES.unknownEmail).not.toBe(SIGN_IN_MESSAGES.wrongPassword);
  });

  it('tells a disabled account so only to someone who knows its password', async () => {
    const user = await seedUser(database.db, { disabled: true });
    const refused = await rejectionOf(signInAs(user.email).attempt(FACTORY_PASSWORD), ForbiddenError);
    expect(refused.message).toBe(SIGN_IN_MESSAGES.disabled);
    const wrong = await rejectionOf(signInAs(user.email).attempt(WRONG), ValidationError);
    expect(wrong.message).toBe(SIGN_IN_MESSAGES.wrongPassword);
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
  it('slows down repeated failures, waiting longer each time', async () => {
    const user = await seedUser(database.db);
    const { attempt, delays } = signInAs(user.email);
    // No wait for the first slowDownAfterAccountFailures + 1 attempts, then 1 s, 2 s, … (doubling).
    await failuresUntil(attempt, SIGN_IN_POLICY.slowDownAfterAccountFailures + 1);
    expect(delays).toEqual([]);
    await failuresUntil(attempt, SIGN_IN_POLICY.refuseAfterAccountFailures - SIGN_IN_POLICY.slowDownAfterAccountFailures - 1);
    expect(delays).toEqual([1000, 2000]);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
  });

  it('refuses the account after too many failures, even with the right password, and says for how long', async () => {
    const user = await seedUser(database.db);
    const { attempt, clock } = signInAs(user.email);
    await failuresUntil(attempt, SIGN_IN_POLICY.refuseAfterAccountFailures);

    // The first failure was 5 s ago (one attempt per second), so the pause ends 14 min 55 s from now.
    const refused = await rejectionOf(attempt(FACTORY_PASSWORD), TooManyAttemptsError);
    expect(refused.message).toBe('Too many failed sign-ins for this account. For its protection, sign-in is paused: try again in 15 minutes.');
    expect(refused).toMatchObject({ scope: 'account', retryAfterSeconds: 15 * 60 - 5, httpStatus: 429 });

    await clock.tick(10 * 60_000);
    const later = await rejectionOf(attempt(FACTORY_PASSWORD), TooManyAttemptsError);
    expect(later.message).toMatch(/try again in 5 minutes\.$/);

    await clock.tick(5 * 60_000);
    const actor = await attempt(FACTORY_PASSWORD);
    expect(actor.id).toBe(user.id);
  });

  it('refuses the account from any address, and not its neighbours', async () => {
    const user = await seedUser(database.db);
    const neighbour = await seedUser(database.db);
    const clock = createTestClock();
    await failuresUntil(signInAs(user.email, { clock }).attempt, SIGN_IN_POLICY.refuseAfterAccountFailures);

    await rejectionOf(signInAs(user.email, { clock }).attempt(FACTORY_PASSWORD), TooManyAttemptsError);
    expect((await signInAs(neighbour.email, { clock }).attempt(FACTORY_PASSWORD)).id).toBe(neighbour.id);
  });

  it('forgets the failures before a successful sign-in', async () => {
    const user = await seedUser(database.db);
    const { attempt, delays } = signInAs(user.email);
    await failuresUntil(attempt, SIGN_IN_POLICY.refuseAfterAccountFailures - 1);
    await attempt(FACTORY_PASSWORD);
    delays.length = 0;

    // As many failures again as before, all inside the window: without the reset this would be refused.
    await failuresUntil(attempt, SIGN_IN_POLICY.refuseAfterAccountFailures - 1);
    expect(delays).toEqual([1000]);
    const actor = await attempt(FACTORY_PASSWORD);
    expect(actor.id).toBe(user.id);
  });

  it('refuses an address after too many failures across different emails, even for a real user', async () => {
    const user = await seedUser(database.db);
    const clock = createTestClock();
    const ipAddress = freshAddress();
    for (let i = 0; i < SIGN_IN_POLICY.refuseAfterAddressFailures; i++) {
      const error = await rejectionOf(signInAs(`guess-${i}-${user.email}`, { clock, ipAddress }).attempt(WRONG), ValidationError);
      expect(error.message).toBe(SIGN_IN_MESSAGES.unknownEmail);
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
  it('does not let wrong passwords sent all at once get past the limit', async () => {
    const user = await seedUser(database.db);
    const clock = createTestClock();
    const attempts = Array.from({ length: 20 }, () =>
      authenticate({ ctx: contextFor(database.db, null, clock), input: { email: user.email, password: WRONG, ipAddress: freshAddress() }, sleep: async () => {} }).then(
        () => 'signed in',
        (error: unknown) => (error instanceof TooManyAttemptsError ? 'refused' : error instanceof ValidationError ? 'checked' : String(error)),
      ),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((outcome) => outcome === 'checked').length).toBeLessThanOrEqual(SIGN_IN_POLICY.refuseAfterAccountFailures);
    expect(outcomes.filter((outcome) => outcome === 'refused').length).toBeGreaterThanOrEqual(20 - SIGN_IN_POLICY.refuseAfterAccountFailures);
  });
});
