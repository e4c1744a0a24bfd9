// A path on this site: one slash, then printable ASCII without spaces or backslashes. Browsers send
// paths percent-encoded (proxy.ts builds `next` from one), so nothing legitimate is refused.
const PLAIN_PATH = /^\/(?![/\\])[\x21-\x7e]*$/;

/**
 * The same path once decoded: an encoded CR/LF, NUL, tab or backslash is no part of a path we link
 * to, and `/%2F…` must not become `//…` anywhere along the way.
 */
function unsafeOnceDecoded(decoded: string): boolean {
  if (decoded.startsWith('//') || decoded.startsWith('/\\')) return true;
  for (let i = 0; i < decoded.length; i++) {
    const code = decoded.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}

/**
 * Only plain paths on this site may be returned to after sign-in: never another origin (open
 * redirect), and nothing a Location header cannot carry (a control character once gave a 500).
 */
export function safeReturnPath(value: unknown, fallback = '/portal'): string {
  if (typeof value !== 'string' || value.length > 2000 || !PLAIN_PATH.test(value) || value.includes('\\')) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return fallback;
  }
  if (unsafeOnceDecoded(decoded)) return fallback;
  // The last word: resolved against any origin, it stays on that origin.
  return new URL(value, 'http://x.invalid').origin === 'http://x.invalid' ? value : fallback;
}
