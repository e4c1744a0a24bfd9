import { cache } from 'react';
import { notFound, permanentRedirect } from 'next/navigation';
import { connection } from 'next/server';
import { getRuntime } from '@/lib/runtime';
import { nowDate } from '@/lib/clock';
import { publicOrigin } from '@/lib/server/public-origin';
import { canonicalSealId, loadVerification } from '@/lib/public-status/verification-queries';
import { loadOrganizationComplaintRecord } from '@/lib/transparency/organization-complaints';

function decoded(param: string) {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

/**
 * The seal behind `/verify/{sealId}`, once per request (the page and its title share it). An id
 * typed by hand in lower case or with spaces is sent to its canonical address; anything that is
 * not an issued seal's id is the not-found page, which warns that the badge may be fake.
 */
export const loadVerificationPage = cache(async (sealIdParam: string) => {
  await connection(); // read at request time: `next build` has no database
  const sealId = canonicalSealId(decoded(sealIdParam));
  if (!sealId) notFound();
  if (sealId !== sealIdParam) permanentRedirect(`/verify/${sealId}`);
  const { db, clock } = await getRuntime();
  const now = nowDate(clock);
  const verification = await loadVerification(db, sealId, now, await publicOrigin());
  if (!verification) notFound();
  return { ...verification, complaints: await loadOrganizationComplaintRecord(db, sealId, now) };
});
