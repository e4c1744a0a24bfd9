import type { ApiKey } from '@/db/schema';
import type { Database } from '@/db/client';
import type { Clock } from '@/lib/clock';
import { nowDate } from '@/lib/clock';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/services/context';
import type { StatusCache } from '@/lib/public-status/status-cache';
import type { StatusSigner } from '@/lib/public-status/signing';
import { NotFoundError, ServiceError, ValidationError } from '@/lib/services/errors';
import { ApiKeyRefused, authenticateApiKey } from './authenticate-key';
import { apiCallTrailOf } from './call-trail';
import { withApiKeyInScope } from './key-scope';
import { processRateLimiter, rateLimitHeaders, type ApiRateLimiter } from './rate-limit';

/*
 * One call of the integrator API (issue #17): the key checked, its scope, its rate, the verb run as
 * the key's creator with the key in scope for the audit trail, the answer in the one error shape
 * (`{"error": code, "message", "fields"}`), and the call added to the key's trail (written within a
 * second, with the key's last use: lib/api/call-trail.ts).
 */

export type ApiCall = { ctx: ServiceContext; key: ApiKey; actor: Actor; url: URL; request: Request; runtime: ApiRuntime };
/** What a route needs of a key: one scope, or `null` for any valid key; `creates`: its success is 201 Created. */
export type ApiRouteSpec = { scope: string | null; creates?: boolean };
export type ApiRuntime = {
  db: Database;
  clock: Clock;
  context?: Partial<ServiceContext>;
  /** The process's status cache (the badge's), for the routes that answer public statuses in bulk. */
  statusCache?: () => Promise<StatusCache>;
  /** Who counts the keys' calls: the process (the default; embedded) or the database shared by every process (PostgreSQL). */
  rateLimiter?: ApiRateLimiter;
  /** The configured public origin (verifyUrl); never the request's Host. */
  publicOrigin?: string;
  /** The platform's status signer (the daily export's signature). */
  statusSigner?: () => Promise<StatusSigner>;
};

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export function apiError(status: number, error: string, message: string, headers: Record<string, string> = {}, fields?: Record<string, string[]>): Response {
  return Response.json(fields ? { error, message, fields } : { error, message }, { status, headers: { ...NO_STORE, ...headers } });
}

/** The organization an organization's key may act for; anything else reads as not found, as for a stranger. */
export function requireKeyOrganization(key: ApiKey, organizationId: string | null | undefined, what = 'record'): void {
  if (key.kind !== 'organization' || key.organizationId !== organizationId) throw new NotFoundError(`No such ${what} for this key.`);
}

async function answer(call: ApiCall, spec: ApiRouteSpec, handle: (call: ApiCall) => Promise<unknown>, headers: Record<string, string>): Promise<Response> {
  try {
    const result = await withApiKeyInScope(call.key.id, () => handle(call));
    if (result instanceof Response) {
      for (const [name, value] of Object.entries({ ...NO_STORE, ...headers })) result.headers.set(name, value);
      return result;
    }
    return Response.json(result, { status: spec.creates ? 201 : 200, headers: { ...NO_STORE, ...headers } });
  } catch (error) {
    if (error instanceof ValidationError) return apiError(422, error.code, error.message, headers, error.fieldErrors);
    if (error instanceof ServiceError) return apiError(error.httpStatus, error.code, error.message, headers);
    console.error('[openseal] API call failed', call.request.method, call.url.pathname, error);
    return apiError(500, 'internal', 'Something went wrong on our side; the call changed nothing that was not finished. Try again later.', headers);
  }
}

export async function serveApiCall(runtime: ApiRuntime, request: Request, spec: ApiRouteSpec, handle: (call: ApiCall) => Promise<unknown>): Promise<Response> {
  const now = nowDate(runtime.clock);
  const url = new URL(request.url);
  let authenticated;
  try {
    authenticated = await authenticateApiKey(runtime.db, request.headers.get('authorization'), now);
  } catch (error) {
    if (!(error instanceof ApiKeyRefused)) throw error;
    return apiError(401, error.code, error.message, { 'WWW-Authenticate': `Bearer realm="openseal", error="invalid_token"` });
  }
  const { key, actor } = authenticated;
  const rate = await (runtime.rateLimiter ?? processRateLimiter).take(key, now.getTime());
  const headers = rateLimitHeaders(rate);
  let response: Response;
  if (!rate.allowed) {
    response = apiError(429, 'rate_limited', `This key made ${rate.limit} calls this minute; try again in ${rate.resetSeconds} s.`, { ...headers, 'Retry-After': String(rate.resetSeconds) });
  } else if (spec.scope && !key.scopes.includes(spec.scope)) {
    response = apiError(403, 'insufficient_scope', `This key may not do this: it needs the scope “${spec.scope}”. Its scopes: ${key.scopes.join(', ')}.`, {
      ...headers,
      'WWW-Authenticate': `Bearer realm="openseal", error="insufficient_scope", scope="${spec.scope}"`,
    });
  } else {
    const ctx: ServiceContext = { ...runtime.context, db: runtime.db, clock: runtime.clock, actor };
    response = await answer({ ctx, key, actor, url, request, runtime }, spec, handle, headers);
  }
  apiCallTrailOf(runtime.db, runtime.clock).record({ keyId: key.id, method: request.method, path: url.pathname.slice(0, 500), status: response.status, at: now });
  return response;
}
