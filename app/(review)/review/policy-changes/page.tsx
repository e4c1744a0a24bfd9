import type { Metadata } from 'next';
import Link from '@/components/link';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { LIST_PAGE_SIZE } from '@/lib/lists/keyset';
import { formatDateTime } from '@/lib/format/dates';
import { listPolicyChanges } from '@/lib/services/policies/list-policy-changes';
import { Pager } from '../_components/pager';
import { BulkAcceptForm } from './bulk-accept-form';

export const metadata: Metadata = { title: 'Policy changes' };

const kinds = [
  { value: 'editorial', label: 'Editorial' },
  { value: 'material', label: 'Material' },
  { value: 'all', label: 'All' },
] as const;

/** The policy changes the monitor found and nobody accepted yet (issue #16); editorial ones are accepted in bulk here. */
export default async function PolicyChangesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/review/policy-changes', 'reviewer');
  const list = await listPolicyChanges({ ctx: await getServiceContext(), input: await searchParams });
  const { kind } = list.filters;
  const rows = list.changes.map((change) => ({
    id: change.id,
    fetchedAt: change.fetchedAt.toISOString(),
    fetchedAtText: formatDateTime(change.fetchedAt, actor.timeZone),
    classification: change.classification,
    publicId: change.publicId,
    holder: change.holder,
    added: change.size.added,
    removed: change.size.removed,
    touches: [...new Set(change.matches.map((match) => match.label))].join(', '),
    explained: change.explained,
    conflicted: change.conflicted,
  }));
  return (
    <div className="space-y-6">
      <h1>Policy changes</h1>
      <p className="max-w-prose">
        Certified privacy policies that changed since they were certified. A material change also opened a monitor complaint; an editorial one waits here until a reviewer accepts
        the new text as the certified one. Open a seal to read its change side by side with the certified text.
      </p>
      <nav aria-label="Which changes" className="flex gap-4 text-sm">
        {kinds.map((option) =>
          option.value === kind ? (
            <strong key={option.value} aria-current="page">
              {option.label}
            </strong>
          ) : (
            <Link key={option.value} href={`/review/policy-changes?kind=${option.value}`}>
              {option.label}
            </Link>
          ),
        )}
      </nav>
      <BulkAcceptForm rows={rows} caption={`Open ${kind === 'all' ? '' : `${kind} `}changes, newest first (${LIST_PAGE_SIZE} a page)`} empty={`No open ${kind === 'all' ? '' : `${kind} `}change.`} />
      <Pager label="Policy changes pages" path="/review/policy-changes" filters={{ kind }} previous={list.previous} next={list.next} />
    </div>
  );
}
