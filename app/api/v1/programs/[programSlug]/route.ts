import { z } from 'zod';
import { connection } from 'next/server';
import { getRuntime } from '@/lib/runtime';
import { PROGRAM_SLUG_PATTERN } from '@/lib/programs/criterion';
import { getProgramBySlug } from '@/lib/programs/queries';
import { programDocument } from '@/lib/programs/public-documents';
import { publicJson, publicNotFound } from '@/lib/programs/public-json';

const Params = z.object({ programSlug: z.string().max(100).regex(PROGRAM_SLUG_PATTERN) });

/** `GET /api/v1/programs/{programSlug}` → the program and its published criteria versions; 404 `{ error: 'not_found' }`. */
export async function GET(request: Request, { params }: { params: Promise<{ programSlug: string }> }) {
  await connection(); // never prerendered: `next build` has no database
  const parsed = Params.safeParse(await params);
  // A slug that cannot exist is as unknown as one that does not.
  if (!parsed.success) return publicNotFound(request);
  const { db } = await getRuntime();
  const program = await getProgramBySlug(db, parsed.data.programSlug);
  return program ? publicJson(request, programDocument(program)) : publicNotFound(request);
}
