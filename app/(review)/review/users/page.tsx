import type { Metadata } from 'next';
import Link from '@/components/link';
import { requirePageActor, getServiceContext } from '@/lib/auth/session';

import { listUsers, USERS_PAGE_SIZE, userListCursorParam, type UserListCursor, type UserListPage } from '@/lib/services/users/list-users';
import { FilterSelect } from '../_components/queue-controls';
import { CreateUserForm } from './create-user-form';
import { UserRowActions } from './user-row-actions';
import { formatDateTime } from '@/lib/format/dates';
import { viewerTimeZone } from '@/components/date-time';

export const metadata: Metadata = { title: 'Users' };

const roleOptions = [
  { value: 'applicant', label: 'Applicant' },
  { value: 'reviewer', label: 'Reviewer' },
  { value: 'admin', label: 'Administrator' },
] as const;
const statusOptions = [
  { value: 'active', label: 'Active' },
  { value: 'disabled', label: 'Disabled' },
] as const;

/** A link to another page of the same search: the filters travel with the cursor. */
function pageHref(filters: UserListPage['filters'], cursor: { after: UserListCursor } | { before: UserListCursor }) {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.role) params.set('role', filters.role);
  if (filters.status) params.set('status', filters.status);
  if ('after' in cursor) params.set('after', userListCursorParam(cursor.after));
  else params.set('before', userListCursorParam(cursor.before));
  return `/review/users?${params}`;
}

async function Moment({ value, none }: { value: Date | null; none: string }) {
  const zone = await viewerTimeZone();
  return value ? <time dateTime={value.toISOString()}>{formatDateTime(value, zone)}</time> : <>{none}</>;
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/review/users', 'admin');
  // The verb parses the query string itself (UserListQuery); parsed twice, a cursor would be lost.
  const list = await listUsers({ ctx: await getServiceContext(), input: await searchParams });
  const { filters } = list;
  const filtered = !!(filters.q || filters.role || filters.status);

  return (
    <div className="space-y-8">
      <h1>Users</h1>
      <CreateUserForm />
      <form method="get" className="card flex flex-wrap items-end gap-4 text-sm" aria-label="Search the users">
        <label className="flex flex-col">
          Name or email contains
          <input type="search" name="q" maxLength={100} defaultValue={filters.q ?? ''} className="field-input" />
        </label>
        <FilterSelect name="role" label="Role" anyLabel="Any role" value={filters.role} options={roleOptions} />
        <FilterSelect name="status" label="Status" anyLabel="Active or disabled" value={filters.status} options={statusOptions} />
        <button type="submit" className="btn-secondary">
          Search
        </button>
        {filtered && <Link href="/review/users">Clear</Link>}
      </form>
      {list.users.length === 0 ? (
        <p data-testid="users-empty">{filtered ? 'No account matches this search.' : 'No accounts here.'}</p>
      ) : (
        <table className="w-full border-collapse text-sm">
          <caption className="mb-2 text-left font-semibold">
            {filtered ? 'Accounts matching the search' : 'All accounts'}, newest first ({USERS_PAGE_SIZE} a page)
          </caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.users.map((user) => (
              <tr key={user.id} className="border-b border-slate-200 align-top [&>td]:py-2 [&>td]:pr-3" data-testid={`user-row-${user.email}`}>
                <td className="py-2">{user.name}</td>
                <td className="break-all">{user.email}</td>
                <td>{user.role}</td>
                <td>
                  {user.disabledAt ? 'Disabled' : 'Active'}
                  {!user.emailVerifiedAt && <span className="block text-xs text-amber-800">Address not verified</span>}
                  {user.hasSecondFactor && <span className="block text-xs text-slate-600">Second factor on</span>}
                </td>
                <td>
                  <Moment value={user.createdAt} none="—" />
                </td>
                <td data-testid="last-sign-in">
                  {/* Not "never": sign-ins before last_sign_in_at existed were not kept (ADR 0012). */}
                  <Moment value={user.lastSignInAt} none="None recorded" />
                </td>
                <td>
                  <UserRowActions user={user} isSelf={user.id === actor.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Pages of the users list" className="flex gap-4 text-sm">
        {list.previous && (
          <Link href={pageHref(filters, { before: list.previous })} rel="prev">
            ← Previous
          </Link>
        )}
        {list.next && (
          <Link href={pageHref(filters, { after: list.next })} rel="next">
            Next →
          </Link>
        )}
      </nav>
    </div>
  );
}
