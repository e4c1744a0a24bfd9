import type { Metadata } from 'next';
import Link from 'next/link';
import type { ComplaintCategory, ComplaintSource } from '@/db/schema';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { nowDate } from '@/lib/clock';
import { complaintCategoryLabels, complaintSourceLabels, complaintStatusReviewerLabels } from '@/lib/complaints/labels';
import { complaintCounts, listTriageQueue, TriageFilters } from '@/lib/complaints/review-queries';
import { CountsStrip, FilterBar, FilterSelect } from '../_components/queue-controls';

export const metadata: Metadata = { title: 'Complaints' };

const categories = Object.keys(complaintCategoryLabels) as ComplaintCategory[];
const sources = Object.keys(complaintSourceLabels) as ComplaintSource[];

/** The triage queue: new complaints, fast track first, then oldest first. */
export default async function ComplaintsQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/review/complaints', 'reviewer');
  const filters = TriageFilters.parse(await searchParams);
  const { db, clock } = await getRuntime();
  const [items, counts] = await Promise.all([listTriageQueue(db, filters, actor.id, nowDate(clock)), complaintCounts(db)]);
  const fastTrack = items.filter((item) => item.fastTrack).length;

  return (
    <div className="space-y-6">
      <h1>Complaints</h1>
      <p className="-mt-4 text-slate-700">The triage queue: new complaints, fast-track ones first, then the oldest first.</p>
      <CountsStrip
        label="Complaints by status"
        testId="complaint-counts"
        counts={[
          ...(['new', 'dismissed', 'in_case'] as const).map((status) => ({ label: complaintStatusReviewerLabels[status], value: counts[status] })),
          { label: 'New on the fast track', value: counts.fastTrack },
        ]}
      />
      <p className="text-sm">
        <Link href="/review/complaints/new">Log a complaint</Link> received by mail, from a regulator or from a monitoring tool.
      </p>

      <FilterBar label="Filter the complaints" clearHref="/review/complaints">
        <FilterSelect name="category" label="Category" anyLabel="All categories" value={filters.category} options={categories.map((category) => ({ value: category, label: complaintCategoryLabels[category] }))} />
        <FilterSelect name="source" label="Source" anyLabel="All sources" value={filters.source} options={sources.map((source) => ({ value: source, label: complaintSourceLabels[source] }))} />
      </FilterBar>

      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left font-semibold">
          {items.length} new {items.length === 1 ? 'complaint' : 'complaints'}
          {fastTrack > 0 ? ` — ${fastTrack} on the fast track` : ''}
        </caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-2">Reference</th>
            <th scope="col">Site</th>
            <th scope="col">Category</th>
            <th scope="col">Source</th>
            <th scope="col">Received</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid={`complaint-row-${item.reference}`} className={`border-b border-slate-200 align-top [&>td]:py-2 ${item.fastTrack ? 'bg-amber-50' : ''}`}>
              <td className="font-mono">
                {item.conflicted ? item.reference : <Link href={`/review/complaints/${item.reference}`}>{item.reference}</Link>}
                {item.fastTrack && <div className="mt-1 inline-block rounded border border-amber-500 bg-amber-100 px-1 font-sans text-xs font-semibold text-amber-950">Fast track: data sale by a seal holder</div>}
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
                {item.createdAt.toISOString().slice(0, 10)} ({item.ageDays} {item.ageDays === 1 ? 'day' : 'days'} ago)
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && <p className="text-slate-700">No new complaints{filters.category || filters.source ? ' match these filters' : ''}.</p>}
    </div>
  );
}
