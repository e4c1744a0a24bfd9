import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, outboundMails, users } from '@/db/schema';
import { verifyPassword } from '@/lib/auth/password';
import { authenticate } from '@/lib/services/users/authenticate';
import { signUp, signUpMessage } from '@/lib/services/users/sign-up';
import { TooManyAttemptsError, ValidationError } from '@/lib/services/errors';
import { createTestClock } from '@/lib/clock';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { contextFor } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const GOOD_PASSWORD = 'copper-meadow-violin-88';
const anonymous = () => contextFor(database.db, null);
/** A different documentation address (RFC 5737) for each sign-up, so the per-address limit stays out of the way. */
const someAddress = () => `198.51.100.${crypto.randomInt(1, 255)}-${crypto.randomBytes(3).toString('hex')}`;
const uniqueEmail = (local: string) => `${local}-${crypto.randomBytes(4).toString('hex')}@example.test`;

async function usersWithEmail(email: string) {
  return database.db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
}

describe(`signUp (${testDriver})`, () => {
  it('creates an applicant with the email lowercased, who can then sign in', async () => {
    const email = uniqueEmail('Grace.Hopper');
    const { user, message } = await signUp({ ctx: anonymous(), input: { name: '  Grace Hopper ', email: `  ${email.toUpperCase()} `, password: GOOD_PASSWORD, clientAddress: someAddress() } }).then((result) => ({ ...result, user: result.user! }));
    expect(message).toBe(signUpMessage(email.toLowerCase()));

    expect(user).toMatchObject({ email: email.toLowerCase(), name: 'Grace Hopper', role: 'applicant', disabledAt: null });
    const [stored] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(stored?.email).toBe(email.toLowerCase());
    expect(stored?.passwordHash).not.toContain(GOOD_PASSWORD);
    expect(await verifyPassword(stored!.passwordHash, GOOD_PASSWORD)).toBe(true);

    const actor = await authenticate({ ctx: anonymous(), input: { email, password: GOOD_PASSWORD, ipAddress: '198.51.100.1' }, sleep: async () => {} });
    expect(actor).toEqual({ id: user.id, email: email.toLowerCase(), name: 'Grace Hopper', role: 'applicant' });
  });

  it('records a user.sign-up audit event by the new user, without the password or its hash', async () => {
    const email = uniqueEmail('ada');
    const user = (await signUp({ ctx: anonymous(), input: { name: 'Ada Lovelace', email, password: GOOD_PASSWORD, clientAddress: someAddress() } })).user!;

    const events = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'user'), eq(auditEvents.entityId, user.id)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'user.sign-up',
      actorId: user.id,
      before: null,
      after: { email, name: 'Ada Lovelace', role: 'applicant', disabledAt: null },
    });
    const serialized = JSON.stringify(events[0]);
    expect(serialized).not.toContain(user.passwordHash);
    expect(serialized).not.toContain(GOOD_PASSWORD);
    expect(serialized).not.toMatch(/password/i);
  });

  it('makes no second account for the same email, whatever its case: answers as for a new address and mails the owner instead', async () => {
    const email = uniqueEmail('dup');
    const fresh = await signUp({ ctx: anonymous(), input: { name: 'First', email, password: GOOD_PASSWORD, clientAddress: someAddress() } });

    for (const again of [email, email.toUpperCase(), ` ${email.replace(/^d/, 'D')} `]) {
      const answer = await signUp({ ctx: anonymous(), input: { name: 'Second', email: again, password: 'another-quiet-river-17', clientAddress: someAddress() } });
      expect(answer.message).toBe(fresh.message);
      expect(answer.user).toBeNull();
    }
    const rows = await usersWithEmail(email);
    expect(rows.map((row) => row.name)).toEqual(['First']);
    const mails = await database.db.select().from(outboundMails).where(eq(outboundMails.toAddress, email));
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      'Someone tried to sign up to OpenSeal with your address',
      'Someone tried to sign up to OpenSeal with your address',
      'Someone tried to sign up to OpenSeal with your address',
      'Verify your OpenSeal email address',
    ]);
    const notice = mails.find((mail) => mail.subject.startsWith('Someone'))!;
    expect(notice.body).toContain('If it was you, sign in instead');
    expect(notice.body).toContain('/forgot-password');
  });

  it.each([
    { why: 'shorter than 12 characters', password: 'tiny-pw-1', message: 'Use at least 12 characters (this one has 9).' },
    { why: 'a very common password', password: 'password1234', message: /too easy to guess/ },
    { why: 'a keyboard walk', password: 'qwertyuiop123', message: /too easy to guess/ },
  ])('refuses a password that is $why, naming the password field, and creates nothing', async ({ password, message }) => {
    const email = uniqueEmail('weak');
    const error = await rejectionOf(signUp({ ctx: anonymous(), input: { name: 'Weak Password', email, password, clientAddress: someAddress() } }), ValidationError);
    expect(error.message).toMatch(message);
    expect(error.fieldErrors.password).toEqual([error.message]);
    expect(await usersWithEmail(email)).toHaveLength(0);
  });

  it('refuses a password that is the email address itself', async () => {
    const email = uniqueEmail('marigold.tavern');
    const error = await rejectionOf(signUp({ ctx: anonymous(), input: { name: 'Marigold Tavern', email, password: email, clientAddress: someAddress() } }), ValidationError);
    expect(error.message).toMatch(/close to your name or email/);
    expect(error.fieldErrors.password).toHaveLength(1);
    expect(await usersWithEmail(email)).toHaveLength(0);
  });

  it.each([
    { email: 'not-an-email', message: 'Enter an email address like name@example.com.' },
    { email: '   ', message: 'Enter an email address.' },
    { email: undefined, message: 'Enter your email address.' },
  ])('refuses the email $email with a message on the email field', async ({ email, message }) => {
    const error = await rejectionOf(signUp({ ctx: anonymous(), input: { name: 'No Mail', email, password: GOOD_PASSWORD, clientAddress: someAddress() } }), ValidationError);
    expect(error.message).toBe(message);
    expect(error.fieldErrors).toEqual({ email: [message] });
  });

  it('lists every wrong field at once', async () => {
    const error = await rejectionOf(signUp({ ctx: anonymous(), input: { name: '', email: 'nope', password: GOOD_PASSWORD, clientAddress: someAddress() } }), ValidationError);
    expect(error.message).toBe('Please correct the highlighted fields.');
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['email', 'name']);
  });

  it('lets exactly one of two simultaneous sign-ups with the same email through', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.allSettled([
      signUp({ ctx: anonymous(), input: { name: 'Racer One', email, password: GOOD_PASSWORD, clientAddress: someAddress() } }),
      signUp({ ctx: anonymous(), input: { name: 'Racer Two', email: email.toUpperCase(), password: GOOD_PASSWORD, clientAddress: someAddress() } }),
    ]);

    // Both get the same answer; one account exists.
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    const answers = results.map((result) => (result as PromiseFulfilledResult<Awaited<ReturnType<typeof signUp>>>).value);
    expect(answers.filter((answer) => answer.user !== null)).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.message)).size).toBe(1);

    const rows = await usersWithEmail(email);
    expect(rows).toHaveLength(1);
    const signUps = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'user.sign-up'), eq(auditEvents.entityId, rows[0]!.id)));
    expect(signUps).toHaveLength(1);
  });
});

