import { z } from 'zod';
import { judgeSignIn, markSignInSucceeded, openSignInAttempt } from '@/lib/auth/sign-in-throttle';
import { verifyPassword } from '@/lib/auth/password';
import { recordLastSignIn } from '@/lib/auth/last-sign-in';
import { nowDate } from '@/lib/clock';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '../context';
import { ForbiddenError, TooManyAttemptsError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { emailField, findUserByEmail } from './fields';

export const AuthenticateInput = z.object({
  email: emailField,
  password: z.string().min(1, 'Enter your password.').max(1024),
  ipAddress: z.string().min(1).max(64),
});

export const SIGN_IN_MESSAGES = {
  unknownEmail: 'No account uses this email address. Check it for typos, or sign up.',
  wrongPassword: 'The password is not right for this account. Check it and try again.',
  disabled: 'This account has been disabled. Contact the seal program’s administrators if you think this is a mistake.',
} as const;

export function refusalMessage(scope: 'account' | 'address', seconds: number) {
  const minutes = Math.ceil(seconds / 60);
  const wait = minutes <= 1 ? 'a minute' : `${minutes} minutes`;
  return scope === 'account'
    ? `Too many failed sign-ins for this account. For its protection, sign-in is paused: try again in ${wait}.`
    : `Too many failed sign-ins from your network. Try again in ${wait}.`;
}

/**
 * Checks an email and password. Distinct messages for an unknown email and a wrong password are a
 * deliberate choice (sign-up reveals whether an address has an account anyway); the throttle, not
 * vagueness, is what stops guessing.
 */
export async function authenticate({
  ctx,
  input,
  sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
}: {
  ctx: ServiceContext;
  input: unknown;
  sleep?: (ms: number) => Promise<void>;
}): Promise<Actor> {
  const data = parseInput(AuthenticateInput, input);
  const now = nowDate(ctx.clock);
  const attemptId = await openSignInAttempt(ctx.db, { email: data.email, ipAddress: data.ipAddress, at: now });
  const verdict = await judgeSignIn(ctx.db, data.email, data.ipAddress, now, attemptId);
  if (verdict.kind === 'refused') throw new TooManyAttemptsError(refusalMessage(verdict.scope, verdict.retryAfterSeconds), verdict.retryAfterSeconds, verdict.scope);
  if (verdict.delayMs > 0) await sleep(verdict.delayMs);

  const user = await findUserByEmail(ctx.db, data.email);
  const ok = user ? await verifyPassword(user.passwordHash, data.password) : false;
  if (ok) await markSignInSucceeded(ctx.db, attemptId);

  if (!user) throw new ValidationError(SIGN_IN_MESSAGES.unknownEmail, { email: [SIGN_IN_MESSAGES.unknownEmail] });
  if (!ok) throw new ValidationError(SIGN_IN_MESSAGES.wrongPassword, { password: [SIGN_IN_MESSAGES.wrongPassword] });
  // Checked after the password, so that the state of an account is told only to whoever knows it.
  if (user.disabledAt) throw new ForbiddenError(SIGN_IN_MESSAGES.disabled);
  await recordLastSignIn(ctx.db, user.id, now);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
