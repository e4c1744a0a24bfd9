import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { AuditQuery, listAuditTrail } from '@/lib/review/admin-lists';

export const metadata: Metadata = { title: 'Audit trail' };

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-500">—</span>;
  return <pre className="max-h-64 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs">{JSON.stringify(value, null, 2)}</pre>;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageActor('/review/audit', 'admin');
  const { entityType, entityId } = AuditQuery.parse(await searchParams);
  if (!entityType || !entityId) {
    return (
      <div>
        <h1>Audit trail</h1>
        <p>Open the audit trail from a seal (on the <Link href="/review/seals">seals page</Link>) or from an application’s assessment page.</p>
      </div>
    );
  }
  const { db } = await getRuntime();
  const rows = await listAuditTrail(db, entityType, entityId);
  const back = entityType === 'application' ? `/review/applications/${entityId}` : '/review/seals';
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        <Link href={back}>{entityType === 'application' ? 'Back to the application' : 'Back to the seals'}</Link>
      </p>
      <h1>
        Audit trail of {entityType} <code className="text-base">{entityId}</code>
      </h1>
      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left font-semibold">
          {rows.length} {rows.length === 1 ? 'event' : 'events'}, oldest first
        </caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-2">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ event, actorName, actorEmail }) => (
            <tr key={event.id} className="border-b border-slate-200 align-top [&>td]:py-2" data-testid="audit-row">
              <td className="whitespace-nowrap">{event.occurredAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</td>
              <td>{actorName ? `${actorName} (${actorEmail})` : 'System'}</td>
              <td className="font-mono">{event.action}</td>
              <td>
                <Json value={event.before} />
              </td>
              <td>
                <Json value={event.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
