import { ForbiddenError, ServiceError, TooManyAttemptsError, ValidationError } from '@/lib/services/errors';
import { refusalMessage, SIGN_IN_MESSAGES } from '@/lib/services/users/authenticate';

/**
 * Auth.js carries only a short `code` from `authorize` to the sign-in action, so the reason a
 * sign-in failed travels as a code and becomes words again here.
 */
export function signInErrorCode(error: unknown): string {
  if (error instanceof TooManyAttemptsError) {
    return `throttled_${error.scope}_${error.retryAfterSeconds}`;
  }
  if (error instanceof ForbiddenError) return 'disabled';
  if (error instanceof ValidationError) {
    if (error.message === SIGN_IN_MESSAGES.unknownEmail) return 'unknown_email';
    if (error.message === SIGN_IN_MESSAGES.wrongPassword) return 'wrong_password';
    return 'invalid';
  }
  if (error instanceof ServiceError) return 'invalid';
  throw error;
}

export function signInErrorMessage(code: string | undefined): { message: string; field?: 'email' | 'password' } {
  const throttled = /^throttled_(account|address)_(\d+)$/.exec(code ?? '');
  if (throttled) {
    return { message: refusalMessage(throttled[1] as 'account' | 'address', Number(throttled[2])) };
  }
  switch (code) {
    case 'unknown_email':
      return { message: SIGN_IN_MESSAGES.unknownEmail, field: 'email' };
    case 'wrong_password':
      return { message: SIGN_IN_MESSAGES.wrongPassword, field: 'password' };
    case 'disabled':
      return { message: SIGN_IN_MESSAGES.disabled };
    default:
      return { message: 'Enter your email address and password.' };
  }
}
