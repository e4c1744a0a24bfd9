import { getServiceContext } from '@/lib/auth/session';
import { caseOutcomeLabels } from '@/lib/cases/decision-labels';
import { caseStatusLabels } from '@/lib/cases/labels';
import { complaintCategoryLabels, complaintSourceLabels, dismissalReasonLabels } from '@/lib/complaints/labels';
import { csvExport, exportFilters } from '@/lib/lists/csv-export';
import { listComplaintsForReview } from '@/lib/services/complaints/list-complaints';

/** The complaints list as CSV, with the filters it is shown with (`/review/complaints?…`), every page of it. */
export async function GET(request: Request) {
  const ctx = await getServiceContext();
  const filters = exportFilters(request.url);
  return csvExport({
    filename: 'complaints.csv',
    header: ['Reference', 'Status', 'Fast track', 'Received', 'Category', 'Source', 'Site', 'Seal', 'Organization', 'Evidence files', 'Case', 'Case status', 'Outcome', 'Dismissal reason', 'Your conflict of interest'],
    read: (after) => listComplaintsForReview({ ctx, input: { ...filters, after } }),
    rowsOf: (page) =>
      page.complaints.map((item) => [
        item.reference,
        item.status,
        item.fastTrack ? 'yes' : 'no',
        item.createdAt,
        complaintCategoryLabels[item.category],
        complaintSourceLabels[item.source],
        item.site,
        item.sealPublicId,
        item.organizationName,
        item.evidenceFiles,
        item.caseReference,
        item.caseStatus ? caseStatusLabels[item.caseStatus] : null,
        item.caseOutcome ? caseOutcomeLabels[item.caseOutcome] : null,
        item.dismissalReason ? dismissalReasonLabels[item.dismissalReason] : null,
        item.conflicted ? 'yes' : 'no',
      ]),
  });
}
