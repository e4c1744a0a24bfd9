import Link from '@/components/link';
import { eq } from 'drizzle-orm';
import { cases, type Complaint } from '@/db/schema';
import { getRuntime } from '@/lib/runtime';
import { caseStatusLabels } from '@/lib/cases/labels';
import { openCasesOfOrganization } from '@/lib/cases/queue-queries';
import { complaintCategoryLabels } from '@/lib/complaints/labels';
import { MergeIntoCaseForm, OpenCaseForm } from './case-triage-forms';

/**
 * The case half of triage: open a case, or add the complaint to an open case of the same
 * organization. A complaint naming no known organization cannot become a case: it says so.
 */
export async function CaseTriage({ complaint, site }: { complaint: Complaint; site: string }) {
  if (!complaint.organizationId) {
    return (
      <p className="max-w-prose rounded-md border border-slate-300 bg-slate-50 p-3 text-sm text-slate-800" data-testid="no-case-possible">
        No case can be opened for this complaint: it names no site with a proven owner and no seal, so there is no organization to send notices to. Dismiss it as out of scope, or log a new complaint naming a proven site.
      </p>
    );
  }
  const { db } = await getRuntime();
  const open = await openCasesOfOrganization(db, complaint.organizationId);
  return (
    <div className="space-y-4">
      <OpenCaseForm complaintRef={complaint.reference} suggestedTitle={`${complaintCategoryLabels[complaint.category]} — ${site}`.slice(0, 200)} />
      {open.length > 0 && (
        <MergeIntoCaseForm complaintRef={complaint.reference} cases={open.map((item) => ({ reference: item.reference, label: `${item.reference} — ${item.title} (${caseStatusLabels[item.status]})` }))} />
      )}
    </div>
  );
}

/** Where a complaint in a case went: a link to the case. */
export async function ComplaintCaseLink({ caseId }: { caseId: string }) {
  const { db } = await getRuntime();
  const [caseRow] = await db.select({ reference: cases.reference, status: cases.status }).from(cases).where(eq(cases.id, caseId)).limit(1);
  if (!caseRow) return null;
  return (
    <p className="max-w-prose rounded-md border border-blue-300 bg-blue-50 p-3 text-sm" data-testid="complaint-case">
      Investigated in case{' '}
      <Link href={`/review/cases/${caseRow.reference}`} className="font-mono">
        {caseRow.reference}
      </Link>{' '}
      ({caseStatusLabels[caseRow.status]}).
    </p>
  );
}
