import type { Metadata } from 'next';
import { CaseStatusBadge } from '@/components/state-badge';
import Link from '@/components/link';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { caseSubjectForSite } from '@/lib/cases/site-labels';
import { listCasesForMember } from '@/lib/services/cases/read-case-for-site';
import { formatDate } from '@/lib/format/dates';
import { viewerTimeZone } from '@/components/date-time';

export const metadata: Metadata = { title: 'Cases' };

/** The cases of every organization the member belongs to: what is expected of the site, and by when. */
export default async function PortalCasesPage() {
  const zone = await viewerTimeZone();
  await requirePageActor('/portal/cases');
  const ctx = await getServiceContext();
  const rows = await listCasesForMember({ ctx });
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">
          <Link href="/portal">Portal</Link> / Cases
        </p>
        <h1>Cases</h1>
        <p className="max-w-prose text-slate-700">
          Investigations of the seal program about your organizations: after a complaint, or after you declared a change of control. Those waiting for your answer come
          first.
        </p>
      </div>
      {rows.length === 0 ? (
        <p data-testid="no-cases">There are no cases about your organizations.</p>
      ) : (
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b text-left">
              <th scope="col" className="py-2">
                Case
              </th>
              <th scope="col">About</th>
              <th scope="col">Status</th>
              <th scope="col">Expected of you</th>
              <th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className="border-b align-top [&>td]:py-2 [&>td]:pr-3" data-testid={`case-${row.reference}`}>
                <td>
                  <Link href={`/portal/cases/${row.reference}`} className="font-mono font-medium">
                    {row.reference}
                  </Link>
                </td>
                <td>
                  {caseSubjectForSite(row, row.sealPublicId)}
                  <span className="block text-slate-600">{row.organizationName}</span>
                </td>
                <td>
                  <CaseStatusBadge status={row.status} reader="site" />
                </td>
                <td data-testid="case-expectation">
                  {row.expectation.overdue && <span className="mr-1 inline-block rounded border border-red-300 bg-red-50 px-2 py-0.5 text-xs font-medium text-red-900">Overdue</span>}
                  {row.expectation.text}
                </td>
                <td>{formatDate(row.openedAt, zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
