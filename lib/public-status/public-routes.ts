import { badgeSvgAnswer, domainAnswer, jsonAnswer, jwksAnswer, outageAnswer, PUBLIC_HEADERS, scriptAnswer, statusAnswer } from './public-answers';
import type { PublicRequest, PublicResponse } from './request-context';
import { checkpointAnswer, consistencyProofAnswer, inclusionProofAnswer, keyAnswer, tileAnswer } from '@/lib/log/log-answers';
import type { PublicStatusService } from './public-status-service';
import type { SealStatusRecord } from './status-record';

/** The public endpoints of DESIGN.md's "Public contract" that the fast path serves. */
export type PublicRoute =
  | { kind: 'status' | 'status-jws' | 'badge-svg'; sealId: string }
  | { kind: 'domain-search' }
  | { kind: 'seal-script' }
  | { kind: 'jwks' }
  // The public log (lib/log/log-answers.ts); `path` is what follows `/log/`.
  | { kind: 'log-checkpoint' | 'log-key' | 'log-inclusion-proof' | 'log-consistency-proof' }
  | { kind: 'log-tile'; path: string };

const SEAL_PREFIX = '/api/v1/seals/';
const SEAL_SUFFIXES: Record<string, 'status' | 'status-jws' | 'badge-svg'> = { status: 'status', 'status.jws': 'status-jws', 'badge.svg': 'badge-svg' };

/** The route a path names, or null when it is not one of ours (Next.js answers it). */
export function matchPublicRoute(path: string): PublicRoute | null {
  if (path.startsWith(SEAL_PREFIX)) {
    const rest = path.slice(SEAL_PREFIX.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) return null;
    const kind = SEAL_SUFFIXES[rest.slice(slash + 1)];
    return kind ? { kind, sealId: rest.slice(0, slash) } : null;
  }
  if (path === '/api/v1/seals') return { kind: 'domain-search' };
  if (path === '/embed/v1/seal.js') return { kind: 'seal-script' };
  if (path === '/.well-known/jwks.json') return { kind: 'jwks' };
  if (path.startsWith('/log/')) {
    if (path === '/log/checkpoint') return { kind: 'log-checkpoint' };
    if (path === '/log/key') return { kind: 'log-key' };
    if (path.startsWith('/log/tile/')) return { kind: 'log-tile', path: path.slice('/log/'.length) };
    return null;
  }
  if (path === '/api/v1/log/proof/inclusion') return { kind: 'log-inclusion-proof' };
  if (path === '/api/v1/log/proof/consistency') return { kind: 'log-consistency-proof' };
  return null;
}

const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';
// Request headers a cross-origin page may send: the validators a client revalidates with.
const ALLOWED_HEADERS = 'If-None-Match, If-Modified-Since, Cache-Control';

function failed(request: PublicRequest, error: unknown): PublicResponse {
  console.error(`[public] ${request.method} ${request.path} failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
  return jsonAnswer(500, { error: 'internal' });
}

/**
 * Answers a public request: at once when it can (a cached seal, the script, the keys), through a
 * promise when the database must be asked. Never throws and never shows a stack: while the database
 * cannot be reached the last known status is answered, marked stale (public-answers.ts); any other
 * failure is logged and answered `500 {"error":"internal"}`.
 */
export function answerPublicRequest(service: PublicStatusService, route: PublicRoute, request: PublicRequest): PublicResponse | Promise<PublicResponse> {
  if (request.method === 'OPTIONS') {
    return {
      status: 204,
      headers: { ...PUBLIC_HEADERS, 'Access-Control-Allow-Methods': ALLOWED_METHODS, 'Access-Control-Allow-Headers': ALLOWED_HEADERS, 'Access-Control-Max-Age': '86400', 'Cache-Control': 'public, max-age=86400' },
      body: null,
    };
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return jsonAnswer(405, { error: 'method_not_allowed', message: `Use ${ALLOWED_METHODS}.` }, { Allow: ALLOWED_METHODS });
  }
  try {
    switch (route.kind) {
      case 'status':
      case 'status-jws':
      case 'badge-svg': {
        const answer = (record: SealStatusRecord | null) =>
          route.kind === 'badge-svg' ? badgeSvgAnswer(service, request, record) : statusAnswer(service, request, record, route.kind === 'status' ? 'json' : 'jws');
        const cached = service.cache.peek(route.sealId);
        if (cached !== undefined) return answer(cached);
        return service.cache
          .get(route.sealId)
          .then(answer)
          .catch((error: unknown) => outageAnswer(service, request, route.kind, route.sealId, error) ?? failed(request, error));
      }
      case 'domain-search':
        return domainAnswer(service, request).catch((error: unknown) => failed(request, error));
      case 'seal-script':
        return scriptAnswer(request);
      case 'jwks':
        return jwksAnswer(service, request);
      case 'log-checkpoint':
        return checkpointAnswer(service, request).catch((error: unknown) => failed(request, error));
      case 'log-key':
        return keyAnswer(service, request);
      case 'log-tile':
        return tileAnswer(service, request, route.path).catch((error: unknown) => failed(request, error));
      case 'log-inclusion-proof':
        return inclusionProofAnswer(service, request).catch((error: unknown) => failed(request, error));
      case 'log-consistency-proof':
        return consistencyProofAnswer(service, request).catch((error: unknown) => failed(request, error));
    }
  } catch (error) {
    return failed(request, error);
  }
}
