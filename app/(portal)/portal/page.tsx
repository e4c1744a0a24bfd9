import type { Metadata } from 'next';
import { CaseStatusBadge } from '@/components/state-badge';
import Link from '@/components/link';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { portalOverview, type PortalOverview } from '@/lib/portal/overview';
import { countryName } from '@/lib/services/organizations/fields';

import { PublicSealStatus } from '@/components/public-seal-status';
import { StatusBadge } from '@/components/status';
import { formatDate } from '@/lib/format/dates';
import { viewerTimeZone } from '@/components/date-time';

export const metadata: Metadata = { title: 'Portal' };

export default async function PortalPage({ searchParams }: { searchParams: Promise<{ welcome?: string; left?: string }> }) {
  const actor = await requirePageActor('/portal');
  const { welcome, left } = await searchParams;
  const overview = await portalOverview({ ctx: await getServiceContext() });

  return (
    <div>
      <h1>Portal</h1>
      {welcome && (
        <p role="status" className="mb-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm">
          Welcome, {actor.name}. Your account is ready.
        </p>
      )}
      {left && (
        <p role="status" className="mb-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm">
          You have left the organization.
        </p>
      )}
      <h2>Your organizations</h2>
      {overview.length === 0 ? (
        <p className="mb-4 max-w-prose">
          You are not a member of any organization yet. Create one for the company that owns your website, or ask a colleague to invite you to theirs.
        </p>
      ) : (
        <div className="mb-6 space-y-6">
          {overview.map((entry) => (
            <OrganizationOverview key={entry.organization.id} entry={entry} />
          ))}
        </div>
      )}
      <Link href="/portal/organizations/new" className="btn">
        Create an organization
      </Link>
      {overview.length > 0 && (
        <p className="mt-6">
          <Link href="/portal/cases">All cases</Link> — investigations of the seal program about your organizations, and what they expect of you.
        </p>
      )}
    </div>
  );
}

/** One organization at a glance: what to do next first, then its seals, applications and open cases. */
async function OrganizationOverview({ entry }: { entry: PortalOverview[number] }) {
  const zone = await viewerTimeZone();
  const { organization, seals, applications, cases, steps } = entry;
  return (
    <section aria-labelledby={`org-${organization.id}`} className="card space-y-4" data-testid={`portal-org-${organization.legalName}`}>
      <h3 id={`org-${organization.id}`} className="text-lg font-semibold">
        <Link href={`/portal/organizations/${organization.id}`}>{organization.legalName}</Link>{' '}
        <span className="text-sm font-normal text-slate-600">
          {countryName(organization.country) ?? organization.country} · {organization.role === 'owner' ? 'owner' : 'member'}
        </span>
      </h3>
      <div data-testid="next-steps">
        <h4 className="font-semibold">What to do next</h4>
        {steps.length === 0 ? (
          <p className="text-sm text-slate-700">Nothing is waiting for you.</p>
        ) : (
          <ul className="list-disc space-y-1 pl-6 text-sm">
            {steps.map((step) => (
              <li key={step.text}>
                {step.urgent && <span className="mr-1 font-semibold text-red-900">Now:</span>}
                <Link href={step.href}>{step.text}</Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      {seals.length > 0 && (
        <div>
          <h4 className="font-semibold">Seals</h4>
          <ul className="space-y-1 text-sm">
            {seals.map((seal) => (
              <li key={seal.id} className="flex flex-wrap items-center gap-2" data-testid={`portal-seal-${seal.publicId}`}>
                <Link href={`/portal/sites/${seal.siteId}`} className="font-mono">
                  {seal.publicId}
                </Link>
                <span>{seal.domain}</span>
                <PublicSealStatus status={seal.status} />
                <span className="text-slate-700">{seal.status === 'expired' ? `expired on ${formatDate(seal.expiresAt, zone)}` : `valid until ${formatDate(seal.expiresAt, zone)}`}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {applications.length > 0 && (
        <div>
          <h4 className="font-semibold">Applications</h4>
          <ul className="space-y-1 text-sm">
            {applications.map((application) => (
              <li key={application.id} className="flex flex-wrap items-center gap-2">
                <Link href={`/portal/applications/${application.id}`}>
                  {application.programName} for {application.domain}
                </Link>
                <StatusBadge status={application.status} />
                {application.decisionExpectedBy && (
                  <span className="text-slate-700">
                    {application.decisionLate ? `taking longer than the usual ${application.reviewDays} days` : `decision usually by ${formatDate(application.decisionExpectedBy, zone)}`}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {cases.length > 0 && (
        <div>
          <h4 className="font-semibold">Open cases</h4>
          <ul className="space-y-1 text-sm">
            {cases.map((row) => (
              <li key={row.id}>
                <Link href={`/portal/cases/${row.reference}`} className="font-mono">
                  {row.reference}
                </Link>{' '}
                <CaseStatusBadge status={row.status} reader="site" /> — {row.expectation.text}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
