import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, notifications, outboundMails, userRecoveryCodes } from '@/db/schema';
import { createTestClock, nowDate, type TestClock } from '@/lib/clock';
import { hashRecoveryCode } from '@/lib/auth/totp';
import { authenticate, SIGN_IN_MESSAGES } from '@/lib/services/users/authenticate';
import { regenerateRecoveryCodes } from '@/lib/services/second-factor/regenerate-recovery-codes';
import { ConflictError, TooManyAttemptsError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, FACTORY_PASSWORD, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';
import { seedSecondFactor, totpCodeAt } from '../helpers/second-factor-factories';

/** "New recovery codes" on /account/security (ADR 0011, amendment). */
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

function signIn(email: string, clock: TestClock, code: string) {
  return authenticate({ ctx: contextFor(database.db, null, clock), input: { email, password: FACTORY_PASSWORD, code, ipAddress: freshAddress() }, sleep: async () => {} });
}

async function enrolledUser() {
  const user = await seedUser(database.db);
  const { secret, recoveryCodes } = await seedSecondFactor(database.db, user.id);
  const clock = midStepClock();
  return { user, secret, recoveryCodes, clock, ctx: contextFor(database.db, actorOf(user), clock) };
}

const auditOf = (userId: string, action: string) =>
  database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'user'), eq(auditEvents.entityId, userId), eq(auditEvents.action, action)));

describe(`making new recovery codes (${testDriver})`, () => {
  it('with the password: ten new codes stored hashed, the old ones refused at once, audited, and the user told by mail', async () => {
    const { user, recoveryCodes: old, clock, ctx } = await enrolledUser();
    // One old code already used: the audit says how many were left.
    expect((await signIn(user.email, clock, old[0]!)).id).toBe(user.id);

    const { recoveryCodes } = await regenerateRecoveryCodes({ ctx, input: { proof: FACTORY_PASSWORD } });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(recoveryCodes.some((code) => old.includes(code))).toBe(false);
    const stored = await database.db.select().from(userRecoveryCodes).where(eq(userRecoveryCodes.userId, user.id));
    expect(stored.map((row) => row.codeHash).sort()).toEqual(recoveryCodes.map(hashRecoveryCode).sort());
    expect(stored.every((row) => row.usedAt === null)).toBe(true);

    for (const code of old.slice(1, 3)) {
      const refused = await rejectionOf(signIn(user.email, clock, code), ValidationError);
      expect(refused.message).toBe(SIGN_IN_MESSAGES.wrongCode);
    }
    expect((await signIn(user.email, clock, recoveryCodes[0]!)).id).toBe(user.id);

    const [audit] = await auditOf(user.id, 'user.recovery-codes-regenerate');
    expect(audit).toMatchObject({ actorId: user.id, before: { recoveryCodesLeft: 9 }, after: { recoveryCodesLeft: 10, provenBy: 'password' } });
    const [notice] = await database.db.select().from(notifications).where(and(eq(notifications.recipientId, user.id), eq(notifications.kind, 'user.recovery-codes-regenerated')));
    expect(notice?.subject).toBe('Your OpenSeal recovery codes were replaced');
    expect(notice?.link).toBe('/account/security');
    const mails = await database.db.select().from(outboundMails).where(eq(outboundMails.toAddress, user.email));
    expect(mails.map((mail) => mail.subject)).toEqual(['Your OpenSeal recovery codes were replaced']);
    // The codes themselves go nowhere but to the person's screen.
    for (const code of recoveryCodes) expect(`${mails[0]!.body} ${notice!.body}`).not.toContain(code);
  });

  it('with a current code from the app, which is then spent: it does not sign in a second time', async () => {
    const { user, secret, clock, ctx } = await enrolledUser();
    const code = totpCodeAt(secret, nowDate(clock).getTime());
    expect((await regenerateRecoveryCodes({ ctx, input: { proof: code } })).recoveryCodes).toHaveLength(10);
    const [audit] = await auditOf(user.id, 'user.recovery-codes-regenerate');
    expect(audit?.after).toMatchObject({ provenBy: 'totp' });
    await rejectionOf(signIn(user.email, clock, code), ValidationError);
    await clock.tick(STEP);
    expect((await signIn(user.email, clock, totpCodeAt(secret, nowDate(clock).getTime()))).id).toBe(user.id);
  });

  it('refuses a wrong code, a recovery code or nothing, keeping the old codes; wrong proofs count toward a wait', async () => {
    const { user, secret, recoveryCodes: old, clock, ctx } = await enrolledUser();
    const wrongCode = totpCodeAt(secret, nowDate(clock).getTime() + 5 * STEP);
    const refused = await rejectionOf(regenerateRecoveryCodes({ ctx, input: { proof: wrongCode } }), ValidationError);
    expect(refused.fieldErrors.proof).toEqual(['This is neither the current code from your authenticator app nor your password.']);
    // A recovery code is what is being replaced: it is no proof here, and it is not spent.
    await rejectionOf(regenerateRecoveryCodes({ ctx, input: { proof: old[0]! } }), ValidationError);
    const empty = await rejectionOf(regenerateRecoveryCodes({ ctx, input: { proof: '' } }), ValidationError);
    expect(empty.fieldErrors.proof).toEqual(['Enter the current code from your authenticator app, or your password.']);
    await rejectionOf(regenerateRecoveryCodes({ ctx: contextFor(database.db, null, clock), input: { proof: FACTORY_PASSWORD } }), UnauthenticatedError);
    expect(await auditOf(user.id, 'user.recovery-codes-regenerate')).toEqual([]);
    expect((await signIn(user.email, clock, old[0]!)).id).toBe(user.id);

    for (let guess = 0; guess < 3; guess++) await rejectionOf(regenerateRecoveryCodes({ ctx, input: { proof: `wrong password ${guess}` } }), ValidationError);
    expect(await auditOf(user.id, 'user.second-factor-proof-failed')).toHaveLength(5);
    const waiting = await rejectionOf(regenerateRecoveryCodes({ ctx, input: { proof: FACTORY_PASSWORD } }), TooManyAttemptsError);
    expect(waiting.message).toBe('Too many wrong codes. Please wait 15 minutes and try again.');
    await clock.tick(15 * 60_000);
    expect((await regenerateRecoveryCodes({ ctx, input: { proof: FACTORY_PASSWORD } })).recoveryCodes).toHaveLength(10);
  });

  it('is refused without a second factor', async () => {
    const user = await seedUser(database.db);
    const refused = await rejectionOf(regenerateRecoveryCodes({ ctx: contextFor(database.db, actorOf(user), midStepClock()), input: { proof: FACTORY_PASSWORD } }), ConflictError);
    expect(refused.message).toBe('Two-factor sign-in is not on for your account: there are no recovery codes to replace.');
  });
});
