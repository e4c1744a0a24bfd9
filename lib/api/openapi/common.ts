import { z } from 'zod';

/*
 * What every operation of the OpenAPI document shares (issue #17): the error shape, timestamps,
 * pages and the rate-limit headers. These schemas describe answers; the routes' own schemas still
 * parse what comes in.
 */

/** The API's version: the `/api/v1` of every path and the document's `info.version`. */
export const API_VERSION = 'v1';

/** An instant as the API writes it: RFC 3339 in UTC with milliseconds (`Date#toISOString`). */
export const timestamp = (description?: string) =>
  z.iso.datetime().meta({
    description,
    example: '2026-06-01T09:00:00.000Z',
    // zod's date-time pattern is a page of regex; `format` says the same to a reader and a generator.
    override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
      delete jsonSchema.pattern;
    },
  });

export const nullableTimestamp = (description?: string) => timestamp().nullable().meta({ description });

/** `{"error": code, "message", "fields"?}`: every refusal of the integrator API (lib/api/serve-api-call.ts). */
export const ApiErrorBody = z
  .looseObject({
    error: z.string().meta({ description: 'A stable code to branch on: `missing_key`, `invalid_key`, `key_revoked`, `key_expired`, `key_owner_disabled`, `insufficient_scope`, `rate_limited`, `not_found`, `conflict`, `validation`, `forbidden`, `internal`…', example: 'validation' }),
    message: z.string().meta({ description: 'What went wrong and what to do, in words for the person reading the log.', example: 'The limit is at most 100.' }),
    fields: z.record(z.string(), z.array(z.string())).optional().meta({ description: 'With `validation`: the message of each input field that was refused.', example: { limit: ['The limit is at most 100.'] } }),
  })
  .meta({ id: 'ApiError', description: 'A refusal: a code to branch on and a message to show.' });

/** The public routes' refusals: `{"error": "not_found"}`, or a code with a message. */
export const PublicErrorBody = z
  .looseObject({
    error: z.string().meta({ description: 'A stable code: `not_found`, `bad_request`, `unavailable`, `busy`, `not_ready`, `method_not_allowed`, `internal`.', example: 'not_found' }),
    message: z.string().optional().meta({ description: 'Why, in words (absent from `not_found`).' }),
  })
  .meta({ id: 'PublicError', description: 'A refusal of a public route.' });

/** The query of every list: an opaque cursor and a page size (lib/services/api/organization-records.ts). */
export const PageQuery = z.object({
  cursor: z.string().max(200).optional().meta({ description: 'The `nextCursor` of the previous page; leave it out for the first page. A cursor this API did not give is refused (422).' }),
  limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: 'Records per page, 1 to 100.' }),
});

/** A page of `item`, newest first: `{ data, nextCursor }`, `nextCursor` null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .looseObject({
      data: z.array(item),
      nextCursor: z.string().nullable().meta({ description: 'Pass it as `cursor` for the next page; null on the last page.' }),
    })
    .meta({ id, description: 'One page, newest first.' });

/**
 * The response headers the document names, each a component (`#/components/headers/…`): the IETF
 * draft's rate-limit fields on every answer to a valid key (lib/api/rate-limit.ts), and the public
 * contract's caching and CORS fields.
 */
export const HEADERS = {
  'RateLimit-Limit': z.string().meta({ description: 'Calls this key may make per minute (organization 120, relying party 600, authority tool 300).', example: '120' }),
  'RateLimit-Remaining': z.string().meta({ description: 'Calls left in the current minute.', example: '119' }),
  'RateLimit-Reset': z.string().meta({ description: 'Seconds until the minute ends and the count starts again.', example: '42' }),
  'RateLimit-Policy': z.string().meta({ description: 'The limit and its window in seconds.', example: '120;w=60' }),
  'Retry-After': z.string().meta({ description: 'Seconds to wait before trying again.', example: '5' }),
  'Access-Control-Allow-Origin': z.literal('*').meta({ description: 'Any origin may read the answer.' }),
  'Cache-Control': z.string().meta({ description: 'How long a cache may keep the answer.', example: 'public, max-age=60' }),
  ETag: z.string().optional().meta({ description: 'Send it back as `If-None-Match` to get an empty 304 while nothing changed.', example: '"3q2-7w"' }),
} as const;

export type HeaderName = keyof typeof HEADERS;

export const RATE_LIMIT_HEADERS: HeaderName[] = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'];
export const PUBLIC_CACHE_HEADERS: HeaderName[] = ['Access-Control-Allow-Origin', 'Cache-Control', 'ETag'];

export const BEARER_SCHEME = 'apiKey';
