import Link from 'next/link';
import type { ApplicationStatus } from '@/db/schema';
import { Icon } from './icons';

const applicationLabels: Record<ApplicationStatus, { text: string; className: string }> = {
  draft: { text: 'Draft', className: 'bg-slate-100 text-slate-800 border-slate-300' },
  submitted: { text: 'Submitted', className: 'bg-blue-50 text-blue-900 border-blue-300' },
  in_review: { text: 'In review', className: 'bg-blue-50 text-blue-900 border-blue-300' },
  changes_requested: { text: 'Changes requested', className: 'bg-amber-50 text-amber-900 border-amber-300' },
  approved: { text: 'Approved', className: 'bg-green-50 text-green-900 border-green-300' },
  rejected: { text: 'Rejected', className: 'bg-red-50 text-red-900 border-red-300' },
  withdrawn: { text: 'Withdrawn', className: 'bg-slate-100 text-slate-700 border-slate-300' },
};

/** Status in words and colour (never colour alone). */
export function StatusBadge({ status }: { status: ApplicationStatus }) {
  const label = applicationLabels[status];
  return <span className={`inline-block rounded border px-2 py-0.5 text-xs font-medium ${label.className}`}>{label.text}</span>;
}

export function applicationStatusText(status: ApplicationStatus) {
  return applicationLabels[status].text;
}

export function VerificationBadge({ verified }: { verified: boolean }) {
  return verified ? (
    <span className="inline-flex items-center gap-1 rounded border border-green-300 bg-green-50 px-2 py-0.5 text-xs font-medium text-green-900">
      <Icon name="check" />
      Ownership proven
    </span>
  ) : (
    <span className="inline-block rounded border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900">Ownership not proven yet</span>
  );
}

/** One application as the portal lists it: a link with its program, criteria version and status. */
export function ApplicationSummary({ application }: { application: { id: string; programName: string; criteriaVersion: number; status: ApplicationStatus } }) {
  return (
    <>
      <Link href={`/portal/applications/${application.id}`}>
        {application.programName} (criteria v{application.criteriaVersion})
      </Link>{' '}
      <StatusBadge status={application.status} />
    </>
  );
}
