import { z } from 'zod';
import { normalizeDomain } from '@/lib/domains/normalize';
import { badgeScriptAsset } from '@/lib/badge/seal-script';
import type { BadgeState } from '@/lib/badge/badge-svg';
import { matchesIfNoneMatch } from '@/lib/programs/public-json';
import { coversHost, type SealStatusRecord } from './status-record';
import { acceptsGzip, strongEtag, STATUS_MAX_AGE_SECONDS } from './http-caching';
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

/** 200 with the body, or 304 without it when the client already holds this version (`headers` has the ETag). */
function validated(request: PublicRequest, headers: Record<string, string>, body: () => string | Buffer): PublicResponse {
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

/** `GET /api/v1/seals/{sealId}/status` (`form: 'json'`) and `…/status.jws` (`form: 'jws'`), for the seal's cached record. */
export function statusAnswer(service: PublicStatusService, request: PublicRequest, record: SealStatusRecord | null, form: 'json' | 'jws'): PublicResponse {
  if (!record) return notFoundAnswer();
  // verifyUrl, signed too, is always on the configured origin: never the Host a client sent.
  const origin = service.runtime.env.publicOrigin;
  noteSighting(service, record, request, origin);
  const view = statusView(record, service.now(), origin);
  const headers = { 'Content-Type': form === 'json' ? JSON_TYPE : 'application/jose', 'Cache-Control': `public, max-age=${view.maxAge}`, ETag: view.etags[form] };
  return validated(request, headers, () => (form === 'json' ? view.json() : service.signer().sign(view.document())));
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
  const records = await service.cache.forDomain(parsed.data.domain);
  const now = service.now();
  const origin = service.runtime.env.publicOrigin;
  const views = records.map((record) => statusView(record, now, origin));
  const headers = { 'Content-Type': JSON_TYPE, 'Cache-Control': `public, max-age=${Math.min(STATUS_MAX_AGE_SECONDS, ...views.map((view) => view.maxAge))}`, ETag: strongEtag('domain', ...views.map((view) => view.stable)) };
  return validated(request, headers, () => `{"seals":[${views.map((view) => view.json()).join(',')}]}`);
}

/**
 * `GET /api/v1/seals/{sealId}/badge.svg`: the seal's state as an image. An unknown id, or a page
 * (Referer) the seal does not cover, gets the `not-verified` image — with 200, so that an `<img>`
 * shows it instead of a broken image. The answer depends on the Referer, hence `Vary: Referer`:
 * a shared cache must not hand the copied badge's image to the real site, or the reverse.
 */
export function badgeSvgAnswer(service: PublicStatusService, request: PublicRequest, record: SealStatusRecord | null): PublicResponse {
  let state: BadgeState = 'not-verified';
  let maxAge = STATUS_MAX_AGE_SECONDS;
  if (record) {
    const origin = service.runtime.env.publicOrigin;
    noteSighting(service, record, request, origin);
    const view = statusView(record, service.now(), origin);
    const page = hostOf(request.header('referer'));
    state = page && !coversHost(record, page) && !isOwnHost(request, origin, page) ? 'not-verified' : view.status;
    maxAge = view.maxAge;
  }
  const badge = preparedBadge(record, state);
  const headers = {
    'Content-Type': 'image/svg+xml; charset=utf-8',
    'Cache-Control': `public, max-age=${maxAge}`,
    ETag: badge.etag,
    Vary: 'Referer',
    // Opened on its own, the image may run nothing and load nothing.
    'Content-Security-Policy': "default-src 'none'",
  };
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
