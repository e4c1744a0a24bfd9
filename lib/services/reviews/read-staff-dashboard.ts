import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { dashboardCounts } from '@/lib/review/workspace-counts';
import type { ServiceContext } from '../context';

/**
 * The staff dashboard (`/review/dashboard`): for the reviewer or admin reading it, what is overdue,
 * what is assigned to them, new fast-track complaints, cases waiting for a decision or for a second
 * person's confirmation, and seals expiring within 30 days. Each is a capped count of the rows of the
 * list it links to (lib/review/workspace-counts.ts), so following a number shows exactly those rows.
 */
export async function readStaffDashboard({ ctx }: { ctx: ServiceContext }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  return dashboardCounts(ctx.db, actor.id, nowDate(ctx.clock));
}

export type StaffDashboard = Awaited<ReturnType<typeof readStaffDashboard>>;
