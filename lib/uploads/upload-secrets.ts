import crypto from 'node:crypto';
import { STAGED_UPLOAD_LIMITS } from '@/lib/complaints/limits';

/**
 * The two secrets of a staged upload (docs/adr/0021), both 256 random bits in base64url (43
 * characters), both stored only as their SHA-256:
 * - the upload token, which the browser puts in the form in place of the file;
 * - the uploader key of a browser without an account, kept in an HttpOnly cookie for as long as
 *   its uploads are kept: a token is attached only with the key (or the account) that sent it.
 */
export const UPLOADER_COOKIE = 'openseal-uploader';
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newUploadSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashUploadSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function isUploadSecretShape(value: unknown): value is string {
  return typeof value === 'string' && SECRET_PATTERN.test(value);
}

/** The Set-Cookie value that keeps a browser's uploader key as long as its uploads are kept. */
export function uploaderCookie(key: string, https: boolean): string {
  const seconds = Math.floor(STAGED_UPLOAD_LIMITS.ttlMs / 1000);
  return `${UPLOADER_COOKIE}=${key}; Path=/; Max-Age=${seconds}; HttpOnly; SameSite=Strict${https ? '; Secure' : ''}`;
}
