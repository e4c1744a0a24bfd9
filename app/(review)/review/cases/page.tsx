import type { Metadata } from 'next';
import Link from 'next/link';
import { caseKinds } from '@/db/schema';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { nowDate } from '@/lib/clock';
import { caseKindLabels, caseStatusLabels, escalationWords } from '@/lib/cases/labels';
import { daysBetween } from '@/lib/cases/program-settings';
import { caseCounts, CaseQueueFilters, listCaseQueue, type CaseQueueItem } from '@/lib/cases/queue-queries';
import { CountsStrip, FilterBar, FilterSelect } from '../_components/queue-controls';

export const metadata: Metadata = { title: 'Cases' };

const views = [
  { value: 'mine', label: 'Assigned to me' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'overdue', label: 'Overdue' },
] as const;

function deadlineWords(item: CaseQueueItem, now: Date) {
  if (item.status !== 'awaiting_site_response' || !item.responseDueAt) return <span className="text-slate-600">—</span>;
  const due = item.responseDueAt.toISOString().slice(0, 10);
  if (!item.overdue) return <>Due {due}</>;
  const days = daysBetween(item.responseDueAt, now);
  return (
    <span className="font-semibold text-red-900" data-testid="case-overdue">
      Overdue since {due} ({days} {days === 1 ? 'day' : 'days'}) — {escalationWords(item.escalationLevel) ?? 'not escalated yet'}
    </span>
  );
}

/** Open cases: fast track first, then the most escalated and the nearest deadline. */
export default async function CasesQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/review/cases', 'reviewer');
  const filters = CaseQueueFilters.parse(await searchParams);
  const { db, clock } = await getRuntime();
  const now = nowDate(clock);
  const [items, counts] = await Promise.all([listCaseQueue(db, filters, actor.id, now), caseCounts(db, actor.id, now)]);
  const filtered = !!(filters.view || filters.kind);

  return (
    <div className="space-y-6">
      <h1>Cases</h1>
      <p className="-mt-4 text-slate-700">Open cases: fast-track ones first, then the overdue, then the nearest deadline. New complaints become cases from the complaints queue.</p>
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
        <FilterSelect name="view" label="Show" anyLabel="All open cases" value={filters.view} options={views} />
        <FilterSelect name="kind" label="Kind" anyLabel="All kinds" value={filters.kind} options={caseKinds.map((kind) => ({ value: kind, label: caseKindLabels[kind] }))} />
      </FilterBar>

      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left font-semibold">
          {items.length} {items.length === 1 ? 'case' : 'cases'}
          {filtered ? ' matching the filters' : ' open'}
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
            <tr key={item.id} data-testid={`case-row-${item.reference}`} className={`border-b border-slate-200 align-top [&>td]:py-2 ${item.overdue ? 'bg-red-50' : item.fastTrack ? 'bg-amber-50' : ''}`}>
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
              <td>{caseStatusLabels[item.status]}</td>
              <td>{deadlineWords(item, now)}</td>
              <td>{item.assignedName ?? <span className="text-slate-600">Nobody</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && <p className="text-slate-700">No open cases{filtered ? ' match these filters' : ''}.</p>}
    </div>
  );
}
