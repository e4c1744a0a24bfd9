import crypto from 'node:crypto';
import { SEAL_ID_ALPHABET } from '@/lib/seals/public-id';

const GROUP = `[${SEAL_ID_ALPHABET}]{4}`;
const PATTERN = new RegExp(`^K-${GROUP}-${GROUP}$`);

/** `K-XXXX-XXXX` (K for case; C is taken by complaints), from the seal ids' unambiguous alphabet. */
export function generateCaseReference(): string {
  const chars = Array.from({ length: 8 }, () => SEAL_ID_ALPHABET[crypto.randomInt(SEAL_ID_ALPHABET.length)]);
  return `K-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

export function isCaseReference(value: unknown): value is string {
  return typeof value === 'string' && PATTERN.test(value);
}
