/** A request to a public endpoint, whichever server received it (the fast path or a Next.js route). */
export type PublicRequest = {
  method: string;
  /** The path without the query, as received (not decoded). */
  path: string;
  /** The query string without `?`, or ''. */
  query: string;
  /** A request header by its lowercase name. */
  header(name: string): string | undefined;
};

/** What the endpoint answers; the server writes it (and drops the body of a HEAD). */
export type PublicResponse = { status: number; headers: Record<string, string>; body: string | Buffer | null };

// scheme://[userinfo@]host — browsers send Origin and Referer already serialised (punycode, no
// default port), so reading the host needs no full URL parse on the hot path.
const URL_HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[0-9a-f:.]+\]|[^/:?#\\]+)/i;

/** The host name of an absolute URL (an `Origin` or `Referer` value), lowercase, or null. */
export function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  const host = URL_HOST.exec(url)?.[1];
  return host ? host.toLowerCase().replace(/\.$/, '') : null;
}

/** The page a request came from: the `Origin` host, else the `Referer` host, else null. */
export function embeddingHost(request: Pick<PublicRequest, 'header'>): string | null {
  return hostOf(request.header('origin')) ?? hostOf(request.header('referer'));
}
