import type { Metadata } from 'next';
import { connection } from 'next/server';
import { openApiDocument } from '@/lib/api/openapi/document';
import { publicOrigin } from '@/lib/server/public-origin';
import { ApiReference } from './api-reference';

export const metadata: Metadata = { title: 'API reference' };

/** /developers/api: the API reference, read from the OpenAPI document that /api/v1/openapi.json serves. */
export default async function ApiReferencePage() {
  await connection(); // the document's server is the runtime's public origin
  const origin = await publicOrigin();
  return <ApiReference origin={origin} document={openApiDocument(origin)} />;
}
