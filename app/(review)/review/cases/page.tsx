import type { Metadata } from 'next';
import { CaseStatusBadge } from '@/components/state-badge';
import Link from '@/components/link';
import { caseKinds, caseStatuses } from '@/db/schema';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { nowDate } from '@/lib/clock';
import { caseKindLabels, caseStatusLabels, escalationWords } from '@/lib/cases/labels';
import { caseOutcomeLabels } from '@/lib/cases/decision-labels';
import { daysBetween } from '@/lib/cases/program-settings';
import { LIST_PAGE_SIZE, MIN_SEARCH_LENGTH } from '@/lib/lists/keyset';
import { caseCounts, listCasesForReview, type CaseListEntry } from '@/lib/services/cases/list-cases';
import { CountsStrip, FilterBar, FilterSelect, SearchField } from '../_components/queue-controls';
import { ExportLink, Pager } from '../_components/pager';
import { DateTime, viewerTimeZone } from '@/components/date-time';
import { formatDateTime, type TimeZone } from '@/lib/format/dates';

export const metadata: Metadata = { title: 'Cases' };

const views = [
  { value: 'mine', label: 'Assigned to me' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'confirmation', label: 'Revocation waiting for confirmation' },
] as const;
const states = [...caseStatuses.map((status) => ({ value: status, label: caseStatusLabels[status] })), { value: 'all', label: 'All cases, closed included' }];

function deadlineWords(item: CaseListEntry, now: Date, zone: TimeZone) {
  if (item.status !== 'awaiting_site_response' || !item.responseDueAt) return <span className="text-slate-600">—</span>;
  const due = formatDateTime(item.responseDueAt, zone);
  if (!item.overdue) return <>Due {due}</>;
  const days = daysBetween(item.responseDueAt, now);
  return (
    <span className="font-semibold text-red-900" data-testid="case-overdue">
      Overdue since {due} ({days} {days === 1 ? 'day' : 'days'}) — {escalationWords(item.escalationLevel) ?? 'not escalated yet'}
    </span>
  );
}

/** Cases not closed by default: fast track first, then the most escalated and the nearest deadline; closed cases on request. */
export default async function CasesQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageActor('/review/cases', 'reviewer');
  const ctx = await getServiceContext();
  const now = nowDate(ctx.clock);
  const zone = await viewerTimeZone();
  // The verb parses the query string itself (CaseListQuery); parsed twice, a cursor would be lost.
  const [list, counts] = await Promise.all([listCasesForReview({ ctx, input: await searchParams }), caseCounts({ ctx })]);
  const { filters } = list;
  const items = list.cases;
  const narrowed = !!(filters.view || filters.kind || (filters.q && !list.searchTooShort));
  const record = filters.state === 'closed' || filters.state === 'all';
  const what = !filters.state ? 'Open cases' : filters.state === 'all' ? 'All cases' : `Cases — ${caseStatusLabels[filters.state]}`;

  return (
    <div className="space-y-6">
      <h1>Cases</h1>
      <p className="-mt-4 text-slate-700">Open cases: fast-track ones first, then the overdue, then the nearest deadline. New complaints become cases from the complaints queue. Choose a state to find closed cases.</p>
      <CountsStrip
        label="Open cases"
        testId="case-counts"
        counts={[
          ...(['open', 'awaiting_site_response', 'in_review', 'decided', 'appealed'] as const).map((status) => ({ label: caseStatusLabels[status], value: counts[status] ?? 0 })),
          { label: 'Fast track', value: counts.fastTrack },
          { label: 'Overdue', value: counts.overdue },
          { label: 'Unassigned', value: counts.unassigned },
          { label: 'Yours', value: counts.mine },
        ]}
      />

      <FilterBar label="Filter the cases" clearHref="/review/cases">
        <SearchField label="Reference, domain or organization" value={filters.q} />
        <FilterSelect name="state" label="State" anyLabel="Not closed" value={filters.state} options={states} />
        <FilterSelect name="view" label="Show" anyLabel="Anyone’s" value={filters.view} options={views} />
        <FilterSelect name="kind" label="Kind" anyLabel="All kinds" value={filters.kind} options={caseKinds.map((kind) => ({ value: kind, label: caseKindLabels[kind] }))} />
      </FilterBar>
      {list.searchTooShort && (
        <p className="text-sm text-amber-900" data-testid="search-too-short">
          Type at least {MIN_SEARCH_LENGTH} characters to search: the list below is not narrowed by “{filters.q}”.
        </p>
      )}

      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left font-semibold">
          {what}
          {narrowed ? ' matching the filters' : ''}, {record ? 'newest first' : 'fast track, overdue and due first'} ({LIST_PAGE_SIZE} a page)
        </caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-2">Reference</th>
            <th scope="col">About</th>
            <th scope="col">Status</th>
            <th scope="col">Deadline</th>
            <th scope="col">Assigned to</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid={`case-row-${item.reference}`} className={`border-b border-slate-200 align-top [&>td]:py-2 ${item.overdue ? 'bg-red-50' : item.fastTrack && item.status !== 'closed' ? 'bg-amber-50' : ''}`}>
              <td className="font-mono">
                {item.conflicted ? item.reference : <Link href={`/review/cases/${item.reference}`}>{item.reference}</Link>}
                <div className="font-sans text-xs text-slate-600">{caseKindLabels[item.kind]}</div>
                {item.fastTrack && <div className="mt-1 inline-block rounded border border-amber-500 bg-amber-100 px-1 font-sans text-xs font-semibold text-amber-950">Fast track</div>}
              </td>
              <td>
                {item.title}
                <div className="text-xs text-slate-600">
                  {item.organizationName}
                  {item.sealPublicId && <span className="font-mono"> · {item.sealPublicId}</span>}
                  {item.complaints > 0 && ` · ${item.complaints} ${item.complaints === 1 ? 'complaint' : 'complaints'}`}
                </div>
                {item.conflicted && <div className="text-xs text-slate-700">You have a conflict of interest: another reviewer handles it.</div>}
              </td>
              <td data-testid="case-status">
                <CaseStatusBadge status={item.status} reader="staff" />
                {item.status === 'closed' && item.closedAt && (
                  <>
                    {' '}
                    on <DateTime value={item.closedAt} style="date" />
                  </>
                )}
                {item.outcome && <div className="text-xs text-slate-600">{caseOutcomeLabels[item.outcome]}</div>}
              </td>
              <td>{deadlineWords(item, now, zone)}</td>
              <td>{item.assignedName ?? <span className="text-slate-600">Nobody</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && <p className="text-slate-700">No {filters.state ? '' : 'open '}cases{narrowed || filters.state ? ' match these filters' : ''}.</p>}
      <Pager label="Pages of the case list" path="/review/cases" filters={filters} previous={list.previous} next={list.next} />
      <ExportLink path="/review/cases" filters={filters} />
    </div>
  );
}
