import crypto from 'node:crypto';

/**
 * Public, cacheable JSON for the open API: any origin may read it, a CDN may keep it a minute, and
 * a client that sends back the ETag gets an empty 304 while nothing changed.
 */
const PUBLIC_HEADERS = {
  'Cache-Control': 'public, max-age=60',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag',
} as const;

export function etagOf(body: string): string {
  return `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** RFC 9110 §13.1.2: a list of tags or `*`, compared weakly (a `W/` prefix is ignored). */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === strip(etag));
}

export function publicJson(request: Request, document: unknown, status = 200): Response {
  const body = JSON.stringify(document);
  const etag = etagOf(body);
  const headers = { ...PUBLIC_HEADERS, ETag: etag };
  if (status === 200 && matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } });
}

export function publicNotFound(request: Request): Response {
  return publicJson(request, { error: 'not_found' }, 404);
}
