import { cache } from 'react';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { z } from 'zod';
import { getRuntime } from '@/lib/runtime';
import { PROGRAM_SLUG_PATTERN } from '@/lib/programs/criterion';
import { getProgramBySlug } from '@/lib/programs/queries';

const Slug = z.string().max(100).regex(PROGRAM_SLUG_PATTERN);
const VersionNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,5}$/)
  .transform(Number);

/**
 * The published program behind a URL, or the 404 page. Once per request (the page and its
 * metadata share it), and never at build time: `next build` has no database.
 */
export const loadProgram = cache(async (programSlug: string) => {
  await connection();
  const slug = Slug.safeParse(programSlug);
  if (!slug.success) notFound();
  const { db } = await getRuntime();
  return (await getProgramBySlug(db, slug.data)) ?? notFound();
});

/** A published version of the program; drafts and unknown numbers are not found. */
export async function loadProgramVersion(programSlug: string, versionParam: string) {
  const program = await loadProgram(programSlug);
  const number = VersionNumber.safeParse(versionParam);
  const version = number.success ? program.versions.find((candidate) => candidate.version === number.data) : undefined;
  if (!version) notFound();
  return { program, version };
}
