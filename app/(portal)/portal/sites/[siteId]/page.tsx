import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { requireSiteMember } from '@/lib/services/sites/site-access';
import { NotFoundError } from '@/lib/services/errors';
import { ownershipInstructions } from '@/lib/sites/ownership/checks';
import { applicationsOfSites, listPublishedPrograms, sealsOfSites } from '@/lib/portal/queries';
import { SealSummary } from '@/components/seal-summary';
import { BadgeSnippets } from '@/components/badge-snippets';
import { renewalOpensAt } from '@/lib/seals/validity';
import { nowDate } from '@/lib/clock';
import { coveredHostnames } from '@/lib/domains/normalize';
import { ActionButton } from '@/components/action-button';
import { ApplicationSummary, VerificationBadge } from '@/components/status';
import { startApplicationAction, startRenewalAction } from '../../actions';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { claimGoneMessage } from '@/lib/sites/claims';

import { RevokeSealForm } from './revoke-seal-form';
import { PolicyChangesSection } from './policy-changes-section';
import { removeSiteAction } from './actions';
import { permittedRecordTitle } from '@/lib/page-titles';
import { OPEN_STATUSES } from '@/lib/services/applications/application-access';
import { ProofCheck } from './proof-check';
import { CopySnippet } from '@/components/copy-snippet';
import { DateTime, viewerTimeZone } from '@/components/date-time';
import { dateWriter, formatDate } from '@/lib/format/dates';

export async function generateMetadata({ params }: { params: Promise<{ siteId: string }> }): Promise<Metadata> {
  const { siteId } = await params;
  const ctx = await getServiceContext();
  return { title: await permittedRecordTitle(async () => `Site ${(await requireSiteMember(ctx.db, ctx.actor, siteId)).site.domain}`) };
}

const methodTitles = { dns: 'DNS TXT record', meta: 'Meta tag on the home page', file: 'File under /.well-known/' } as const;

