import { getServiceContext } from '@/lib/auth/session';
import { csvExport, exportFilters } from '@/lib/lists/csv-export';
import { listAuditEvents } from '@/lib/services/audit/list-audit-events';

/** The audit trail as CSV, with the filters it is shown with (`/review/audit?…`), every page of it. */
export async function GET(request: Request) {
  const ctx = await getServiceContext();
  const filters = exportFilters(request.url);
  return csvExport({
    filename: 'audit-trail.csv',
    header: ['When', 'Who', 'Action', 'Record kind', 'Record', 'Record id', 'What changed'],
    read: (after) => listAuditEvents({ ctx, input: { ...filters, after } }),
    rowsOf: (page) =>
      page.events.map((event) => [
        event.at,
        event.actor ? `${event.actor.name} (${event.actor.email})` : 'System',
        event.action,
        event.entityType,
        event.entity.label,
        event.entityId,
        event.changes.map((change) => `${change.field}: ${change.before ?? '—'} → ${change.after ?? '(removed)'}`).join('; '),
      ]),
  });
}
