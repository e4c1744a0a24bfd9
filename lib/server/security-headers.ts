import type http from 'node:http';

/**
 * The browser-facing security headers (docs/adr/0010). Pages get a Content-Security-Policy with a
 * fresh nonce from proxy.ts; every response of the custom server gets the headers below unless the
 * response already names them (a download's `Referrer-Policy: no-referrer` stays).
 */

/** 128 random bits, base64: a nonce a page's attacker cannot guess or reuse. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

export type PolicyOptions = { nonce: string; development: boolean; https: boolean };

/**
 * The pages' policy. Scripts run only with this response's nonce ('strict-dynamic' lets Next.js's
 * nonced loader add its chunks); no page may be framed; forms post only here. Under `next dev` only:
 * eval (React's development build) and inline styles (Next.js's error overlay).
 */
export function contentSecurityPolicy({ nonce, development, https }: PolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // Next.js's development overlay injects un-nonced <style> elements; a nonce would void 'unsafe-inline'.
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/**
 * Route handlers under page paths that answer files, not HTML: they carry their own, stricter policy
 * (`sandbox; default-src 'none'`, lib/files/stored-file-download.ts), which Next.js would drop if
 * the proxy had already set one. tests/unit/security-headers.test.ts checks every route handler is
 * either here or off the proxy's matcher.
 */
export const FILE_ROUTE = /\/(?:attachments|evidence)\/[^/]+$|\/dossier\.json$|\/export\.csv$/;

const YEAR_IN_SECONDS = 31_536_000;

/** Headers for every response: no sniffing, a referrer that leaks no path cross-origin, and HSTS on https. */
export function baselineSecurityHeaders(publicOrigin: string): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    // Only when people reach us over https: on http the header is ignored, and on a local
    // http://localhost it would only confuse. No includeSubDomains: the operator's other hosts are not ours.
    ...(new URL(publicOrigin).protocol === 'https:' ? { 'Strict-Transport-Security': `max-age=${YEAR_IN_SECONDS}` } : {}),
  };
}

/**
 * Adds `headers` to the response when it is written, each unless the response already has it (set
 * before, or passed to writeHead). Node writes implicit headers through writeHead too, so this
 * covers Next.js, the fast path and plain errors alike.
 */
export function addMissingHeaders(response: http.ServerResponse, headers: Record<string, string>): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    const given = args.find((arg, index) => index > 0 && typeof arg === 'object' && arg !== null);
    const givenNames = new Set(given ? namesIn(given) : []);
    for (const [name, value] of Object.entries(headers)) {
      if (!this.hasHeader(name) && !givenNames.has(name.toLowerCase())) this.setHeader(name, value);
    }
    return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args);
  } as typeof response.writeHead;
}

function namesIn(given: object): string[] {
  // writeHead takes an object, or a flat [name, value, name, value…] array, or [[name, value]…].
  if (!Array.isArray(given)) return Object.keys(given).map((name) => name.toLowerCase());
  if (given.every((entry) => Array.isArray(entry))) return given.map((entry) => String((entry as unknown[])[0]).toLowerCase());
  return given.filter((_, index) => index % 2 === 0).map((name) => String(name).toLowerCase());
}
