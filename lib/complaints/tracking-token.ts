import crypto from 'node:crypto';

/** 32 random bytes (256 bits), base64url: 43 characters, safe in a path segment. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateTrackingToken(): string {
  return crypto.randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * What the database keeps: the SHA-256 of the token, hex. A lookup by this hash is a lookup by a
 * value the attacker must already know in full, so no comparison leaks a prefix of anyone's token.
 */
export function hashTrackingToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a path segment can be a token at all (anything else is a 404 without a query). */
export function isTrackingTokenShape(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

export function trackingPath(token: string): string {
  return `/complaints/track/${token}`;
}
