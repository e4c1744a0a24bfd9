import { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Executor } from '@/db/client';
import { requireRole } from '@/lib/auth/actor';
import { hashPassword, passwordProblem } from '@/lib/auth/password';
import { nowDate } from '@/lib/clock';
import { sendMail, type NotifyContext } from '@/lib/notifications/notify';
import { absoluteLink } from '@/lib/notifications/mail-text';
import { MAIL_SECRET_PLACEHOLDER } from '@/lib/notifications/mail-secret';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { recordAccountMailRequest } from './account-mail-limits';
import { emailField, findUserByEmail, userIdField } from './fields';
import { consumeUserToken, findUsableUserToken, issueUserToken } from './user-tokens';

/** What anyone asking for a reset is told, whether or not the address has an account. */
export const RESET_REQUESTED_MESSAGE = 'If that address has an account, we have sent it a link to choose a new password. The link works once, for one hour.';

const RequestInput = z.object({
  email: emailField,
  /** Where the request came from (lib/server/client-ip.ts): requests are limited per client. */
  clientAddress: z.string().trim().min(1).max(100),
});

/** Issues a reset token and mails its link; the link is the mail's secret (never stored in its body). */
async function mailResetLink(tx: Executor, notify: NotifyContext, user: { id: string; email: string; name: string }, intro: string) {
  const { token } = await issueUserToken(tx, { userId: user.id, purpose: 'password_reset', email: user.email, now: notify.now });
  await sendMail(tx, notify, {
    to: user.email,
    subject: 'Choose a new OpenSeal password',
    body: [
      `Hello ${user.name},`,
      intro,
      `Choose a new password here: ${MAIL_SECRET_PLACEHOLDER}`,
      'The link works once, for one hour; a newer request replaces it. Choosing a new password signs you out everywhere. If you did not ask for this, ignore this mail: your password stays as it is.',
    ].join('\n\n'),
    secret: absoluteLink(`/reset-password/${token}`),
  });
}

/**
 * "Forgot your password?": anyone may ask, for any address, and gets the same answer; only an
 * address with an active account receives a link. Limited per address and per client, counted over
 * requests (so the limit says nothing about the account either).
 */
export async function requestPasswordReset({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ message: string }> {
  const data = parseInput(RequestInput, input);
  const now = nowDate(ctx.clock);
  await ctx.db.transaction(async (tx) => {
    await recordAccountMailRequest(tx, { kind: 'password_reset', email: data.email, clientAddress: data.clientAddress, now });
    const user = await findUserByEmail(tx, data.email);
    if (!user || user.disabledAt) return;
    await mailResetLink(tx, { jobs: ctx.jobs, now }, user, 'Someone — we hope you — asked to reset the password of your OpenSeal account.');
    await recordAudit(tx, { actorId: null, action: 'user.request-password-reset', entityType: 'user', entityId: user.id, after: { requestedFrom: data.clientAddress }, at: now });
  });
  return { message: RESET_REQUESTED_MESSAGE };
}

const ResetInput = z.object({
  token: z.string().min(1, 'This link is incomplete.').max(100),
  password: z.string({ message: 'Choose a password.' }),
});

/**
 * Sets a new password through a reset link: the same rules as sign-up, the token used once, and
 * every existing session of the user ended (the session version goes up). Following the link also
 * proves the address, so an unverified account becomes verified.
 */
export async function resetPassword({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(ResetInput, input);
  const now = nowDate(ctx.clock);
  // Judged before the token is used, so a refused password leaves the link working.
  const found = await findUsableUserToken(ctx.db, data.token, 'password_reset', now);
  if ('problem' in found) throw new ConflictError(found.problem);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, found.row.userId)).limit(1);
  if (!user || user.disabledAt) throw new NotFoundError('This account can no longer be used. Contact the seal program’s administrators.');
  const problem = passwordProblem(data.password, [user.name, user.email]);
  if (problem) throw new ValidationError(problem, { password: [problem] });
  const passwordHash = await hashPassword(data.password);

  return ctx.db.transaction(async (tx) => {
    const token = await consumeUserToken(tx, data.token, 'password_reset', now);
    const provesAddress = token.email.toLowerCase() === user.email.toLowerCase();
    const [after] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now, ...(provesAddress && !user.emailVerifiedAt ? { emailVerifiedAt: now } : {}) })
      .where(eq(users.id, token.userId))
      .returning();
    await recordAudit(tx, { actorId: user.id, action: 'user.reset-password', entityType: 'user', entityId: user.id, after: { sessionsEnded: true }, at: now });
    return { email: after!.email };
  });
}

/** An admin sends user X a reset link (the admins' users list calls it); X's password is untouched until X follows it. */
export async function sendPasswordResetLinkToUser({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const { userId } = parseInput(z.object({ userId: userIdField }), input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!user) throw new NotFoundError('This user does not exist.');
    if (user.disabledAt) throw new ConflictError(`${user.email} is disabled: enable the account before sending it a reset link.`);
    await mailResetLink(tx, { jobs: ctx.jobs, now }, user, 'An administrator of the seal program sent you this link to choose a new password for your OpenSeal account.');
    await recordAudit(tx, { actorId: admin.id, action: 'user.send-password-reset', entityType: 'user', entityId: user.id, after: { email: user.email }, at: now });
    return { email: user.email };
  });
}
