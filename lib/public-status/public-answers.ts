import { z } from 'zod';
import { normalizeDomain } from '@/lib/domains/normalize';
import { badgeScriptAsset } from '@/lib/badge/seal-script';
import type { BadgeState } from '@/lib/badge/badge-svg';
import { matchesIfNoneMatch } from '@/lib/programs/public-json';
import { coversHost, type SealStatusRecord } from './status-record';
import { acceptsGzip, STALE_MAX_AGE_SECONDS, strongEtag, STATUS_MAX_AGE_SECONDS } from './http-caching';
import { isDatabaseUnavailable } from './database-outage';
import { preparedBadge, statusView } from './prepared-documents';
import { embeddingHost, hostOf, type PublicRequest, type PublicResponse } from './request-context';
import type { PublicStatusService } from './public-status-service';

/** On every public answer: open to every origin (badges live on other sites), never sniffed. */
export const PUBLIC_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag',
  'X-Content-Type-Options': 'nosniff',
  // A host page that isolates itself (COEP require-corp) may still load the badge and its status.
  'Cross-Origin-Resource-Policy': 'cross-origin',
};
const JSON_TYPE = 'application/json; charset=utf-8';
/** The script and the keys change only with a release or a key rotation. */
const ASSET_CACHE_CONTROL = 'public, max-age=300';

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): PublicResponse {
  return { status, headers: { ...PUBLIC_HEADERS, 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

export const notFoundAnswer = () => jsonAnswer(404, { error: 'not_found' }, { 'Cache-Control': `public, max-age=${STATUS_MAX_AGE_SECONDS}` });

/**
 * On an answer from the last known status while the database cannot be reached (docs/adr/0005):
 * `110 Response is Stale` (RFC 9111 retired the Warning header, but no other standard header says
 * this, and the body says it too: `stale: true`), readable by a cross-origin script.
 */
export const STALE_HEADERS: Readonly<Record<string, string>> = { Warning: '110 - "Response is Stale"', 'Access-Control-Expose-Headers': 'ETag, Warning' };
const staleCacheControl = (maxAge: number) => `public, max-age=${Math.min(maxAge, STALE_MAX_AGE_SECONDS)}`;

/** 503 for a status the database must give and cannot: never seen here, so not known to exist nor not to. */
export const unavailableAnswer = () =>
  jsonAnswer(503, { error: 'unavailable', message: 'The status cannot be checked right now; try again in a few seconds.' }, { 'Retry-After': String(STALE_MAX_AGE_SECONDS) });

/** 200 with the body, or 304 without it when the client already holds this version (`headers` has the ETag). */
export function validated(request: PublicRequest, headers: Record<string, string>, body: () => string | Buffer): PublicResponse {
  const all = Object.assign({}, PUBLIC_HEADERS, headers);
  if (matchesIfNoneMatch(request.header('if-none-match') ?? null, all.ETag!)) {
    delete all['Content-Type'];
    return { status: 304, headers: all, body: null };
  }
  return { status: 200, headers: all, body: body() };
}

/**
 * True when `host` is this platform itself (the public origin or the Host asked): our own pages
 * showing a badge are neither copies nor mismatches. The Host only widens what counts as our own
 * page (a browser cannot forge it); it never goes into a link.
 */
function isOwnHost(request: PublicRequest, origin: string, host: string): boolean {
  return host === hostOf(origin) || host === hostOf(`http://${request.header('host') ?? ''}`);
}

/** Counts a badge or status request made from a page the seal does not cover (a copied badge). */
function noteSighting(service: PublicStatusService, record: SealStatusRecord, request: PublicRequest, origin: string) {
  const host = embeddingHost(request);
  if (host && !coversHost(record, host) && !isOwnHost(request, origin, host)) service.sightings.record(record.sealId, host);
}

/**
 * `GET /api/v1/seals/{sealId}/status` (`form: 'json'`) and `…/status.jws` (`form: 'jws'`), for the
 * seal's cached record; with `staleSince`, the last known record, last confirmed then, answered while
 * the database cannot be reached (the signed form signs that stale document, `iat` its `checkedAt`).
 */
export function statusAnswer(service: PublicStatusService, request: PublicRequest, record: SealStatusRecord | null, form: 'json' | 'jws', staleSince?: Date): PublicResponse {
  if (!record) return staleSince ? withHeaders(notFoundAnswer(), { ...STALE_HEADERS, 'Cache-Control': staleCacheControl(STATUS_MAX_AGE_SECONDS) }) : notFoundAnswer();
  // verifyUrl, signed too, is always on the configured origin: never the Host a client sent.
  const origin = service.runtime.env.publicOrigin;
  noteSighting(service, record, request, origin);
  const view = statusView(record, service.now(), origin);
  const type = form === 'json' ? JSON_TYPE : 'application/jose';
  if (staleSince) {
    const headers = { 'Content-Type': type, 'Cache-Control': staleCacheControl(view.maxAge), ETag: strongEtag('stale', view.etags[form]), ...STALE_HEADERS };
    return validated(request, headers, () => (form === 'json' ? view.staleJson(staleSince) : service.signer().sign(view.staleDocument(staleSince))));
  }
  const headers = { 'Content-Type': type, 'Cache-Control': `public, max-age=${view.maxAge}`, ETag: view.etags[form] };
  return validated(request, headers, () => (form === 'json' ? view.json() : service.signer().sign(view.document())));
}

function withHeaders(answer: PublicResponse, headers: Record<string, string>): PublicResponse {
  Object.assign(answer.headers, headers);
  return answer;
}

/**
 * The answer for a seal URL when reading its record failed: from the last known record, marked
 * stale, when the database cannot be reached; `unavailable` when this id was never seen (no 404:
 * whether it exists is not known). Null for any other failure, which is a fault to report.
 */
export function outageAnswer(service: PublicStatusService, request: PublicRequest, kind: 'status' | 'status-jws' | 'badge-svg', sealId: string, error: unknown): PublicResponse | null {
  if (!isDatabaseUnavailable(error)) return null;
  const known = service.cache.lastKnown(sealId);
  if (kind === 'badge-svg') return badgeSvgAnswer(service, request, known ? known.value : 'unavailable', known?.confirmedAt);
  if (!known) return unavailableAnswer();
  return statusAnswer(service, request, known.value, kind === 'status' ? 'json' : 'jws', known.confirmedAt);
}

const DomainQuery = z.object({
  domain: z
    .string({ error: 'Ask with ?domain=example.com: the domain whose seals you want to know.' })
    .max(300, 'This domain name is too long.')
    .transform((value, ctx) => {
      const normalized = normalizeDomain(value);
      if (normalized.ok) return normalized.domain;
      ctx.addIssue({ code: 'custom', message: normalized.problem });
      return z.NEVER;
    }),
});

/** `GET /api/v1/seals?domain=…` → `{ seals: [...] }`: every seal that covers the domain (or its `www.` name). */
export async function domainAnswer(service: PublicStatusService, request: PublicRequest): Promise<PublicResponse> {
  const params = new URLSearchParams(request.query);
  const parsed = DomainQuery.safeParse({ domain: params.get('domain') ?? undefined });
  if (!parsed.success) return jsonAnswer(400, { error: 'bad_request', message: parsed.error.issues[0]?.message ?? 'The query is not valid.' });
  let records: SealStatusRecord[];
  let staleSince: Date | undefined;
  try {
    records = await service.cache.forDomain(parsed.data.domain);
  } catch (error) {
    // The database cannot be reached: the last answer known for this domain, marked stale.
    const known = isDatabaseUnavailable(error) ? service.cache.lastKnownForDomain(parsed.data.domain) : undefined;
    if (!known) {
      if (isDatabaseUnavailable(error)) return unavailableAnswer();
      throw error;
    }
    ({ value: records, confirmedAt: staleSince } = known);
  }
  const now = service.now();
  const origin = service.runtime.env.publicOrigin;
  const views = records.map((record) => statusView(record, now, origin));
  const maxAge = Math.min(STATUS_MAX_AGE_SECONDS, ...views.map((view) => view.maxAge));
  const etag = strongEtag('domain', ...views.map((view) => view.stable));
  if (staleSince) {
    const since = staleSince;
    const headers = { 'Content-Type': JSON_TYPE, 'Cache-Control': staleCacheControl(maxAge), ETag: strongEtag('stale', etag), ...STALE_HEADERS };
    return validated(request, headers, () => `{"seals":[${views.map((view) => view.staleJson(since)).join(',')}]}`);
  }
  const headers = { 'Content-Type': JSON_TYPE, 'Cache-Control': `public, max-age=${maxAge}`, ETag: etag };
  return validated(request, headers, () => `{"seals":[${views.map((view) => view.json()).join(',')}]}`);
}

/**
 * `GET /api/v1/seals/{sealId}/badge.svg`: the seal's state as an image. An unknown id, or a page
 * (Referer) the seal does not cover, gets the `not-verified` image — with 200, so that an `<img>`
 * shows it instead of a broken image. The answer depends on the Referer, hence `Vary: Referer`:
 * a shared cache must not hand the copied badge's image to the real site, or the reverse.
 * While the database cannot be reached: the last known record with `staleSince`, or the
 * `unavailable` image for an id never seen.
 */
export function badgeSvgAnswer(service: PublicStatusService, request: PublicRequest, record: SealStatusRecord | null | 'unavailable', staleSince?: Date): PublicResponse {
  let state: BadgeState = record === 'unavailable' ? 'unavailable' : 'not-verified';
  let maxAge = record === 'unavailable' ? STALE_MAX_AGE_SECONDS : STATUS_MAX_AGE_SECONDS;
  if (record === 'unavailable') record = null;
  else if (record) {
    const origin = service.runtime.env.publicOrigin;
    noteSighting(service, record, request, origin);
    const view = statusView(record, service.now(), origin);
    const page = hostOf(request.header('referer'));
    state = page && !coversHost(record, page) && !isOwnHost(request, origin, page) ? 'not-verified' : view.status;
    maxAge = view.maxAge;
  }
  const cached = record;
  const badge = preparedBadge(record, state, cached ? (bytes) => service.cache.notePrepared(cached, bytes) : undefined);
  const headers = {
    'Content-Type': 'image/svg+xml; charset=utf-8',
    'Cache-Control': `public, max-age=${maxAge}`,
    ETag: badge.etag,
    Vary: 'Referer',
    // Opened on its own, the image may run nothing and load nothing.
    'Content-Security-Policy': "default-src 'none'",
  };
  if (staleSince) Object.assign(headers, STALE_HEADERS, { 'Cache-Control': staleCacheControl(maxAge) });
  return validated(request, headers, () => badge.svg);
}

/** `GET /embed/v1/seal.js`: the badge script, gzipped for clients that accept it. */
export function scriptAnswer(request: PublicRequest): PublicResponse {
  const asset = badgeScriptAsset();
  const gzip = acceptsGzip(request.header('accept-encoding'));
  const headers: Record<string, string> = {
    'Content-Type': asset.contentType,
    'Cache-Control': ASSET_CACHE_CONTROL,
    // A strong ETag names one representation: the gzipped bytes get their own.
    ETag: gzip ? asset.etag.replace(/"$/, '-gzip"') : asset.etag,
    Vary: 'Accept-Encoding',
  };
  if (gzip) headers['Content-Encoding'] = 'gzip';
  return validated(request, headers, () => (gzip ? asset.gzip : asset.body));
}

// A signer's key set is frozen for its lifetime (signing.ts): its JSON and ETag are made once, not per request.
const preparedJwks = new WeakMap<object, { body: string; etag: string }>();

/** `GET /.well-known/jwks.json`: the public keys that verify signed statuses, old ones included until retired. */
export function jwksAnswer(service: PublicStatusService, request: PublicRequest): PublicResponse {
  const jwks = service.signer().jwks();
  let prepared = preparedJwks.get(jwks);
  if (!prepared) {
    const body = JSON.stringify(jwks);
    prepared = { body, etag: strongEtag('jwks', body) };
    preparedJwks.set(jwks, prepared);
  }
  const { body, etag } = prepared;
  return validated(request, { 'Content-Type': JSON_TYPE, 'Cache-Control': ASSET_CACHE_CONTROL, ETag: etag }, () => body);
}
