import crypto from 'node:crypto';
import { nowDate, systemClock, type Clock } from '@/lib/clock';
import type { NetPolicy } from '@/lib/net/policy';
import { safeFetchText } from '@/lib/net/safe-fetch';
import { extractReadableText } from './html-text';

export { extractReadableText } from './html-text';

/** Less than this is a cookie banner or an error page, not a privacy policy. */
export const MIN_POLICY_CHARACTERS = 200;
/** A generous bound for pasted text (the fetcher stops at 1 MB for fetched pages). */
export const MAX_POLICY_CHARACTERS = 1_000_000;

export type PolicyTextResult = { ok: true; text: string; sha256: string } | { ok: false; problem: string };
export type PolicyCaptureResult = { ok: true; url: string; text: string; sha256: string; capturedAt: Date } | { ok: false; problem: string };

/** Lowercase hex SHA-256 of the text's UTF-8 bytes: the fingerprint an application's snapshot stores. */
export function policySha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The form a policy text is stored and hashed in: Unicode NFC (the same words typed or pasted from
 * different systems get the same hash), "\n" line ends, no leading or trailing blank space.
 */
export function normalizePolicyText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

function characterCount(text: string): number {
  return [...text].length;
}

/** A policy an applicant pasted: normalised, hashed, or why it cannot be a policy. */
export function capturePolicyFromText(pasted: string): PolicyTextResult {
  const text = normalizePolicyText(pasted);
  const count = characterCount(text);
  if (count === 0) return { ok: false, problem: 'Paste the text of the privacy policy.' };
  if (count < MIN_POLICY_CHARACTERS) {
    return { ok: false, problem: `The policy text has only ${count} characters; paste the whole policy (at least ${MIN_POLICY_CHARACTERS}).` };
  }
  if (count > MAX_POLICY_CHARACTERS) {
    return { ok: false, problem: `The policy text is longer than ${MAX_POLICY_CHARACTERS.toLocaleString('en')} characters; paste only the privacy policy.` };
  }
  return { ok: true, text, sha256: policySha256(text) };
}

/**
 * Fetches a privacy policy page through the safe fetcher and keeps its readable text: HTML is
 * reduced to what a reader sees, plain text is kept as it is. `url` in the result is the address
 * the text came from after redirects.
 */
export async function capturePolicyFromUrl(url: string, policy: NetPolicy, options: { clock?: Clock } = {}): Promise<PolicyCaptureResult> {
  const fetched = await safeFetchText(url, policy, { accept: 'text/html,application/xhtml+xml,text/plain;q=0.9' });
  if (!fetched.ok) return { ok: false, problem: `The policy could not be fetched from ${url}: ${fetched.problem}.` };

  const mediaType = fetched.contentType.split(';')[0]!.trim().toLowerCase();
  const isHtml = mediaType === 'text/html' || mediaType === 'application/xhtml+xml';
  const text = normalizePolicyText(isHtml ? extractReadableText(fetched.text) : fetched.text);
  const count = characterCount(text);
  if (count < MIN_POLICY_CHARACTERS) {
    return { ok: false, problem: `Only ${count} characters of text were found at that address; paste the policy text instead.` };
  }
  return { ok: true, url: fetched.finalUrl, text, sha256: policySha256(text), capturedAt: nowDate(options.clock ?? systemClock) };
}
