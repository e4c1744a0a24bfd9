import type { Metadata } from 'next';
import Link from '@/components/link';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { formatCappedCount } from '@/lib/lists/capped-count';
import type { DashboardKey, DashboardNumber } from '@/lib/review/workspace-counts';
import { readStaffDashboard } from '@/lib/services/reviews/read-staff-dashboard';

export const metadata: Metadata = { title: 'Dashboard' };

/** The numbers by job: what is late first, then what is the reader's, then what waits for someone. */
const GROUPS: { title: string; keys: DashboardKey[] }[] = [
  { title: 'Overdue', keys: ['overdueCases'] },
  { title: 'Assigned to you', keys: ['myApplications', 'myCases'] },
  { title: 'New', keys: ['fastTrackComplaints'] },
  { title: 'Waiting for a decision', keys: ['casesAwaitingDecision', 'appealsAwaitingDecision', 'revocationsToConfirm'] },
  { title: 'Coming up', keys: ['sealsExpiringSoon'] },
];

function NumberCard({ number, urgent }: { number: DashboardNumber; urgent: boolean }) {
  const some = number.count.n > 0;
  return (
    <li>
      {/* The number and what it counts are one link: its name reads "3 Cases past …". */}
      <Link
        href={number.href}
        data-testid={`dashboard-${number.key}`}
        className={`flex h-full flex-col gap-1 rounded-lg border p-4 no-underline shadow-sm hover:bg-slate-50 ${some && urgent ? 'border-red-300 bg-red-50' : 'border-slate-200 bg-white'}`}
      >
        <span className={`text-3xl font-semibold ${some ? 'text-slate-900' : 'text-slate-500'}`} data-testid="dashboard-count">
          {formatCappedCount(number.count)}
        </span>
        <span className="text-sm text-slate-800">{number.label}</span>
      </Link>
    </li>
  );
}

/**
 * Where reviewers and admins land after signing in (ADR 0015): each number is the count of a
 * filtered list's rows, and links to that list.
 */
export default async function StaffDashboardPage() {
  const actor = await requirePageActor('/review/dashboard', 'reviewer');
  const numbers = await readStaffDashboard({ ctx: await getServiceContext() });
  return (
    <div className="space-y-6">
      <h1>Dashboard</h1>
      <p className="-mt-4 text-slate-700">
        {actor.name}, this is what needs attention. Each number opens the list of exactly those records. The applications waiting for anyone are in the <Link href="/review">review queue</Link>.
      </p>
      {GROUPS.map((group) => (
        <section key={group.title} aria-labelledby={`dashboard-group-${group.keys[0]}`}>
          <h2 id={`dashboard-group-${group.keys[0]}`}>{group.title}</h2>
          <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {group.keys.map((key) => (
              <NumberCard key={key} number={numbers[key]} urgent={group.title === 'Overdue'} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
