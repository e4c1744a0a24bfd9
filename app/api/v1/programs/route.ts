import { connection } from 'next/server';
import { getRuntime } from '@/lib/runtime';
import { listPrograms } from '@/lib/programs/queries';
import { programListDocument } from '@/lib/programs/public-documents';
import { publicJson } from '@/lib/programs/public-json';

/** `GET /api/v1/programs` → `{ programs: [{ slug, name, currentVersion }] }`. */
export async function GET(request: Request) {
  await connection(); // never prerendered: `next build` has no database
  const { db } = await getRuntime();
  return publicJson(request, programListDocument(await listPrograms(db)));
}
