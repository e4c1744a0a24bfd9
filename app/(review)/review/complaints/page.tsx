import type { Metadata } from 'next';
import { CaseStatusBadge } from '@/components/state-badge';
import Link from '@/components/link';
import type { ComplaintCategory, ComplaintSource } from '@/db/schema';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { caseOutcomeLabels } from '@/lib/cases/decision-labels';
import { complaintCategoryLabels, complaintSourceLabels, complaintStatusReviewerLabels, dismissalReasonLabels } from '@/lib/complaints/labels';
import { formatCappedCount } from '@/lib/lists/capped-count';
import { LIST_PAGE_SIZE, MIN_SEARCH_LENGTH } from '@/lib/lists/keyset';
import { complaintCounts, listComplaintsForReview, type ComplaintListEntry } from '@/lib/services/complaints/list-complaints';
import { CountsStrip, FilterBar, FilterSelect, SearchField } from '../_components/queue-controls';
import { ExportLink, Pager } from '../_components/pager';
import { DateTime } from '@/components/date-time';
import { nowDate } from '@/lib/clock';

export const metadata: Metadata = { title: 'Complaints' };

const categories = Object.keys(complaintCategoryLabels) as ComplaintCategory[];
const sources = Object.keys(complaintSourceLabels) as ComplaintSource[];
const states = [
  { value: 'in_case', label: 'In a case (opened or merged)' },
  { value: 'dismissed', label: 'Dismissed' },
  { value: 'all', label: 'All complaints' },
] as const;

const captions = {
  new: 'New complaints, fast track first, then the oldest first',
  in_case: 'Complaints in a case, newest first',
  dismissed: 'Dismissed complaints, newest first',
  all: 'All complaints, newest first',
} as const;

/** What became of a complaint that is no longer new: the dismissal's reason, or its case and the case's outcome. */
function Outcome({ item }: { item: ComplaintListEntry }) {
  if (item.status === 'dismissed') {
    return (
      <>
        Dismissed
        {item.dismissedAt && (
          <>
            {' '}
            on <DateTime value={item.dismissedAt} style="date" />
          </>
        )}
        {item.dismissalReason && <div className="text-xs text-slate-600">{dismissalReasonLabels[item.dismissalReason]}</div>}
      </>
    );
  }
  if (item.status === 'in_case' && item.caseReference) {
    return (
      <>
        In case {item.conflicted ? <span className="font-mono">{item.caseReference}</span> : <Link href={`/review/cases/${item.caseReference}`} className="font-mono">{item.caseReference}</Link>}
        <div className="text-xs text-slate-600">
          {item.caseStatus && <CaseStatusBadge status={item.caseStatus} reader="staff" />}
          {item.caseOutcome && ` — ${caseOutcomeLabels[item.caseOutcome]}${item.caseOutcomeState === 'proposed' ? ' (proposed, awaiting confirmation)' : ''}`}
        </div>
      </>
    );
  }
  return <>{complaintStatusReviewerLabels[item.status]}</>;
}

