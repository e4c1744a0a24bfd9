import Link from '@/components/link';
import type { ApplicationStatus } from '@/db/schema';
import { Icon } from './icons';
import { ApplicationStatusBadge, applicationStatusWord } from './state-badge';

/** An application's state: the shared state badge (components/state-badge.tsx), as in the review queue. */
export function StatusBadge({ status }: { status: ApplicationStatus }) {
  return <ApplicationStatusBadge status={status} />;
}

export function applicationStatusText(status: ApplicationStatus) {
  return applicationStatusWord(status);
}

/** Whether a site's ownership is proven, in the shared badge's look. */
export function VerificationBadge({ verified }: { verified: boolean }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded border px-2 py-0.5 text-xs font-semibold ${verified ? 'border-green-700 bg-green-50 text-green-900' : 'border-amber-700 bg-amber-50 text-amber-900'}`}>
      <Icon name={verified ? 'check' : 'clock'} />
      {verified ? 'Ownership proven' : 'Ownership not proven yet'}
    </span>
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
