import crypto from 'node:crypto';
import { z } from 'zod';
import { judgeSignIn, markSignInAttempt, openSignInAttempt } from '@/lib/auth/sign-in-throttle';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { recordLastSignIn } from '@/lib/auth/last-sign-in';
import { nowDate } from '@/lib/clock';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '../context';
import { ForbiddenError, ServiceError, TooManyAttemptsError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { enabledSecondFactorOf, SECOND_FACTOR_MESSAGES, spendSecondFactorCode } from '../second-factor/codes';
import { secretBoxOf } from '../second-factor/secret-storage';
import { emailField, findUserByEmail } from './fields';

export const AuthenticateInput = z.object({
  email: emailField,
  password: z.string().min(1, 'Enter your password.').max(1024),
  /** The second factor: a 6-digit TOTP code or a recovery code; asked for only after a right password. */
  code: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((code) => code || undefined),
  ipAddress: z.string().min(1).max(64),
});

export const SIGN_IN_MESSAGES = {
  /** One answer for an unknown address and a wrong password: sign-in does not tell who has an account. */
  wrongCredentials: 'The email address or password is not right.',
  disabled: 'This account has been disabled. Contact the seal program’s administrators if you think this is a mistake.',
  secondFactorRequired: 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.',
  wrongCode: SECOND_FACTOR_MESSAGES.wrongCode,
} as const;

/** The password was right; the account has a second factor and no code came with it. */
export class SecondFactorRequiredError extends ServiceError {
  readonly httpStatus = 401;
  readonly code = 'second_factor_required';
  constructor() {
    super(SIGN_IN_MESSAGES.secondFactorRequired);
  }
}

export function refusalMessage(scope: 'account' | 'address', seconds: number) {
  const minutes = Math.ceil(seconds / 60);
  const wait = minutes <= 1 ? 'a minute' : `${minutes} minutes`;
  return scope === 'account'
    ? `Too many failed sign-ins for this email address from your network. Try again in ${wait}.`
    : `Too many failed sign-ins from your network. Try again in ${wait}.`;
}

// An unknown address is checked against this hash, so that it costs the same time as a wrong
// password: the answer's delay must not tell who has an account either.
let unknownUserHash: Promise<string> | undefined;

/**
 * Checks an email and password, then the second factor when the account has one. Refusals never
 * say whether the address has an account; the state of an account (disabled, second factor on) is
 * told only to whoever knows its password. The session is issued by the caller only on success.
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
  unknownUserHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  const ok = await verifyPassword(user?.passwordHash ?? (await unknownUserHash), data.password);
  if (!user || !ok) throw new ValidationError(SIGN_IN_MESSAGES.wrongCredentials, { password: [SIGN_IN_MESSAGES.wrongCredentials] });
  // Checked after the password, so that the state of an account is told only to whoever knows it.
  if (user.disabledAt) {
    await markSignInAttempt(ctx.db, attemptId, 'password');
    throw new ForbiddenError(SIGN_IN_MESSAGES.disabled);
  }

  if (await enabledSecondFactorOf(ctx.db, user.id)) {
    if (!data.code) {
      await markSignInAttempt(ctx.db, attemptId, 'password');
      throw new SecondFactorRequiredError();
    }
    // A wrong code stays a failure of this (account, client): guessing codes is slowed like passwords.
    const accepted = await ctx.db.transaction((tx) => spendSecondFactorCode(tx, secretBoxOf(ctx), user.id, data.code!, now));
    if (!accepted) throw new ValidationError(SIGN_IN_MESSAGES.wrongCode, { code: [SIGN_IN_MESSAGES.wrongCode] });
  }
  await markSignInAttempt(ctx.db, attemptId, 'yes');
  // Signed in only now, after the second factor: a password alone is not a sign-in.
  await recordLastSignIn(ctx.db, user.id, now);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
