import type { Metadata } from 'next';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { hasRole } from '@/lib/auth/actor';
import { listConflictDeclarations, listOrganizationsForConflicts } from '@/lib/review/admin-lists';
import { ActionButton } from '@/components/action-button';
import { withdrawConflictAction } from './actions';
import { DeclareConflictForm } from './declare-form';
import { DateTime } from '@/components/date-time';

export const metadata: Metadata = { title: 'Conflicts of interest' };

export default async function ConflictsPage() {
  const actor = await requirePageActor('/review/conflicts', 'reviewer');
  const { db } = await getRuntime();
  const isAdmin = hasRole(actor, 'admin');
  const [declarations, organizations] = await Promise.all([listConflictDeclarations(db, isAdmin ? undefined : actor.id), listOrganizationsForConflicts(db)]);
  return (
    <div className="space-y-8">
      <h1>Conflicts of interest</h1>
      <p className="max-w-2xl text-sm">
        A reviewer tied to an organization — paid by it, related to someone in it, competing with it — must not assess its applications. Declare the tie here; while it stands, you cannot claim, assess or
        decide that organization’s applications. Members of an organization are barred from its applications without a declaration.
      </p>
      <DeclareConflictForm organizations={organizations} />
      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left font-semibold">{isAdmin ? `All declarations (${declarations.length})` : `Your declarations (${declarations.length})`}</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            {isAdmin && <th scope="col" className="py-2">Reviewer</th>}
            <th scope="col" className="py-2">Organization</th>
            <th scope="col">Reason</th>
            <th scope="col">Declared</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {declarations.map(({ declaration, reviewerName, reviewerEmail, organizationName }) => (
            <tr key={declaration.id} className="border-b border-slate-200 align-top [&>td]:py-2" data-testid={`conflict-${organizationName}`}>
              {isAdmin && (
                <td>
                  {reviewerName} <span className="text-slate-600">({reviewerEmail})</span>
                </td>
              )}
              <td>{organizationName}</td>
              <td className="whitespace-pre-wrap">{declaration.reason}</td>
              <td><DateTime value={declaration.declaredAt} style="date" /></td>
              <td>
                {declaration.withdrawnAt ? (
                  <>
                    Withdrawn <DateTime value={declaration.withdrawnAt} style="date" />
                  </>
                ) : declaration.reviewerId === actor.id ? (
                  <span className="flex flex-wrap items-center gap-2">
                    Active
                    <ActionButton action={withdrawConflictAction} fields={{ declarationId: declaration.id }} label="Withdraw" ariaLabel={`Withdraw the declaration about ${organizationName}`} />
                  </span>
                ) : (
                  'Active'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
