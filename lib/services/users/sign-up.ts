import { z } from 'zod';
import { users, type User } from '@/db/schema';
import type { Executor } from '@/db/client';
import { hashPassword, passwordProblem } from '@/lib/auth/password';
import { nowDate } from '@/lib/clock';
import { sendMail, type NotifyContext } from '@/lib/notifications/notify';
import { absoluteLink } from '@/lib/notifications/mail-text';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { TooManyAttemptsError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { recordAccountMailRequest } from './account-mail-limits';
import { mailVerificationLink } from './email-verification';
import { assertWithinSignUpLimit, DEFAULT_SIGN_UPS_PER_ADDRESS_PER_HOUR } from './sign-up-limits';
import { emailField, findUserByEmail, isUniqueViolation, nameField, userSnapshot } from './fields';

export const SignUpInput = z.object({
  name: nameField,
  email: emailField,
  password: z.string({ message: 'Choose a password.' }),
  /** Where the request came from (lib/server/client-ip.ts): sign-ups are limited per address. */
  clientAddress: z.string().trim().min(1).max(100),
});

/** The one answer to every accepted sign-up, whether the address was new or already had an account. */
export function signUpMessage(email: string) {
  return `Check your mail: we have sent a message to ${email}. Open the link in it to verify your address, then sign in. If it does not arrive within a few minutes, look in your spam folder.`;
}

export type SignUpResult = { message: string; /** The new account; null when the address already had one. Never shown to the requester. */ user: User | null };

/** The owner of an address someone tried to sign up with is told, instead of the requester. */
async function mailExistingOwner(tx: Executor, notify: NotifyContext, email: string, clientAddress: string) {
  try {
    // Silently capped: a refusal here would tell the requester that the address has an account.
    await recordAccountMailRequest(tx, { kind: 'sign_up_existing', email, clientAddress, now: notify.now });
  } catch (error) {
    if (error instanceof TooManyAttemptsError) return;
    throw error;
  }
  await sendMail(tx, notify, {
    to: email,
    subject: 'Someone tried to sign up to OpenSeal with your address',
    body: [
      `Someone tried to create an OpenSeal account with ${email}, which already has one.`,
      `If it was you, sign in instead: ${absoluteLink('/login')}`,
      `If you forgot your password, choose a new one: ${absoluteLink('/forgot-password')}`,
      'If it was not you, you need do nothing: no account was created and yours is unchanged.',
    ].join('\n\n'),
  });
}

/**
 * Anyone may sign up; the account is an applicant's, not verified until the link mailed to the
 * address is followed. The answer never says whether the address already had an account: the
 * requester is told to check their mail either way, and an existing owner is mailed a notice
 * instead of a second account being made. Reviewers and admins are made by an admin.
 */
export async function signUp({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<SignUpResult> {
  const data = parseInput(SignUpInput, input);
  const problem = passwordProblem(data.password, [data.name, data.email]);
  if (problem) throw new ValidationError(problem, { password: [problem] });

  // Hashed in both cases, so the answer takes as long whether or not the address has an account.
  const passwordHash = await hashPassword(data.password);
  const now = nowDate(ctx.clock);
  const notify = { jobs: ctx.jobs, now };
  const message = signUpMessage(data.email);
  try {
    return await ctx.db.transaction(async (tx) => {
      await assertWithinSignUpLimit(tx, { address: data.clientAddress, max: ctx.limits?.signUpsPerAddressPerHour ?? DEFAULT_SIGN_UPS_PER_ADDRESS_PER_HOUR, now });
      if (await findUserByEmail(tx, data.email)) {
        await mailExistingOwner(tx, notify, data.email, data.clientAddress);
        return { message, user: null };
      }
      const [user] = await tx
        .insert(users)
        .values({ email: data.email, name: data.name, passwordHash, role: 'applicant', signUpAddress: data.clientAddress, emailVerifiedAt: null, createdAt: now, updatedAt: now })
        .returning();
      await recordAudit(tx, { actorId: user!.id, action: 'user.sign-up', entityType: 'user', entityId: user!.id, after: userSnapshot(user!), at: now });
      await mailVerificationLink(tx, notify, user!, user!.email);
      return { message, user: user! };
    });
  } catch (error) {
    // Two sign-ups with one address at once: the unique index decides; the loser gets the same answer.
    if (isUniqueViolation(error)) return { message, user: null };
    throw error;
  }
}
