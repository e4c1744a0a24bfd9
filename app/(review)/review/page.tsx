import type { Metadata } from 'next';
import Link from 'next/link';
import { count } from 'drizzle-orm';
import { organizations, users } from '@/db/schema';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { hasRole } from '@/lib/auth/actor';

export const metadata: Metadata = { title: 'Reviewer dashboard' };

export default async function ReviewDashboardPage() {
  const actor = await requirePageActor('/review', 'reviewer');
  const { db } = await getRuntime();
  const [[userCount], [orgCount]] = await Promise.all([db.select({ n: count() }).from(users), db.select({ n: count() }).from(organizations)]);
  return (
    <div>
      <h1>Reviewer dashboard</h1>
      <dl className="grid max-w-md grid-cols-2 gap-2">
        <dt>Organizations</dt>
        <dd>{orgCount?.n ?? 0}</dd>
        <dt>Accounts</dt>
        <dd>{userCount?.n ?? 0}</dd>
      </dl>
      {hasRole(actor, 'admin') && (
        <p className="mt-6">
          <Link href="/review/users">Manage users</Link>
        </p>
      )}
    </div>
  );
}
