import crypto from 'node:crypto';
import { SEAL_ID_ALPHABET } from '@/lib/seals/public-id';

const GROUP = `[${SEAL_ID_ALPHABET}]{4}`;
const PATTERN = new RegExp(`^C-${GROUP}-${GROUP}$`);

/**
 * `C-XXXX-XXXX`, from the seal ids' alphabet (no 0/O, 1/I/L): a complainant reads it out on the
 * phone. It names a complaint among reviewers; it opens nothing (the tracking token does that).
 */
export function generateComplaintReference(): string {
  const chars = Array.from({ length: 8 }, () => SEAL_ID_ALPHABET[crypto.randomInt(SEAL_ID_ALPHABET.length)]);
  return `C-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

export function isComplaintReference(value: unknown): value is string {
  return typeof value === 'string' && PATTERN.test(value);
}
