import crypto from 'node:crypto';

/*
 * An API key's token: `osk_` (OpenSeal key), its public id (12 base32 letters, looked up), `_`, and
 * its secret (32 random bytes, base64url; only its SHA-256 is kept). The prefix lets secret scanners
 * recognise a leaked key.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN_PATTERN = /^osk_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

export function newApiToken(): { publicId: string; secret: string; token: string } {
  const publicId = Array.from(crypto.randomBytes(12), (byte) => ALPHABET[byte & 31]).join('');
  const secret = crypto.randomBytes(32).toString('base64url');
  return { publicId, secret, token: `osk_${publicId}_${secret}` };
}

export function parseApiToken(token: string): { publicId: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { publicId: match[1]!, secret: match[2]! } : null;
}

export function secretSha256(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/** Compares in constant time, so an answer's timing says nothing about how much of a guess was right. */
export function secretMatches(secret: string, storedSha256: string): boolean {
  const given = Buffer.from(secretSha256(secret), 'hex');
  const stored = Buffer.from(storedSha256, 'hex');
  return given.length === stored.length && crypto.timingSafeEqual(given, stored);
}
