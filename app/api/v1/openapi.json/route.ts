import { connection } from 'next/server';
import { openApiDocument } from '@/lib/api/openapi/document';
import { publicJson } from '@/lib/programs/public-json';
import { publicOrigin } from '@/lib/server/public-origin';

/** `GET /api/v1/openapi.json` → the OpenAPI 3.1 document of the API, its server the configured public origin (never the Host asked). */
export async function GET(request: Request) {
  await connection(); // the origin is the runtime's configuration, not the build's
  return publicJson(request, openApiDocument(await publicOrigin()));
}
