import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { NotFoundError } from '@/lib/services/errors';
import { criteriaOf, EDITABLE_STATUSES, OPEN_STATUSES, requireApplicationMember } from '@/lib/services/applications/application-access';
import { applicationDetails, domainOfSite, sitesOf } from '@/lib/portal/queries';
import { permittedRecordTitle } from '@/lib/page-titles';
import { ActionButton } from '@/components/action-button';
import { nowDate } from '@/lib/clock';
import { StatusBadge } from '@/components/status';
import { withdrawApplicationAction } from '../../actions';
import { ApplicationForm, type FormCriterion } from './application-form';
import { PolicyForm } from './policy-form';
import { DateTime } from '@/components/date-time';

export async function generateMetadata({ params }: { params: Promise<{ applicationId: string }> }): Promise<Metadata> {
  const { applicationId } = await params;
  const ctx = await getServiceContext();
  return {
    title: await permittedRecordTitle(async () => {
      const { application } = await requireApplicationMember(ctx.db, ctx.actor, applicationId);
      return `Application for ${(await domainOfSite(ctx.db, application.siteId)) ?? 'a site'}`;
    }),
  };
}

export default async function ApplicationPage({ params, searchParams }: { params: Promise<{ applicationId: string }>; searchParams: Promise<{ submitted?: string }> }) {
  const { applicationId } = await params;
  const { submitted } = await searchParams;
  await requirePageActor(`/portal/applications/${applicationId}`);
  const ctx = await getServiceContext();
  const { application, organization } = await requireApplicationMember(ctx.db, ctx.actor, applicationId).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const [details, criteria, orgSites] = await Promise.all([applicationDetails(ctx.db, application.id), criteriaOf(ctx.db, application.criteriaVersionId), sitesOf(ctx.db, organization.id, nowDate(ctx.clock))]);
  const editable = (EDITABLE_STATUSES as readonly string[]).includes(application.status);
  const open = (OPEN_STATUSES as readonly string[]).includes(application.status);
  const answers = new Map(details.answers.map((answer) => [answer.criterionCode, answer]));
  const verdicts = new Map(details.verdicts.map((verdict) => [verdict.criterionCode, verdict]));

  const formCriteria: FormCriterion[] = criteria.map((criterion) => {
    const verdict = verdicts.get(criterion.code);
    return {
      code: criterion.code,
      title: criterion.title,
      guidance: criterion.guidance,
      mandatory: criterion.requirement === 'mandatory',
      question: criterion.question,
      evidencePrompt: criterion.evidencePrompt,
      evidenceRequired: criterion.evidenceRequired,
      commitments: criterion.commitments,
      saved: { answer: answers.get(criterion.code)?.answer ?? '', evidence: answers.get(criterion.code)?.evidence ?? '', affirmed: answers.get(criterion.code)?.affirmedCommitments ?? [] },
      reviewerNote: application.status === 'changes_requested' && verdict && verdict.verdict === 'does_not_meet' ? verdict.note || 'This criterion is not met yet.' : null,
    };
  });
  const extraSites = orgSites
    .filter((site) => site.id !== application.siteId && (site.verifiedAt || details.extraSiteIds.includes(site.id)))
    .map((site) => ({ id: site.id, domain: site.domain, chosen: details.extraSiteIds.includes(site.id) }));

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        <Link href="/portal">Portal</Link> / <Link href={`/portal/organizations/${organization.id}`}>{organization.legalName}</Link> / <Link href={`/portal/sites/${application.siteId}`}>{details.domain}</Link> / Application
      </p>
      <h1>
        {details.programName} for {details.domain}
      </h1>
      <p className="flex flex-wrap items-center gap-3">
        <span data-testid="application-status">
          Status: <StatusBadge status={application.status} />
        </span>
        <span className="text-sm">
          Judged against <Link href={`/programs/${details.programSlug}/versions/${details.criteriaVersion}`}>criteria version {details.criteriaVersion}</Link>
        </span>
        {application.submittedAt && <span className="text-sm">Submitted <DateTime value={application.submittedAt} /></span>}
      </p>
      {submitted && application.status === 'submitted' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3">
          Submitted. A reviewer will assess your application; you will see its status here.
        </p>
      )}
      {application.status === 'changes_requested' && (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3">
          <p className="font-semibold">The reviewer asks for changes.</p>
          {application.decisionNote && <p className="mt-1">{application.decisionNote}</p>}
          <p className="mt-1 text-sm">The criteria concerned are marked below. Change your answers, then submit again.</p>
        </div>
      )}
      {application.status === 'rejected' && application.decisionNote && (
        <p role="status" className="rounded-md border border-red-300 bg-red-50 p-3">
          Rejected: {application.decisionNote}
        </p>
      )}

      <section aria-labelledby="policy-heading">
        <h2 id="policy-heading">Privacy policy</h2>
        {application.policySha256 ? (
          <div className="card mb-3 text-sm" data-testid="captured-policy">
            <p>
              Captured {application.policyCapturedAt && <DateTime value={application.policyCapturedAt} />} {application.policyUrl ? <>from {application.policyUrl}</> : <>from pasted text</>} — {application.policyText?.length ?? 0} characters.
            </p>
            <p className="break-all">
              SHA-256: <code>{application.policySha256}</code>
            </p>
            <details className="mt-2">
              <summary>Show the captured text</summary>
              <pre tabIndex={0} className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs">{application.policyText}</pre>
            </details>
          </div>
        ) : (
          <p className="mb-3">No policy attached yet.</p>
        )}
        {editable && <PolicyForm applicationId={application.id} defaultUrl={application.policyUrl ?? `https://${details.domain}/privacy`} />}
      </section>

      <section aria-labelledby="criteria-heading">
        <h2 id="criteria-heading">Criteria</h2>
        {editable ? (
          <ApplicationForm applicationId={application.id} criteria={formCriteria} extraSites={extraSites} />
        ) : (
          <ol className="space-y-3">
            {formCriteria.map((criterion) => (
              <li key={criterion.code} className="card">
                <p className="font-semibold">{criterion.title}</p>
                <p className="mt-1 whitespace-pre-wrap text-sm">{criterion.saved.answer || '—'}</p>
                {criterion.saved.evidence && <p className="mt-1 text-sm">Evidence: {criterion.saved.evidence}</p>}
                {criterion.commitments.length > 0 && <p className="mt-1 text-sm">Commitments affirmed: {criterion.saved.affirmed.length} of {criterion.commitments.length}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>

      {open && (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">Withdraw</h2>
          <p className="mb-2 text-sm">Withdrawing ends this application; you can start a new one later.</p>
          <ActionButton action={withdrawApplicationAction} fields={{ applicationId: application.id }} label="Withdraw application" className="btn-danger" confirm="Withdraw this application? This cannot be undone." />
        </section>
      )}
    </div>
  );
}
