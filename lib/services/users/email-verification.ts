import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Executor } from '@/db/client';
import { requireRole, type Actor } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { sendMail, type NotifyContext } from '@/lib/notifications/notify';
import { absoluteLink } from '@/lib/notifications/mail-text';
import { MAIL_SECRET_PLACEHOLDER } from '@/lib/notifications/mail-secret';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { recordAccountMailRequest } from './account-mail-limits';
import { isUniqueViolation, userIdField, userSnapshot } from './fields';
import { consumeUserToken, issueUserToken } from './user-tokens';

/**
 * Mails a link that proves `address` belongs to the user: their own address (after sign-up), or
 * the one they are changing to (then the link is sent there, and the account keeps its current
 * address until it is followed). The link is the mail's one-time secret.
 */
export async function mailVerificationLink(tx: Executor, notify: NotifyContext, user: { id: string; name: string; email: string }, address: string) {
  const { token } = await issueUserToken(tx, { userId: user.id, purpose: 'email_verification', email: address, now: notify.now });
  const changing = address.toLowerCase() !== user.email.toLowerCase();
  await sendMail(tx, notify, {
    to: address,
    subject: changing ? 'Confirm your new OpenSeal email address' : 'Verify your OpenSeal email address',
    body: [
      `Hello ${user.name},`,
      changing
        ? `You asked to use ${address} for your OpenSeal account instead of ${user.email}. Confirm it by opening this link: ${MAIL_SECRET_PLACEHOLDER}`
        : `Please confirm that ${address} is yours by opening this link: ${MAIL_SECRET_PLACEHOLDER}`,
      changing
        ? 'Until you do, the account keeps using its current address. The link works once, for 48 hours. If you did not ask for this, ignore this mail.'
        : 'Until you do, you can sign in, but not create an organization, add a site, file a complaint under your name or accept an invitation. The link works once, for 48 hours. If you did not create an account, ignore this mail.',
    ].join('\n\n'),
    secret: absoluteLink(`/verify-email/${token}`),
  });
}

/** Whether the account's current address has been proven; false for an unknown id. */
export async function isEmailVerified(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).limit(1);
  return !!row?.verifiedAt;
}

/**
 * The doors an unverified account may not pass: read from the database (not the session), like the
 * role. `what` finishes the sentence "Verify your email address before you …".
 */
export async function requireVerifiedEmail(db: Executor, actor: Actor, what: string): Promise<void> {
  if (await isEmailVerified(db, actor.id)) return;
  throw new ForbiddenError(`Verify your email address before you ${what}: open the link we mailed to ${actor.email}, or ask for a new one from the notice at the top of the page.`);
}

export const VERIFICATION_SENT_MESSAGE = 'We have sent a new verification link. It works once, for 48 hours; earlier links no longer work.';

const ResendInput = z.object({ clientAddress: z.string().trim().min(1).max(100) });

/** "Resend the link", for the signed-in user whose address is not verified yet. Rate limited. */
export async function resendVerification({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'applicant');
  const data = parseInput(ResendInput, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, actor.id)).limit(1);
    if (!user) throw new NotFoundError('This account no longer exists.');
    if (user.emailVerifiedAt) throw new ConflictError(`${user.email} is already verified.`);
    await recordAccountMailRequest(tx, { kind: 'verification', email: user.email, clientAddress: data.clientAddress, now });
    await mailVerificationLink(tx, { jobs: ctx.jobs, now }, user, user.email);
    await recordAudit(tx, { actorId: actor.id, action: 'user.resend-verification', entityType: 'user', entityId: user.id, after: { email: user.email }, at: now });
    return { message: VERIFICATION_SENT_MESSAGE };
  });
}

/** An admin resends user X the verification mail (the admins' users list calls it). */
export async function resendVerificationToUser({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const { userId } = parseInput(z.object({ userId: userIdField }), input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!user) throw new NotFoundError('This user does not exist.');
    if (user.emailVerifiedAt) throw new ConflictError(`${user.email} is already verified.`);
    if (user.disabledAt) throw new ConflictError(`${user.email} is disabled: enable the account first.`);
    await mailVerificationLink(tx, { jobs: ctx.jobs, now }, user, user.email);
    await recordAudit(tx, { actorId: admin.id, action: 'user.resend-verification', entityType: 'user', entityId: user.id, after: { email: user.email, byAdmin: true }, at: now });
    return { email: user.email };
  });
}

const VerifyInput = z.object({ token: z.string().min(1, 'This link is incomplete.').max(100) });

/**
 * Follows a verification link: whoever holds it proves the address it was mailed to. For the
 * account's own address the account becomes verified; for a new address the account moves to it
 * (verified), unless another account has taken it meanwhile.
 */
export async function verifyEmail({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ email: string; changed: boolean }> {
  const { token } = parseInput(VerifyInput, input);
  const now = nowDate(ctx.clock);
  try {
    return await ctx.db.transaction(async (tx) => {
      const used = await consumeUserToken(tx, token, 'email_verification', now);
      const [before] = await tx.select().from(users).where(eq(users.id, used.userId)).for('update').limit(1);
      if (!before || before.disabledAt) throw new NotFoundError('This account can no longer be used.');
      const changed = used.email.toLowerCase() !== before.email.toLowerCase();
      if (!changed && before.emailVerifiedAt) return { email: before.email, changed: false };
      const [after] = await tx
        .update(users)
        .set({ email: used.email.toLowerCase(), emailVerifiedAt: now, updatedAt: now })
        .where(and(eq(users.id, before.id), changed ? eq(users.email, before.email) : isNull(users.emailVerifiedAt)))
        .returning();
      if (!after) throw new ConflictError('The account changed meanwhile; reload and try again.');
      await recordAudit(tx, { actorId: before.id, action: changed ? 'user.change-email' : 'user.verify-email', entityType: 'user', entityId: before.id, before: userSnapshot(before), after: { ...userSnapshot(after), emailVerifiedAt: now.toISOString() }, at: now });
      return { email: after.email, changed };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('Another account now uses this address, so yours keeps its current one. Choose another address on your account page.');
    throw error;
  }
}
