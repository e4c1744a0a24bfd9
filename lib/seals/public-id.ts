import crypto from 'node:crypto';

/** No 0/O, 1/I/L: a public id is read aloud on the phone and typed from a screenshot. */
export const SEAL_ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

const GROUP = `[${SEAL_ID_ALPHABET}]{4}`;
const PATTERN = new RegExp(`^OS-${GROUP}-${GROUP}$`);

/** `OS-XXXX-XXXX`: 31^8 ≈ 8.5e11 ids, drawn with crypto.randomInt (no modulo bias). */
export function generateSealPublicId(): string {
  const chars = Array.from({ length: 8 }, () => SEAL_ID_ALPHABET[crypto.randomInt(SEAL_ID_ALPHABET.length)]);
  return `OS-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** Exact form only (uppercase): callers that accept typed input should trim and upper-case first. */
export function isSealPublicId(value: unknown): value is string {
  return typeof value === 'string' && PATTERN.test(value);
}
