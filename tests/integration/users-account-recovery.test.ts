import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { auditEvents, outboundMails, users } from '@/db/schema';
import { loadActor } from '@/lib/auth/actor';
import { verifyPassword } from '@/lib/auth/password';
import { createTestClock, type TestClock } from '@/lib/clock';
import { MAIL_SECRET_PLACEHOLDER } from '@/lib/notifications/mail-secret';
import { ConflictError, ForbiddenError, TooManyAttemptsError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { RESET_REQUESTED_MESSAGE, requestPasswordReset, resetPassword, sendPasswordResetLinkToUser } from '@/lib/services/users/password-reset';
import { LINK_MESSAGES } from '@/lib/services/users/user-tokens';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, FACTORY_PASSWORD, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const NEW_PASSWORD = 'pebble-orchard-trumpet-73';
const someClient = () => `198.51.100.${crypto.randomInt(1, 255)}-${crypto.randomBytes(3).toString('hex')}`;
const uniqueEmail = (label: string) => `${label}-${crypto.randomBytes(4).toString('hex')}@example.test`;

/** The one-time link of the newest mail to `address` with `subject`, as its recipient reads it; null when none. */
async function linkMailedTo(address: string, subject: string): Promise<string | null> {
  const [mail] = await database.db
    .select()
    .from(outboundMails)
    .where(and(eq(outboundMails.toAddress, address), eq(outboundMails.subject, subject)))
    .orderBy(desc(outboundMails.createdAt))
    .limit(1);
  return mail?.secret ?? null;
}
const resetTokenFor = async (address: string) => (await linkMailedTo(address, 'Choose a new OpenSeal password'))?.split('/reset-password/')[1] ?? null;

async function storedUser(id: string) {
  const [row] = await database.db.select().from(users).where(eq(users.id, id));
  return row!;
}

describe(`password reset (${testDriver})`, () => {
  it('[PUBLIC] answers the same for an address with and without an account, and mails a link only to the account', async () => {
    const user = await seedUser(database.db);
    const unknown = uniqueEmail('nobody');
    const known = await requestPasswordReset({ ctx: contextFor(database.db, null), input: { email: user.email.toUpperCase(), clientAddress: someClient() } });
    const stranger = await requestPasswordReset({ ctx: contextFor(database.db, null), input: { email: unknown, clientAddress: someClient() } });
    expect(known).toEqual({ message: RESET_REQUESTED_MESSAGE });
    expect(stranger).toEqual(known);

    expect(await database.db.select().from(outboundMails).where(eq(outboundMails.toAddress, unknown))).toEqual([]);
    const [mail] = await database.db.select().from(outboundMails).where(eq(outboundMails.toAddress, user.email));
    // The link is the mail's secret: kept apart from the body, so the admins' outbox never shows it.
    expect(mail!.body).toContain(`Choose a new password here: ${MAIL_SECRET_PLACEHOLDER}`);
    expect(mail!.secret).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
    expect(mail!.body).not.toContain(mail!.secret!);
  });

  it('[PUBLIC] sets a new password once through the link, with the sign-up rules, and ends every session', async () => {
    const user = await seedUser(database.db);
    await requestPasswordReset({ ctx: contextFor(database.db, null), input: { email: user.email, clientAddress: someClient() } });
    const token = (await resetTokenFor(user.email))!;

    // A weak password is refused and the link keeps working.
    const weak = await rejectionOf(resetPassword({ ctx: contextFor(database.db, null), input: { token, password: 'password1234' } }), ValidationError);
    expect(weak.fieldErrors.password).toEqual([expect.stringMatching(/too easy to guess/)]);

    expect(await loadActor(database.db, user.id, 0)).not.toBeNull();
    expect(await resetPassword({ ctx: contextFor(database.db, null), input: { token, password: NEW_PASSWORD } })).toEqual({ email: user.email });
    const after = await storedUser(user.id);
    expect(await verifyPassword(after.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(after.passwordHash, FACTORY_PASSWORD)).toBe(false);
    // The session issued before the reset (version 0) is over; one issued after works.
    expect(await loadActor(database.db, user.id, 0)).toBeNull();
    expect(await loadActor(database.db, user.id, after.sessionVersion)).toEqual(actorOf(user));

    const again = await rejectionOf(resetPassword({ ctx: contextFor(database.db, null), input: { token, password: 'another-violet-canyon-19' } }), ConflictError);
    expect(again.message).toBe(LINK_MESSAGES.used);
    const audit = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, user.id), eq(auditEvents.action, 'user.reset-password')));
    expect(audit).toHaveLength(1);
  });

  it('[PUBLIC] refuses a link after its hour, and an older link once a newer one was asked for', async () => {
    const clock: TestClock = createTestClock();
    const user = await seedUser(database.db);
    const ask = () => requestPasswordReset({ ctx: { ...contextFor(database.db, null), clock }, input: { email: user.email, clientAddress: someClient() } });
    await ask();
    const first = (await resetTokenFor(user.email))!;
    await clock.tick(1000);
    await ask();
    const second = (await resetTokenFor(user.email))!;
    expect(second).not.toBe(first);

    const older = await rejectionOf(resetPassword({ ctx: { ...contextFor(database.db, null), clock }, input: { token: first, password: NEW_PASSWORD } }), ConflictError);
    expect(older.message).toBe(LINK_MESSAGES.invalidated);

    await clock.tick(60 * 60_000);
    const late = await rejectionOf(resetPassword({ ctx: { ...contextFor(database.db, null), clock }, input: { token: second, password: NEW_PASSWORD } }), ConflictError);
    expect(late.message).toBe(LINK_MESSAGES.expired);
    expect(await verifyPassword((await storedUser(user.id)).passwordHash, FACTORY_PASSWORD)).toBe(true);

    const forged = await rejectionOf(resetPassword({ ctx: contextFor(database.db, null), input: { token: crypto.randomBytes(32).toString('base64url'), password: NEW_PASSWORD } }), ConflictError);
    expect(forged.message).toBe(LINK_MESSAGES.unknown);
  });

  it('[PUBLIC] limits requests per address (3 an hour) and per client (10 an hour), the same for unknown addresses', async () => {
    const clock = createTestClock();
    const ctx = { ...contextFor(database.db, null), clock };
    for (const email of [(await seedUser(database.db)).email, uniqueEmail('unknown')]) {
      for (let i = 0; i < 3; i++) await requestPasswordReset({ ctx, input: { email, clientAddress: someClient() } });
      const refused = await rejectionOf(requestPasswordReset({ ctx, input: { email, clientAddress: someClient() } }), TooManyAttemptsError);
      expect(refused.message).toBe('We have already sent several mails to this address in the last hour. Please wait 60 minutes, and check your spam folder meanwhile.');
    }

    const client = someClient();
    for (let i = 0; i < 10; i++) await requestPasswordReset({ ctx, input: { email: uniqueEmail(`walk-${i}`), clientAddress: client } });
    const walked = await rejectionOf(requestPasswordReset({ ctx, input: { email: uniqueEmail('walk-10'), clientAddress: client } }), TooManyAttemptsError);
    expect(walked.message).toMatch(/^Too many requests from your connection\. Please wait \d+ minutes? and try again\.$/);
    await clock.tick(61 * 60_000);
    expect(await requestPasswordReset({ ctx, input: { email: uniqueEmail('later'), clientAddress: client } })).toEqual({ message: RESET_REQUESTED_MESSAGE });
  });

  it('[ADMIN] sends a user a reset link; nobody else may', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    const user = await seedUser(database.db);
    await rejectionOf(sendPasswordResetLinkToUser({ ctx: contextFor(database.db, actorOf(reviewer)), input: { userId: user.id } }), ForbiddenError);
    await rejectionOf(sendPasswordResetLinkToUser({ ctx: contextFor(database.db, null), input: { userId: user.id } }), UnauthenticatedError);
    expect(await resetTokenFor(user.email)).toBeNull();
    expect(await sendPasswordResetLinkToUser({ ctx: contextFor(database.db, actorOf(admin)), input: { userId: user.id } })).toEqual({ email: user.email });
    const token = (await resetTokenFor(user.email))!;
    await resetPassword({ ctx: contextFor(database.db, null), input: { token, password: NEW_PASSWORD } });
    expect(await verifyPassword((await storedUser(user.id)).passwordHash, NEW_PASSWORD)).toBe(true);
  });
});
