import type { Metadata } from 'next';
import Link from '@/components/link';
import { connection } from 'next/server';
import { getRuntime } from '@/lib/runtime';
import { nowDate } from '@/lib/clock';
import { COMPLAINT_RATE_LIMITS } from '@/lib/complaints/limits';
import { canonicalSealId, loadVerification } from '@/lib/public-status/verification-queries';
import { publicOrigin } from '@/lib/server/public-origin';
import { PublicSealStatus } from '@/components/public-seal-status';
import { ComplaintForm } from './complaint-form';

export const metadata: Metadata = { title: 'Report a concern about a website' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The public complaint form. From a verification page (`?seal=OS-…`) it is about that seal, and
 * says which seal and site; otherwise the visitor types the domain.
 */
export default async function NewComplaintPage({ searchParams }: Props) {
  await connection(); // read at request time: `next build` has no database
  const raw = (await searchParams).seal;
  const typed = typeof raw === 'string' ? raw : undefined;
  const sealId = typed ? canonicalSealId(typed) : null;
  const { db, clock } = await getRuntime();
  const verification = sealId ? await loadVerification(db, sealId, nowDate(clock), await publicOrigin()) : null;
  const seal = verification?.document;

  return (
    <div className="space-y-6">
      <h1>Report a concern about a website</h1>
      <p className="max-w-prose">
        Tell the seal authority when a certified site breaks its privacy promise — it sells or shares your data, ignores your request to stop or to delete it,
        loses it in a security incident — or when a site shows a seal it does not hold. You need no account. A reviewer reads every complaint.
      </p>

      {seal && (
        <section aria-labelledby="about-heading" className="card max-w-2xl" data-testid="complaint-seal">
          <h2 id="about-heading" className="mt-0">
            About this seal
          </h2>
          <dl className="grid grid-cols-[8rem_1fr] gap-1 text-sm">
            <dt className="font-medium">Seal</dt>
            <dd className="font-mono">{seal.sealId}</dd>
            <dt className="font-medium">Holder</dt>
            <dd>{seal.holder.name}</dd>
            <dt className="font-medium">Site</dt>
            <dd>{seal.domains.join(', ')}</dd>
            <dt className="font-medium">Status</dt>
            <dd>
              <PublicSealStatus status={seal.status} />
            </dd>
          </dl>
          <p className="mt-2 text-sm">
            Not the right site? <Link href="/complaints/new">Report a concern about another website</Link>.
          </p>
        </section>
      )}
      {typed && !seal && (
        <p role="status" className="max-w-prose rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          We have no seal with the id “{typed.slice(0, 40)}”, so please type the website’s address below. If a site shows a badge with this id, choose “Seal displayed
          without certification”.
        </p>
      )}

      <ComplaintForm sealId={seal?.sealId} />

      <p className="max-w-prose text-sm text-slate-700">
        To keep the queue for real complaints, one connection can send {COMPLAINT_RATE_LIMITS.perAddress.max} complaints an hour and one email address{' '}
        {COMPLAINT_RATE_LIMITS.perEmail.max} a day.
      </p>
    </div>
  );
}
