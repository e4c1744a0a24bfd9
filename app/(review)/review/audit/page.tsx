import type { Metadata } from 'next';
import Link from '@/components/link';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { AUDIT_ENTITY_TYPES, auditEntityTypeLabels, listAuditEvents, type AuditListPage } from '@/lib/services/audit/list-audit-events';
import { FilterBar, FilterSelect } from '../_components/queue-controls';
import { ExportLink, Pager } from '../_components/pager';

export const metadata: Metadata = { title: 'Audit trail' };

function Changes({ changes }: { changes: AuditListPage['events'][number]['changes'] }) {
  if (changes.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
      {changes.map((change) => (
        <div key={change.field} className="contents" data-testid={`change-${change.field}`}>
          <dt className="font-medium text-slate-700">{change.field}</dt>
          <dd className="break-words">
            {change.before !== null && <span className="text-red-800 line-through decoration-red-300">{change.before}</span>}
            {change.before !== null && change.after !== null && <span aria-label="changed to"> → </span>}
            {change.after !== null ? <span className="text-green-900">{change.after}</span> : <span className="text-slate-500"> (removed)</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageActor('/review/audit', 'admin');
  const page = await listAuditEvents({ ctx: await getServiceContext(), input: await searchParams });
  const { filters } = page;
  const listFilters = { entityType: filters.entityType, entityId: filters.entityId, actor: filters.actor, action: filters.action, from: filters.from, to: filters.to };
  const oneRecord = filters.entityType && filters.entityId ? `${auditEntityTypeLabels[filters.entityType].toLowerCase()} ${page.events[0]?.entity.label ?? filters.entityId}` : null;
  return (
    <div className="space-y-6">
      <h1>{oneRecord ? `Audit trail of ${oneRecord}` : 'Audit trail'}</h1>
      <p className="-mt-4 text-slate-700">Every change the platform recorded, newest first: who did it, to which record, and what changed.</p>
      <FilterBar label="Filter the audit trail" clearHref="/review/audit">
        {filters.entityId && <input type="hidden" name="entityId" value={filters.entityId} />}
        <FilterSelect name="entityType" label="Record" anyLabel="Every kind" value={filters.entityType} options={AUDIT_ENTITY_TYPES.map((type) => ({ value: type, label: auditEntityTypeLabels[type] }))} />
        <label className="flex flex-col">
          Who (email, or “system”)
          <input type="text" name="actor" defaultValue={filters.actor ?? ''} className="field-input" maxLength={100} />
        </label>
        <label className="flex flex-col">
          Action (or its start, e.g. “seal.”)
          <input type="text" name="action" defaultValue={filters.action ?? ''} className="field-input" maxLength={60} pattern="[a-z_.\-]*" />
        </label>
        <label className="flex flex-col">
          From
          <input type="date" name="from" defaultValue={filters.from ?? ''} className="field-input" />
        </label>
        <label className="flex flex-col">
          To
          <input type="date" name="to" defaultValue={filters.to ?? ''} className="field-input" />
        </label>
      </FilterBar>
      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left font-semibold">{page.events.length === 0 ? 'No events match these filters.' : 'Events, newest first'}</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-2">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Record</th>
            <th scope="col">What changed</th>
          </tr>
        </thead>
        <tbody>
          {page.events.map((event) => (
            <tr key={event.id} className="border-b border-slate-200 align-top [&>td]:py-2 [&>td]:pr-3" data-testid="audit-row" data-event-id={event.id}>
              <td className="whitespace-nowrap">{event.at.toISOString().replace('T', ' ').slice(0, 19)} UTC</td>
              <td>{event.actor ? `${event.actor.name} (${event.actor.email})` : 'System'}</td>
              <td className="font-mono text-xs">{event.action}</td>
              <td>
                <span className="text-slate-500">{auditEntityTypeLabels[event.entityType as keyof typeof auditEntityTypeLabels] ?? event.entityType}: </span>
                {event.entity.href ? <Link href={event.entity.href}>{event.entity.label}</Link> : event.entity.label}{' '}
                <Link href={`/review/audit?entityType=${encodeURIComponent(event.entityType)}&entityId=${encodeURIComponent(event.entityId)}`} className="text-xs">
                  its trail
                </Link>
              </td>
              <td>
                <Changes changes={event.changes} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager label="Pages of the audit trail" path="/review/audit" filters={listFilters} previous={page.previous} next={page.next} />
      <ExportLink path="/review/audit" filters={listFilters} />
    </div>
  );
}
