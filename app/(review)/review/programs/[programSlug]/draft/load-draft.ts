import { notFound } from 'next/navigation';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { PROGRAM_SLUG_PATTERN } from '@/lib/programs/criterion';
import { getProgramDraft } from '@/lib/programs/admin-queries';

/** For the draft pages: an admin, the program, and its draft (null when none is open). */
export async function loadDraft(programSlug: string, path: string) {
  await requirePageActor(path, 'admin');
  if (!PROGRAM_SLUG_PATTERN.test(programSlug)) notFound();
  const { db } = await getRuntime();
  return (await getProgramDraft(db, programSlug)) ?? notFound();
}