/** The triage queue by default (new complaints, fast track first, then oldest first); the complaints' record on the other views. */
export default async function ComplaintsQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageActor('/review/complaints', 'reviewer');
  const ctx = await getServiceContext();
  // The verb parses the query string itself (ComplaintListQuery); parsed twice, a cursor would be lost.
  const [list, counts] = await Promise.all([listComplaintsForReview({ ctx, input: await searchParams }), complaintCounts({ ctx })]);
  const { filters } = list;
  const items = list.complaints;
  const narrowed = !!(filters.category || filters.source || filters.track || (filters.q && !list.searchTooShort));
  const linkFilters = { state: filters.state === 'new' ? undefined : filters.state, category: filters.category, source: filters.source, track: filters.track, q: filters.q };

  return (
    <div className="space-y-6">
      <h1>Complaints</h1>
      <p className="-mt-4 text-slate-700">The triage queue: new complaints, fast-track ones first, then the oldest first. Choose another state to find complaints already dismissed or in a case.</p>
      <CountsStrip
        label="Complaints by status"
        testId="complaint-counts"
        counts={[
          ...(['new', 'dismissed', 'in_case'] as const).map((status) => ({ label: complaintStatusReviewerLabels[status], value: formatCappedCount(counts[status]) })),
          { label: 'New on the fast track', value: formatCappedCount(counts.fastTrack) },
        ]}
      />
      <p className="text-sm">
        <Link href="/review/complaints/new">Log a complaint</Link> received by mail, from a regulator or from a monitoring tool.
      </p>

      <FilterBar label="Filter the complaints" clearHref="/review/complaints">
        <SearchField label="Reference, domain or organization" value={filters.q} />
        <FilterSelect name="state" label="State" anyLabel="New (to triage)" value={filters.state === 'new' ? undefined : filters.state} options={states} />
        <FilterSelect name="category" label="Category" anyLabel="All categories" value={filters.category} options={categories.map((category) => ({ value: category, label: complaintCategoryLabels[category] }))} />
        <FilterSelect name="source" label="Source" anyLabel="All sources" value={filters.source} options={sources.map((source) => ({ value: source, label: complaintSourceLabels[source] }))} />
        <label className="flex items-center gap-2">
          <input type="checkbox" name="track" value="fast" defaultChecked={filters.track === 'fast'} /> Fast track only
        </label>
      </FilterBar>
      {list.searchTooShort && (
        <p className="text-sm text-amber-900" data-testid="search-too-short">
          Type at least {MIN_SEARCH_LENGTH} characters to search: the list below is not narrowed by “{filters.q}”.
        </p>
      )}

      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left font-semibold">
          {captions[filters.state]}
          {narrowed ? ', matching the filters' : ''} ({LIST_PAGE_SIZE} a page)
        </caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-2">Reference</th>
            <th scope="col">Site</th>
            <th scope="col">Category</th>
            <th scope="col">Source</th>
            <th scope="col">Received</th>
            {filters.state !== 'new' && <th scope="col">Outcome</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid={`complaint-row-${item.reference}`} className={`border-b border-slate-200 align-top [&>td]:py-2 ${item.fastTrack && item.status === 'new' ? 'bg-amber-50' : ''}`}>
              <td className="font-mono">
                {item.conflicted ? item.reference : <Link href={`/review/complaints/${item.reference}`}>{item.reference}</Link>}
                {item.fastTrack && item.status === 'new' && (
                  <div className="mt-1 inline-block rounded border border-amber-500 bg-amber-100 px-1 font-sans text-xs font-semibold text-amber-950">Fast track: data sale by a seal holder</div>
                )}
              </td>
              <td>
                {item.site}
                {item.sealPublicId && <div className="font-mono text-xs text-slate-600">{item.sealPublicId}</div>}
                {item.organizationName && <div className="text-xs text-slate-600">{item.organizationName}</div>}
                {item.conflicted && <div className="text-xs text-slate-700">You have a conflict of interest: another reviewer handles it.</div>}
              </td>
              <td>
                {complaintCategoryLabels[item.category]}
                {item.evidenceFiles > 0 && (
                  <div className="text-xs text-slate-600">
                    {item.evidenceFiles} evidence {item.evidenceFiles === 1 ? 'file' : 'files'}
                  </div>
                )}
              </td>
              <td>{complaintSourceLabels[item.source]}</td>
              <td>
                <DateTime value={item.createdAt} style="date" relativeTo={nowDate(ctx.clock)} />
              </td>
              {filters.state !== 'new' && (
                <td data-testid="complaint-outcome">
                  <Outcome item={item} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && <p className="text-slate-700">{filters.state === 'new' ? 'No new complaints' : 'No complaints'}{narrowed ? ' match these filters' : ''}.</p>}
      <Pager label="Pages of the complaints list" path="/review/complaints" filters={linkFilters} previous={list.previous} next={list.next} />
      <ExportLink path="/review/complaints" filters={linkFilters} />
    </div>
  );
}
