import { ForbiddenError, ServiceError, TooManyAttemptsError, ValidationError } from '@/lib/services/errors';
import { refusalMessage, SecondFactorRequiredError, SIGN_IN_MESSAGES } from '@/lib/services/users/authenticate';

/**
 * Auth.js carries only a short `code` from `authorize` to the sign-in action, so the reason a
 * sign-in failed travels as a code and becomes words again here.
 */
export function signInErrorCode(error: unknown): string {
  if (error instanceof TooManyAttemptsError) {
    return `throttled_${error.scope}_${error.retryAfterSeconds}`;
  }
  if (error instanceof SecondFactorRequiredError) return 'second_factor_required';
  if (error instanceof ForbiddenError) return 'disabled';
  if (error instanceof ValidationError) {
    if (error.message === SIGN_IN_MESSAGES.wrongCredentials) return 'wrong_credentials';
    if (error.message === SIGN_IN_MESSAGES.wrongCode) return 'wrong_code';
    return 'invalid';
  }
  if (error instanceof ServiceError) return 'invalid';
  throw error;
}

export function signInErrorMessage(code: string | undefined): { message: string; field?: 'email' | 'password' | 'code'; secondFactor?: boolean } {
  const throttled = /^throttled_(account|address)_(\d+)$/.exec(code ?? '');
  if (throttled) {
    return { message: refusalMessage(throttled[1] as 'account' | 'address', Number(throttled[2])) };
  }
  switch (code) {
    case 'wrong_credentials':
      return { message: SIGN_IN_MESSAGES.wrongCredentials, field: 'password' };
    case 'second_factor_required':
      return { message: SIGN_IN_MESSAGES.secondFactorRequired, secondFactor: true };
    case 'wrong_code':
      return { message: SIGN_IN_MESSAGES.wrongCode, field: 'code', secondFactor: true };
    case 'disabled':
      return { message: SIGN_IN_MESSAGES.disabled };
    default:
      return { message: 'Enter your email address and password.' };
  }
}
