import { z } from 'zod';
import type { ZodOpenApiContentObject, ZodOpenApiOperationObject, ZodOpenApiPathItemObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import type { ApiRouteSpec } from '@/lib/api/serve-api-call';
import { ApiErrorBody, BEARER_SCHEME, PUBLIC_CACHE_HEADERS, RATE_LIMIT_HEADERS, type HeaderName } from './common';

/*
 * One operation of the API as the registry (operations.ts) declares it, and the OpenAPI operations
 * made of it: the key's scope, the refusals every key route shares and the rate-limit headers are
 * added here, so a route's declaration says only what is its own.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type ResponseSpec = {
  description: string;
  /** The body as JSON; or `content` for another media type (`text/csv`, `image/svg+xml`…). */
  json?: z.ZodType;
  content?: Record<string, z.ZodType>;
  /** An example of the body, shown on the reference page and in the document. */
  example?: unknown;
  /** Headers of its own, beyond those every answer of its kind carries (rate limits, caching). */
  headers?: HeaderName[];
};

export type ApiOperation = {
  method: HttpMethod;
  /** The path as OpenAPI writes it: `/api/v1/seals/{sealId}/status`. */
  path: `/api/${string}`;
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  /**
   * Who may call it: anyone, or a key with the route's scope. A key route names the route object its
   * route.ts serves (lib/api/routes/*.ts), so the scope documented is the scope enforced.
   */
  access: 'public' | { key: { spec: ApiRouteSpec } };
  /** The public contract's routes also answer HEAD and a CORS preflight (lib/public-status/public-routes.ts). */
  headAndPreflight?: true;
  params?: { path?: z.ZodObject; query?: z.ZodObject };
  /** The JSON body; `multipart`: the same call's multipart/form-data body, where it takes files. */
  body?: { schema: z.ZodType; example?: unknown; multipart?: z.ZodType };
  responses: Record<`${1 | 2 | 3 | 4 | 5}${string}`, ResponseSpec>;
};

/** The scope an operation needs: a string, null for any valid key, undefined for a public one. */
export function scopeOf(operation: ApiOperation): string | null | undefined {
  return operation.access === 'public' ? undefined : operation.access.key.spec.scope;
}

/** What every key route may answer besides its own answers: a refused key, a missing scope, too many calls. */
export const KEY_REFUSALS: Record<string, ResponseSpec> = {
  '401': {
    description: 'No key, or one that is not valid, revoked or expired, or whose creator was disabled. `WWW-Authenticate: Bearer` says so too.',
    json: ApiErrorBody,
    example: { error: 'key_revoked', message: 'API key “Shop back office” was revoked; ask for a new one.' },
  },
  '403': { description: 'The key lacks the scope this operation needs (`insufficient_scope`).', json: ApiErrorBody, example: { error: 'insufficient_scope', message: 'This key may not do this: it needs the scope “cases:respond”. Its scopes: cases:read.' } },
  '429': { description: 'The key made its calls for this minute (`rate_limited`).', json: ApiErrorBody, headers: ['Retry-After'] },
};

function content(spec: { json?: z.ZodType; content?: Record<string, z.ZodType> }, example: unknown): ZodOpenApiContentObject | undefined {
  const types: Record<string, z.ZodType> = { ...(spec.json ? { 'application/json': spec.json } : {}), ...spec.content };
  const entries = Object.entries(types);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([type, schema]) => [type, { schema, ...(example !== undefined && type === 'application/json' ? { example } : {}) }]));
}

/** The headers of one answer: its own, and the rate limits of a key's answer (but a 401's: no key was counted) or the caching of a public success. */
function headerNames(operation: ApiOperation, status: string, spec: ResponseSpec): HeaderName[] {
  const shared = operation.access !== 'public' ? (status === '401' ? [] : RATE_LIMIT_HEADERS) : status.startsWith('2') ? PUBLIC_CACHE_HEADERS : [];
  return [...shared, ...(spec.headers ?? [])];
}

function responsesOf(operation: ApiOperation, withBody: boolean): ZodOpenApiResponsesObject {
  // A route's own refusal under a status every key route has (a 403 for a conflict of interest) is
  // documented beside the shared one.
  const shared = Object.fromEntries(
    Object.entries(KEY_REFUSALS).map(([status, spec]) => {
      const own = operation.responses[status as keyof ApiOperation['responses']];
      return [status, own ? { ...spec, description: `${spec.description} Or: ${own.description}`, example: own.example ?? spec.example } : spec];
    }),
  );
  const all = operation.access === 'public' ? operation.responses : { ...operation.responses, ...shared };
  return Object.fromEntries(
    Object.entries(all).map(([status, spec]) => {
      const names = headerNames(operation, status, spec);
      const headers = Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
      const body = withBody ? content(spec, spec.example) : undefined;
      return [status, { description: spec.description, ...(names.length > 0 ? { headers } : {}), ...(body ? { content: body } : {}) }];
    }),
  );
}

function baseOperation(operation: ApiOperation): ZodOpenApiOperationObject {
  const scope = scopeOf(operation);
  const who = scope === undefined ? 'Anyone: no key needed.' : scope === null ? 'Any valid API key.' : `An API key with the scope \`${scope}\`.`;
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: `${operation.description}\n\n**Who may call it:** ${who}`,
    // OpenAPI 3.1 lets a non-OAuth scheme list the roles it requires: here, the key's scope.
    security: scope === undefined ? [] : [{ [BEARER_SCHEME]: scope === null ? [] : [scope] }],
    'x-openseal-scope': scope ?? null,
    ...(operation.params ? { requestParams: operation.params } : {}),
    responses: responsesOf(operation, true),
  };
}

/** The path item methods of one declared operation: itself, and HEAD and OPTIONS where the route answers them. */
export function pathItemOf(operation: ApiOperation): ZodOpenApiPathItemObject {
  const main = baseOperation(operation);
  const item: ZodOpenApiPathItemObject = { [operation.method]: { ...main, ...(operation.body ? { requestBody: { required: true, content: content({ json: operation.body.schema, content: operation.body.multipart ? { 'multipart/form-data': operation.body.multipart } : undefined }, operation.body.example)! } } : {}) } };
  if (operation.headAndPreflight) {
    item.head = { ...main, operationId: `${operation.operationId}Head`, summary: `${operation.summary} (headers only)`, description: 'As GET, without the body: the headers (`ETag`, `Cache-Control`) alone.', responses: responsesOf(operation, false) };
    item.options = {
      operationId: `${operation.operationId}Preflight`,
      tags: [operation.tag],
      summary: 'CORS preflight',
      description: 'Any origin may call GET and HEAD here, sending `If-None-Match`, `If-Modified-Since` and `Cache-Control`.',
      security: [],
      'x-openseal-scope': null,
      responses: {
        '204': {
          description: 'The methods and headers a cross-origin page may use; a browser may remember them a day.',
          headers: z.object({
            'Access-Control-Allow-Origin': z.literal('*'),
            'Access-Control-Allow-Methods': z.string().meta({ example: 'GET, HEAD, OPTIONS' }),
            'Access-Control-Allow-Headers': z.string().meta({ example: 'If-None-Match, If-Modified-Since, Cache-Control' }),
            'Access-Control-Max-Age': z.string().meta({ example: '86400' }),
          }),
        },
      },
    };
  }
  return item;
}