describe(`sign-up limit per address (${testDriver})`, () => {
  it('[PUBLIC] refuses an 11th account from one address within an hour, says when to try again, and allows it after', async () => {
    const clock = createTestClock();
    const address = `203.0.113.${crypto.randomInt(1, 255)}`;
    const from = (ctx: ReturnType<typeof anonymous>, label: string) =>
      signUp({ ctx: { ...ctx, clock }, input: { name: `Person ${label}`, email: uniqueEmail(label), password: GOOD_PASSWORD, clientAddress: address } });
    for (let i = 0; i < 10; i++) await from(anonymous(), `batch-${i}`);
    await clock.tick(20 * 60_000);
    const refused = await rejectionOf(from(anonymous(), 'eleventh'), TooManyAttemptsError);
    expect(refused.message).toBe('10 accounts were created from this connection in the last hour; please wait 40 minutes and create yours again. What you typed is kept, except the password.');
    expect(refused.retryAfterSeconds).toBe(40 * 60);
    // Another address is not held up, and an operator may raise the number.
    expect(await signUp({ ctx: { ...anonymous(), clock }, input: { name: 'Other Place', email: uniqueEmail('other'), password: GOOD_PASSWORD, clientAddress: someAddress() } })).toMatchObject({ user: { role: 'applicant' } });
    expect(await signUp({ ctx: { ...anonymous(), clock, limits: { signUpsPerAddressPerHour: 50 } }, input: { name: 'Campus Person', email: uniqueEmail('campus'), password: GOOD_PASSWORD, clientAddress: address } })).toMatchObject({ user: { signUpAddress: address } });

    await clock.tick(41 * 60_000);
    expect(await from(anonymous(), 'later')).toMatchObject({ user: { role: 'applicant' } });
  });
});
