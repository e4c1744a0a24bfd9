import { getServiceContext } from '@/lib/auth/session';
import { caseOutcomeLabels } from '@/lib/cases/decision-labels';
import { caseKindLabels, caseStatusLabels } from '@/lib/cases/labels';
import { csvExport, exportFilters } from '@/lib/lists/csv-export';
import { listCasesForReview } from '@/lib/services/cases/list-cases';

/** The cases list as CSV, with the filters it is shown with (`/review/cases?…`), every page of it. */
export async function GET(request: Request) {
  const ctx = await getServiceContext();
  const filters = exportFilters(request.url);
  return csvExport({
    filename: 'cases.csv',
    header: ['Reference', 'Kind', 'Status', 'Fast track', 'Organization', 'Seal', 'Domain', 'Assigned to', 'Complaints', 'Response due', 'Overdue', 'Opened', 'Closed', 'Outcome', 'Your conflict of interest'],
    read: (after) => listCasesForReview({ ctx, input: { ...filters, after } }),
    rowsOf: (page) =>
      page.cases.map((item) => [
        item.reference,
        caseKindLabels[item.kind],
        caseStatusLabels[item.status],
        item.fastTrack ? 'yes' : 'no',
        item.organizationName,
        item.sealPublicId,
        item.domain,
        item.assignedName,
        item.complaints,
        item.responseDueAt,
        item.overdue ? 'yes' : 'no',
        item.openedAt,
        item.closedAt,
        item.outcome ? caseOutcomeLabels[item.outcome] : null,
        item.conflicted ? 'yes' : 'no',
      ]),
  });
}
