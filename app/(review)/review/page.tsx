import type { Metadata } from 'next';
import Link from '@/components/link';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { hasRole } from '@/lib/auth/actor';
import { formatCappedCount } from '@/lib/lists/capped-count';
import { LIST_PAGE_SIZE, MIN_SEARCH_LENGTH } from '@/lib/lists/keyset';
import { listAssignableReviewers, listProgramsForFilter } from '@/lib/review/queue';
import { applicationCounts, listReviewQueue } from '@/lib/services/reviews/list-review-queue';
import { ActionButton } from '@/components/action-button';
import { applicationStatusText, StatusBadge } from '@/components/status';
import { applicationStatuses } from '@/db/schema';
import { claimAction } from './applications/actions';
import { AssignForm } from './applications/assign-form';
import { CountsStrip, FilterBar, FilterSelect, SearchField } from './_components/queue-controls';
import { Pager } from './_components/pager';
import { DateTime } from '@/components/date-time';
import { nowDate } from '@/lib/clock';

export const metadata: Metadata = { title: 'Review queue' };

const assignments = [
  { value: 'me', label: 'Assigned to me' },
  { value: 'unassigned', label: 'Unassigned' },
] as const;

export default async function ReviewQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/review', 'reviewer');
  const ctx = await getServiceContext();
  const isAdmin = hasRole(actor, 'admin');
  // The verb parses the query string itself (ReviewQueueQuery); parsed twice, a cursor would be lost.
  const [list, counts, programList, reviewers] = await Promise.all([
    listReviewQueue({ ctx, input: await searchParams }),
    applicationCounts({ ctx }),
    listProgramsForFilter(ctx.db),
    isAdmin ? listAssignableReviewers(ctx.db) : Promise.resolve([]),
  ]);
  const { filters } = list;
  const items = list.applications;
  const overdue = items.filter((item) => item.overdue).length;
  const linkFilters = { ...filters, olderThanDays: filters.olderThanDays?.toString() };

  return (
    <div className="space-y-6">
      <h1>Review queue</h1>
      <p className="-mt-4 text-slate-700">Submitted applications and those in review, oldest first. What needs your attention across the workspace is on the <Link href="/review/dashboard">dashboard</Link>.</p>
      <CountsStrip label="Applications by status" testId="status-counts" counts={applicationStatuses.map((status) => ({ label: applicationStatusText(status), value: formatCappedCount(counts[status]) }))} />
      <p className="text-sm">
        <Link href="/review/conflicts">Conflicts of interest</Link>
        {' · '}
        <Link href="/review/seals">All seals</Link>
      </p>

      <FilterBar label="Filter the queue" clearHref="/review">
        <SearchField label="Domain or organization" value={filters.q} />
        <FilterSelect name="program" label="Program" anyLabel="All programs" value={filters.program} options={programList.map((program) => ({ value: program.id, label: program.name }))} />
        <label className="flex flex-col">
          Waiting longer than (days)
          <input type="number" name="olderThanDays" min={1} defaultValue={filters.olderThanDays ?? ''} className="field-input w-28" />
        </label>
        <FilterSelect name="assigned" label="Assignment" anyLabel="Anyone or no one" value={filters.assigned} options={assignments} />
        <label className="flex items-center gap-2">
          <input type="checkbox" name="kind" value="renewal" defaultChecked={filters.kind === 'renewal'} /> Renewals only
        </label>
      </FilterBar>
      {list.searchTooShort && (
        <p className="text-sm text-amber-900" data-testid="search-too-short">
          Type at least {MIN_SEARCH_LENGTH} characters to search: the list below is not narrowed by “{filters.q}”.
        </p>
      )}

      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left font-semibold">
          Applications waiting or in review, oldest first ({LIST_PAGE_SIZE} a page){overdue > 0 ? ` — ${overdue} overdue on this page` : ''}
        </caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-2">Site</th>
            <th scope="col">Organization</th>
            <th scope="col">Status</th>
            <th scope="col">Submitted</th>
            <th scope="col">Reviewer</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid={`queue-row-${item.domain}`} className={`border-b border-slate-200 align-top [&>td]:py-2 ${item.overdue ? 'bg-red-50' : ''}`}>
              <td>
                <Link href={`/review/applications/${item.id}`}>{item.domain}</Link>
                <div className="text-xs text-slate-600">
                  {item.programName}
                  {item.kind === 'renewal' && <span className="ml-1 rounded border border-slate-300 px-1">Renewal</span>}
                </div>
              </td>
              <td>{item.organizationName}</td>
              <td>
                <StatusBadge status={item.status} />
              </td>
              <td>
                {item.submittedAt && <DateTime value={item.submittedAt} style="date" relativeTo={nowDate(ctx.clock)} />}
                {item.overdue && (
                  <div className="mt-1 inline-block rounded border border-red-400 bg-red-100 px-1 text-xs font-semibold text-red-900">Overdue: waiting more than {item.reviewOverdueDays} days</div>
                )}
              </td>
              <td>{item.assigneeName ?? <span className="text-slate-600">Unassigned</span>}</td>
              <td className="space-y-1">
                {item.conflicted ? (
                  <span className="text-xs text-slate-700">You have a conflict of interest</span>
                ) : (
                  (!item.assignedReviewerId || (item.status === 'submitted' && item.assignedReviewerId === actor.id)) && (
                    <ActionButton action={claimAction} fields={{ applicationId: item.id }} label="Claim" ariaLabel={`Claim the application for ${item.domain}`} />
                  )
                )}
                {isAdmin && <AssignForm applicationId={item.id} label={item.domain} reviewers={reviewers} current={item.assignedReviewerId} />}
              </td>
            </tr>
          ))}
          {items.length === 0 && (
            <tr>
              <td colSpan={6} className="py-4 text-slate-600">
                Nothing waiting that matches these filters.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager label="Pages of the review queue" path="/review" filters={linkFilters} previous={list.previous} next={list.next} />
    </div>
  );
}
