import Link from '@/components/link';
import { getActor } from '@/lib/auth/session';
import { hasRole } from '@/lib/auth/actor';
import { getRuntime } from '@/lib/runtime';
import { nowDate } from '@/lib/clock';
import { workspaceCounts } from '@/lib/review/workspace-counts';
import { StaffSearchBox } from '@/components/staff-search-box';
import { formatCappedCount, type CappedCount } from '@/lib/lists/capped-count';

type Item = { href: string; label: string; count?: CappedCount; countLabel?: string };

function MenuGroup({ title, items }: { title: string; items: Item[] }) {
  return (
    <div>
      <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      <ul className="space-y-0.5">
        {items.map((item) => (
          <li key={item.href} className="flex items-center justify-between gap-2 rounded px-2 py-1 hover:bg-slate-100">
            <Link href={item.href} className="text-slate-800 no-underline">
              {item.label}
            </Link>
            {/* Outside the link: its name stays the item's, and the number says what it counts. */}
            {item.count !== undefined && item.count.n > 0 && (
              <span className="rounded-full bg-amber-100 px-2 text-xs font-semibold text-amber-900" title={item.countLabel} aria-label={`${formatCappedCount(item.count)} ${item.countLabel}`}>
                {formatCappedCount(item.count)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The staff workspace: a menu grouped by job beside the page, with the numbers that need action.
 * People who are not staff see the page alone (it refuses or redirects them itself).
 */
export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const actor = await getActor();
  if (!hasRole(actor, 'reviewer')) return <div className="mx-auto max-w-5xl px-4 py-8">{children}</div>;
  const { db, clock } = await getRuntime();
  const counts = await workspaceCounts(db, actor!.id, nowDate(clock));
  const isAdmin = hasRole(actor, 'admin');
  const work: Item[] = [
    { href: '/review/dashboard', label: 'Dashboard' },
    { href: '/review', label: 'Review queue', count: counts.applicationsWaiting, countLabel: 'applications waiting' },
    { href: '/review/complaints', label: 'Complaints', count: counts.complaintsToTriage, countLabel: 'complaints to triage' },
    { href: '/review/cases', label: 'Cases', count: counts.myOpenCases, countLabel: 'open cases assigned to you' },
    { href: '/review/policy-changes', label: 'Policy changes' },
    { href: '/review/conflicts', label: 'Conflicts of interest' },
  ];
  const records: Item[] = [{ href: '/review/seals', label: 'Seals' }, ...(isAdmin ? [{ href: '/review/audit', label: 'Audit' }] : [])];
  const administration: Item[] = isAdmin
    ? [
        { href: '/review/users', label: 'Users' },
        { href: '/review/api-keys', label: 'API keys' },
        { href: '/review/programs', label: 'Criteria' },
        { href: '/review/outbox', label: 'Outbox' },
        { href: '/review/settings', label: 'Settings' },
      ]
    : [];
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 md:flex-row">
      <aside className="md:w-56 md:shrink-0">
        {/* Phones: the menu folds behind a button (no script: a checkbox and its label). */}
        <input type="checkbox" id="staff-menu-toggle" className="peer sr-only md:hidden" aria-label="Show the staff menu" />
        <label htmlFor="staff-menu-toggle" className="btn-secondary inline-block cursor-pointer md:hidden">
          Menu
        </label>
        <nav aria-label="Staff" className="hidden space-y-4 text-sm peer-checked:block md:block">
          <StaffSearchBox />
          <MenuGroup title="Work" items={work} />
          {records.length > 0 && <MenuGroup title="Records" items={records} />}
          {administration.length > 0 && <MenuGroup title="Administration" items={administration} />}
          {counts.deadlinesThisWeek.n > 0 && (
            <p className="rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900" data-testid="deadlines-this-week">
              {formatCappedCount(counts.deadlinesThisWeek)} case {counts.deadlinesThisWeek.n === 1 && !counts.deadlinesThisWeek.more ? 'deadline falls' : 'deadlines fall'} within seven days or passed.
            </p>
          )}
        </nav>
      </aside>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
