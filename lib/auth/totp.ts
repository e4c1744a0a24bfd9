import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * TOTP as every authenticator app speaks it (RFC 6238: SHA-1, 6 digits, 30-second steps), through
 * the maintained `otpauth` library. Codes one step early or late are accepted: phone clocks drift.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DRIFT_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommended length), as base32. */
export function createTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI the QR code carries: the app shows "OpenSeal (email)". */
export function totpUri(secret: string, accountName: string, issuer: string): string {
  return new TOTP({ issuer, label: accountName, secret: Secret.fromBase32(secret), period: TOTP_PERIOD_SECONDS }).toString();
}

/** What a person types, without the spaces or dashes some apps and our recovery codes show. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

export function looksLikeTotpCode(code: string): boolean {
  return /^\d{6}$/.test(normalizeCode(code));
}

/**
 * The time step (`floor(unix seconds / 30)`) of the code if it is valid at `nowMs` within the
 * allowed drift, or null. The caller refuses a step not later than the last one it accepted.
 */
export function totpStepOf(secret: string, code: string, nowMs: number): number | null {
  const token = normalizeCode(code);
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({ token, secret: Secret.fromBase32(secret), period: TOTP_PERIOD_SECONDS, timestamp: nowMs, window: TOTP_DRIFT_STEPS });
  if (delta === null) return null;
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes like `k7m2p-q9rtx`: 10 characters from 31, about 50 bits each, shown to the person once. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** SHA-256 of the normalized code: high-entropy, single-use secrets need no slow hash. */
export function hashRecoveryCode(code: string): string {
  return crypto.createHash('sha256').update(normalizeCode(code)).digest('hex');
}
