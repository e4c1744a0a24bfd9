import type { Metadata } from 'next';
import { asc } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { CreateUserForm } from './create-user-form';
import { UserRowActions } from './user-row-actions';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const actor = await requirePageActor('/review/users', 'admin');
  const { db } = await getRuntime();
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .orderBy(asc(users.email));

  return (
    <div className="space-y-8">
      <h1>Users</h1>
      <CreateUserForm />
      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left font-semibold">All accounts ({rows.length})</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-2">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-b border-slate-200 align-top [&>td]:py-2" data-testid={`user-row-${row.email}`}>
              <td className="py-2">{row.name}</td>
              <td>{row.email}</td>
              <td>{row.role}</td>
              <td>{row.disabledAt ? 'Disabled' : 'Active'}</td>
              <td>
                <UserRowActions userId={row.id} email={row.email} role={row.role} disabled={!!row.disabledAt} isSelf={row.id === actor.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
