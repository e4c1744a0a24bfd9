/**
 * Typed errors the services throw. The transport maps them: a form shows `message` (and
 * `fieldErrors` beside the fields), a route handler answers with `httpStatus`.
 * Messages are written for the person who will read them.
 */
export abstract class ServiceError extends Error {
  abstract readonly httpStatus: number;
  abstract readonly code: string;
}

export class UnauthenticatedError extends ServiceError {
  readonly httpStatus = 401;
  readonly code = 'unauthenticated';
  constructor(message = 'Please sign in to continue.') {
    super(message);
  }
}

export class ForbiddenError extends ServiceError {
  readonly httpStatus = 403;
  readonly code = 'forbidden';
  constructor(message = 'Your account is not allowed to do this.') {
    super(message);
  }
}

export class NotFoundError extends ServiceError {
  readonly httpStatus = 404;
  readonly code = 'not_found';
}

/** The state changed under the caller (a conditional update matched no row), or a uniqueness rule holds. */
export class ConflictError extends ServiceError {
  readonly httpStatus = 409;
  readonly code = 'conflict';
}

export class ValidationError extends ServiceError {
  readonly httpStatus = 422;
  readonly code = 'validation';
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

export class TooManyAttemptsError extends ServiceError {
  readonly httpStatus = 429;
  readonly code = 'too_many_attempts';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly scope: 'account' | 'address' = 'account',
  ) {
    super(message);
  }
}

/** A request body larger than the door accepts, refused from its declared length or cut where it went over. */
export class PayloadTooLargeError extends ServiceError {
  readonly httpStatus = 413;
  readonly code = 'too_large';
}

/** A request body without a declared length where the door must judge the length before reading. */
export class LengthRequiredError extends ServiceError {
  readonly httpStatus = 411;
  readonly code = 'length_required';
}