export default async function SitePage({ params, searchParams }: { params: Promise<{ siteId: string }>; searchParams: Promise<{ added?: string }> }) {
  const zone = await viewerTimeZone();
  const { siteId } = await params;
  const { added } = await searchParams;
  await requirePageActor(`/portal/sites/${siteId}`);
  const ctx = await getServiceContext();
  const { site, organization, role } = await requireSiteMember(ctx.db, ctx.actor, siteId).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const [applications, programs, seals] = await Promise.all([applicationsOfSites(ctx.db, [site.id]), listPublishedPrograms(ctx.db), sealsOfSites(ctx.db, [site.id])]);
  const now = nowDate(ctx.clock);
  const instructions = ownershipInstructions(site.domain, site.verificationToken);
  const gone = claimGoneMessage(site, now, dateWriter(zone));
  // "Apply" is offered only when it can work: not while an application is open or a seal covers the site.
  const pendingApplication = applications.find((application) => (OPEN_STATUSES as readonly string[]).includes(application.status));
  const liveSeal = seals.find((seal) => ['active', 'suspended'].includes(effectiveStatus(seal, now)));

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        <Link href="/portal">Portal</Link> / <Link href={`/portal/organizations/${organization.id}`}>{organization.legalName}</Link> / Site
      </p>
      <h1 className="flex flex-wrap items-center gap-3">
        {site.domain} <VerificationBadge verified={!!site.verifiedAt} />
      </h1>
      {added && <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm">Site added. Prove that you control it with one of the three methods below.</p>}
      <p className="text-sm">Covers: {coveredHostnames(site.domain).join(' and ')}.</p>

      {site.verifiedAt ? (
        <>
          <p>
            Ownership proven on <DateTime value={site.verifiedAt} /> by {site.verifiedBy ? methodTitles[site.verifiedBy] : 'a check'}.
          </p>
          {site.proofFoundAt && <p className="text-sm" data-testid="proof-found-at">{site.proofFoundAt}</p>}
        </>
      ) : gone ? (
        <section aria-labelledby="claim-ended-heading" className="rounded-md border border-amber-300 bg-amber-50 p-3">
          <h2 id="claim-ended-heading">{site.endReason === 'removed' ? 'This site was removed' : 'This claim has ended'}</h2>
          <p className="max-w-prose text-sm" data-testid="claim-ended">{gone}</p>
          <p className="text-sm">
            <Link href={`/portal/organizations/${organization.id}`}>Back to {organization.legalName}</Link>
          </p>
        </section>
      ) : (
        <section aria-labelledby="prove-heading">
          <h2 id="prove-heading">Prove that you control {site.domain}</h2>
          <p className="mb-3 max-w-prose text-sm">Publish one of the following, then press its “Check” button. Keep it published: the seal program may check again later.</p>
          {site.claimLapsesAt && (
            <p className="mb-3 max-w-prose text-sm" data-testid="claim-lapses">
              This claim lapses on {formatDate(site.claimLapsesAt, zone)} unless ownership is proven by then. Until a proof, other organizations may claim {site.domain} too; the first to prove it keeps it.
            </p>
          )}
          {site.lastCheckProblem && (
            <p role="alert" className="mb-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm">
              Last check ({site.lastCheckedAt && <DateTime value={site.lastCheckedAt} />}): {site.lastCheckProblem}
            </p>
          )}
          <div className="grid gap-4 lg:grid-cols-3">
            <div className="card min-w-0">
              <h3 className="font-semibold">{methodTitles.dns}</h3>
              <p className="my-2 text-sm">Add a TXT record to {site.domain} itself (not to a subdomain) at your DNS provider. Other TXT records may stay.</p>
              <CopySnippet label="Record name (host)" value={instructions.dns.name} rows={1} />
              <CopySnippet label="Record value" value={instructions.dns.value} rows={2} testId="dns-value" />
              <p className="mb-3 text-sm text-slate-700">
                A new record is usually visible within minutes, but some providers take up to an hour, and a resolver that saw the name before may wait out its
                time-to-live (TTL). If the first check does not find it, use “keep checking”.
              </p>
              <ProofCheck siteId={site.id} method="dns" label="Check DNS record" />
            </div>
            <div className="card min-w-0">
              <h3 className="font-semibold">{methodTitles.meta}</h3>
              <p className="my-2 text-sm">{instructions.meta.where}</p>
              <CopySnippet label="Meta tag" value={instructions.meta.tag} rows={3} testId="meta-tag" />
              <ProofCheck siteId={site.id} method="meta" label="Check meta tag" />
            </div>
            <div className="card min-w-0">
              <h3 className="font-semibold">{methodTitles.file}</h3>
              <p className="my-2 text-sm">{instructions.file.where}</p>
              <CopySnippet label="File address" value={instructions.file.url} rows={2} />
              <CopySnippet label="File content" value={instructions.file.content} rows={2} testId="file-content" />
              <ProofCheck siteId={site.id} method="file" label="Check file" />
            </div>
          </div>
        </section>
      )}

      {seals.length > 0 && (
        <section aria-labelledby="seals-heading">
          <h2 id="seals-heading">Seal</h2>
          {seals.map((seal) => (
            <div key={seal.id} className="flex flex-wrap items-center gap-3" data-testid={`seal-${seal.publicId}`}>
              <SealSummary seal={seal} now={now} />
              {seal.status !== 'revoked' && renewalOpensAt(seal.expiresAt) <= now && (
                <ActionButton action={startRenewalAction} fields={{ sealId: seal.publicId }} label="Start the renewal" className="btn" />
              )}
              {role === 'owner' && (
                <div className="w-full">
                  <RevokeSealForm sealId={seal.id} publicId={seal.publicId} domain={site.domain} live={['active', 'suspended'].includes(effectiveStatus(seal, now))} />
                </div>
              )}
              <div className="w-full">
                <PolicyChangesSection siteId={site.id} sealId={seal.id} publicId={seal.publicId} />
              </div>
            </div>
          ))}
        </section>
      )}
      <BadgeSnippets seals={seals} />

      <section aria-labelledby="applications-heading">
        <h2 id="applications-heading">Applications</h2>
        {applications.length === 0 ? (
          <p>No applications yet.</p>
        ) : (
          <ul>
            {applications.map((application) => (
              <li key={application.id}>
                <ApplicationSummary application={application} />
              </li>
            ))}
          </ul>
        )}
        {site.verifiedAt && pendingApplication ? (
          <p className="mt-2 text-sm text-slate-700" data-testid="apply-unavailable">
            An application for this site is in progress: finish it or wait for its decision before starting another.
          </p>
        ) : site.verifiedAt && liveSeal ? (
          <p className="mt-2 text-sm text-slate-700" data-testid="apply-unavailable">
            This site holds seal {liveSeal.publicId}. Renew it from the seal above once renewal opens ({formatDate(renewalOpensAt(liveSeal.expiresAt), zone)}); a new application is not needed.
          </p>
        ) : site.verifiedAt ? (
          <div className="mt-3 flex flex-wrap gap-3">
            {programs.map((program) => (
              <ActionButton key={program.slug} action={startApplicationAction} fields={{ siteId: site.id, programSlug: program.slug }} label={`Apply for the ${program.name}`} className="btn" />
            ))}
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-700">You can apply once ownership is proven.</p>
        )}
      </section>

      {role === 'owner' && !site.endedAt && (
        <section aria-labelledby="remove-heading">
          <h2 id="remove-heading">Remove this site</h2>
          <p className="mb-2 max-w-prose text-sm">
            Removing {site.domain} ends your organization’s claim and drops its proof: any organization may then claim and prove the domain. It is refused while a seal that has not
            ended (active or suspended) or an application in progress covers the site.
          </p>
          <ActionButton
            action={removeSiteAction}
            fields={{ siteId: site.id }}
            label="Remove site"
            className="btn-danger"
            ariaLabel={`Remove ${site.domain}`}
            confirm={`Remove ${site.domain} from ${organization.legalName}?`}
            confirmDetail="Its claim ends and its proof of ownership is dropped; to use it again, you would add and prove it anew."
          />
        </section>
      )}
    </div>
  );
}
