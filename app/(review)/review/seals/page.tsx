import type { Metadata } from 'next';
import Link from '@/components/link';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { hasRole } from '@/lib/auth/actor';
import { sealStatuses } from '@/db/schema';
import { LIST_PAGE_SIZE, MIN_SEARCH_LENGTH } from '@/lib/lists/keyset';
import { listSeals } from '@/lib/services/seals/list-seals';
import { ExportLink, Pager } from '../_components/pager';
import { PublicSealStatus } from '@/components/public-seal-status';
import { DateTime } from '@/components/date-time';

export const metadata: Metadata = { title: 'Seals' };


export default async function SealsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/review/seals', 'reviewer');
  // The verb parses the query string itself (SealListQuery); parsed twice, a cursor would be lost.
  const list = await listSeals({ ctx: await getServiceContext(), input: await searchParams });
  const { filters } = list;
  const rows = list.seals;
  // The global audit trail is the administrators' (its row in lib/auth/permissions.ts).
  const isAdmin = hasRole(actor, 'admin');
  const narrowed = !!(filters.status || (filters.q && !list.searchTooShort));
  const expiring = filters.expiresWithin;
  const caption = expiring ? `Active seals expiring within ${expiring} days, soonest first` : `${narrowed ? 'Seals matching the search' : 'All seals'}, newest issued first`;
  return (
    <div className="space-y-6">
      <h1>Seals</h1>
      <form method="get" className="card flex flex-wrap items-end gap-4 text-sm" aria-label="Filter the seals">
        <label className="flex flex-col">
          Stored status
          <select name="status" defaultValue={filters.status ?? 'all'} className="field-input">
            <option value="all">Any status</option>
            {sealStatuses.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Active and expiring within (days)
          <input type="number" name="expiresWithin" min={1} max={366} defaultValue={expiring ?? ''} className="field-input w-28" />
        </label>
        <label className="flex flex-col">
          Public id, domain or organization
          <input type="search" name="q" maxLength={100} defaultValue={filters.q ?? ''} className="field-input" />
        </label>
        <button type="submit" className="btn-secondary">
          Search
        </button>
        <Link href="/review/seals">Clear</Link>
      </form>
      {list.searchTooShort && (
        <p className="text-sm text-amber-900" data-testid="search-too-short">
          Type at least {MIN_SEARCH_LENGTH} characters to search: the list below is not narrowed by “{filters.q}”.
        </p>
      )}
      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left font-semibold">
          {caption} ({LIST_PAGE_SIZE} a page)
        </caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-2">Seal</th>
            <th scope="col">Holder</th>
            <th scope="col">Domains</th>
            <th scope="col">Status</th>
            <th scope="col">Issued</th>
            <th scope="col">Expires</th>
            <th scope="col">History</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ seal, organizationName, domains, pastExpiry }) => (
            <tr key={seal.id} className="border-b border-slate-200 align-top [&>td]:py-2" data-testid={`seal-row-${seal.publicId}`}>
              <td className="font-mono">
                <Link href={`/review/seals/${seal.publicId}`}>{seal.publicId}</Link>
              </td>
              <td>{organizationName}</td>
              <td>{domains.join(', ')}</td>
              <td>
                <PublicSealStatus status={seal.status} />
                {pastExpiry && seal.status !== 'expired' && <div className="mt-1 text-xs font-semibold text-red-900">Expired: past its expiry date (shown as expired to the public)</div>}
              </td>
              <td><DateTime value={seal.issuedAt} style="date" /></td>
              <td><DateTime value={seal.expiresAt} style="date" /></td>
              <td>
                {isAdmin && (
                  <>
                    <Link href={`/review/audit?entityType=seal&entityId=${seal.id}`}>Audit trail</Link>
                    {' · '}
                  </>
                )}
                <Link href={`/review/applications/${seal.applicationId}`}>Application</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="text-slate-700">No seals{narrowed || expiring ? ' match this search' : ''}.</p>}
      <Pager label="Pages of the seal list" path="/review/seals" filters={filters} previous={list.previous} next={list.next} />
      <ExportLink path="/review/seals" filters={filters} />
    </div>
  );
}
