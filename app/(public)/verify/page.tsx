import type { Metadata } from 'next';
import Link from '@/components/link';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { z } from 'zod';
import { getRuntime } from '@/lib/runtime';
import { nowDate } from '@/lib/clock';
import { publicOrigin } from '@/lib/server/public-origin';
import { lookUpSeal, type SealLookup } from '@/lib/public-status/verification-queries';
import { countryName, PublicSealStatus } from '@/components/public-seal-status';
import { SealLookupForm } from './lookup-form';

export const metadata: Metadata = { title: 'Verify a seal' };

const LookupQuery = z.object({
  q: z
    .string('Type one seal id or domain.')
    .trim()
    .max(300, 'That is too long for a seal id or a domain.')
    .optional(),
});

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `/verify`: look a seal up by its id (straight to its page) or by a domain (the seals covering it). */
export default async function VerifyLookupPage({ searchParams }: Props) {
  await connection();
  const parsed = LookupQuery.safeParse(await searchParams);
  const typed = parsed.success ? (parsed.data.q ?? '') : '';
  let result: SealLookup | null = parsed.success ? null : { kind: 'invalid', problem: parsed.error.issues[0]!.message };
  if (typed) {
    const { db, clock } = await getRuntime();
    result = await lookUpSeal(db, typed, nowDate(clock), await publicOrigin());
    if (result.kind === 'seal') redirect(`/verify/${result.sealId}`);
  }

  return (
    <div className="space-y-6">
      <h1>Verify a seal</h1>
      <p className="max-w-prose">
        A seal badge on a website should lead to this site’s verification page for that seal. If you are not sure the badge is genuine, look the
        seal up here by the id on the badge, or look up the site by its domain.
      </p>
      <SealLookupForm defaultValue={typed} problem={result?.kind === 'invalid' ? result.problem : undefined} />

      {result?.kind === 'domain' && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">Seals for {result.domain}</h2>
          {result.seals.length === 0 ? (
            <p data-testid="lookup-empty">
              No seal was ever issued for {result.domain}. If this site shows a seal badge, the badge is not genuine:{' '}
              <Link href="/complaints/new">report a concern</Link>, or check the <Link href="/directory">directory</Link> for the spelling.
            </p>
          ) : (
            <ul className="space-y-3" data-testid="lookup-results">
              {result.seals.map((seal) => (
                <li key={seal.sealId} className="card flex flex-wrap items-center gap-3 py-3">
                  <Link href={`/verify/${seal.sealId}`} className="font-mono">
                    {seal.sealId}
                  </Link>
                  <PublicSealStatus status={seal.status} />
                  <span>
                    {seal.holder.name}, {countryName(seal.holder.country)} — {seal.domains.join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
