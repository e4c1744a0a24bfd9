import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { API_RATE_LIMITS } from '@/lib/api/rate-limit-policy';
import { API_VERSION, BEARER_SCHEME, HEADERS } from './common';
import { pathItemOf } from './operation';
import { API_OPERATIONS, TAGS } from './operations';

/*
 * The OpenAPI 3.1 document of the API (issue #17), made from the zod schemas by zod-openapi. The
 * server is the configured public origin (lib/env.ts), never a request's Host: a client writes that.
 */

export type OpenApiDocument = ReturnType<typeof createDocument>;

const DESCRIPTION = [
  'The public contract — seal statuses, badges, programs, the transparency report and the public log’s proofs — needs no key, answers any origin (CORS `*`) and may be cached as its `Cache-Control` says.',
  '',
  'The integrator routes need an API key, sent as `Authorization: Bearer osk_…` (never in the URL). An organization’s owner makes its keys on the organization’s page in the portal; the authority’s administrators make relying parties’ and its own tools’ keys. A key acts as the person who made it, narrowed by its scopes: it can never do more than they may.',
  '',
  `Each key may make ${API_RATE_LIMITS.organization} calls a minute (an organization’s), ${API_RATE_LIMITS.relying_party} (a relying party’s) or ${API_RATE_LIMITS.authority} (an authority tool’s); every answer says how many are left in the \`RateLimit-*\` headers. Errors are \`{"error": code, "message", "fields"?}\`; lists are pages of \`{ data, nextCursor }\`.`,
].join('\n');

function build(origin: string): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of API_OPERATIONS) {
    const item = pathItemOf(operation);
    const existing = paths[operation.path];
    for (const method of Object.keys(item)) if (existing && method in existing) throw new Error(`The API registry declares ${method.toUpperCase()} ${operation.path} twice.`);
    paths[operation.path] = { ...existing, ...item };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'OpenSeal API',
      version: API_VERSION,
      description: DESCRIPTION,
      license: { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' },
    },
    servers: [{ url: origin, description: 'This platform' }],
    tags: TAGS.map((tag) => ({ ...tag })),
    paths,
    components: {
      headers: { ...HEADERS },
      securitySchemes: {
        [BEARER_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'osk_<public id>_<secret>',
          description: 'An API key. Each operation names the one scope it needs (in `security` and `x-openseal-scope`); a key holds the scopes it was made with.',
        },
      },
    },
  });
}

// The document depends only on the origin, which is fixed for a process's life.
const built = new Map<string, OpenApiDocument>();

export function openApiDocument(origin: string): OpenApiDocument {
  let document = built.get(origin);
  if (!document) {
    document = build(origin.replace(/\/$/, ''));
    built.set(origin, document);
  }
  return document;
}
