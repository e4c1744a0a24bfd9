import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { permittedRecordTitle } from '@/lib/page-titles';
import { domainOfApplication } from '@/lib/portal/queries';
import { NotFoundError } from '@/lib/services/errors';
import { getRuntime } from '@/lib/runtime';
import { hasRole, requireRole } from '@/lib/auth/actor';
import { loadAssessment } from '@/lib/review/assessment';
import { loadRenewalStanding } from '@/lib/review/renewal-standing';
import { conflictedOrganizations, listAssignableReviewers } from '@/lib/review/queue';
import { ActionButton } from '@/components/action-button';
import { StatusBadge } from '@/components/status';
import { claimAction } from '../actions';
import { AssignForm } from '../assign-form';
import { DecisionForms } from './decision-forms';
import { PolicySnapshot } from './policy-snapshot';
import { CriteriaChanges } from './criteria-changes';
import { VerdictForm, type AssessmentItem } from './verdict-form';
import { DateTime } from '@/components/date-time';

export async function generateMetadata({ params }: { params: Promise<{ applicationId: string }> }): Promise<Metadata> {
  const { applicationId } = await params;
  const ctx = await getServiceContext();
  return {
    title: await permittedRecordTitle(async () => {
      // Any reviewer may read the page (a conflicted one included); nobody else learns the domain.
      requireRole(ctx.actor, 'reviewer');
      const domain = await domainOfApplication(ctx.db, applicationId);
      if (!domain) throw new NotFoundError('This application does not exist.');
      return `Assess the application for ${domain}`;
    }),
  };
}

export default async function AssessApplicationPage({ params }: { params: Promise<{ applicationId: string }> }) {
  const { applicationId } = await params;
  const actor = await requirePageActor(`/review/applications/${applicationId}`, 'reviewer');
  const { db } = await getRuntime();
  const assessment = await loadAssessment(db, applicationId);
  if (!assessment) notFound();
  const { application } = assessment;
  const isAdmin = hasRole(actor, 'admin');
  const [conflicts, reviewers] = await Promise.all([conflictedOrganizations(db, actor.id), isAdmin ? listAssignableReviewers(db) : Promise.resolve([])]);
  const conflicted = conflicts.has(application.organizationId);
  const standing = application.kind === 'renewal' && application.renewsSealId ? await loadRenewalStanding(db, application.renewsSealId) : null;
  const mayAct = !conflicted && (isAdmin || application.assignedReviewerId === actor.id);
  const inReview = application.status === 'in_review';
  const items: AssessmentItem[] = assessment.items.map(({ criterion, answer, verdict }) => ({
    code: criterion.code,
    title: criterion.title,
    mandatory: criterion.requirement === 'mandatory',
    guidance: criterion.guidance,
    question: criterion.question,
    evidencePrompt: criterion.evidencePrompt,
    commitments: criterion.commitments,
    answer: answer?.answer ?? '',
    evidence: answer?.evidence ?? '',
    affirmed: answer?.affirmedCommitments ?? [],
    verdict: verdict?.verdict ?? '',
    note: verdict?.note ?? '',
  }));

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        <Link href="/review">Review queue</Link> / {assessment.domain}
      </p>
      <h1>
        {assessment.programName} for {assessment.domain}
        {application.kind === 'renewal' && ' (renewal)'}
      </h1>
      <p className="flex flex-wrap items-center gap-3 text-sm">
        <span data-testid="application-status">
          Status: <StatusBadge status={application.status} />
        </span>
        <span>{assessment.organizationName}</span>
        <span>
          Judged against <Link href={`/programs/${assessment.programSlug}/versions/${assessment.version}`}>criteria version {assessment.version}</Link>
        </span>
        {application.submittedAt && <span>Submitted <DateTime value={application.submittedAt} /></span>}
        <span data-testid="assigned-reviewer">Reviewer: {assessment.assigneeName ?? 'unassigned'}</span>
        {hasRole(actor, 'admin') && <Link href={`/review/audit?entityType=application&entityId=${application.id}`}>Audit trail</Link>}
      </p>
      {conflicted && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3">
          You have a conflict of interest with {assessment.organizationName}: you can read this application but not act on it.
        </p>
      )}
      {application.decisionNote && (
        <p className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm" data-testid="decision-note">
          Decision note: {application.decisionNote}
        </p>
      )}
      {assessment.seal && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3" data-testid="issued-seal">
          Seal issued: <span className="font-mono font-semibold">{assessment.seal.publicId}</span>
          {hasRole(actor, 'admin') && (
            <>
              {' · '}
              <Link href={`/review/audit?entityType=seal&entityId=${assessment.seal.id}`}>Seal audit trail</Link>
            </>
          )}
        </p>
      )}
      {!conflicted && ((application.status === 'submitted' && (!application.assignedReviewerId || application.assignedReviewerId === actor.id)) || (inReview && !application.assignedReviewerId)) && (
        <ActionButton action={claimAction} fields={{ applicationId: application.id }} label="Claim this application" className="btn" />
      )}
      {isAdmin && (application.status === 'submitted' || inReview) && <AssignForm applicationId={application.id} label={assessment.domain} reviewers={reviewers} current={application.assignedReviewerId} />}

      {standing && (
        <section role="status" aria-labelledby="standing-heading" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="renewal-standing">
          <h2 id="standing-heading" className="text-base font-semibold">
            Seal {standing.publicId} is not in good standing
          </h2>
          {standing.suspension && (
            <p className="mt-1">
              It is suspended{standing.suspension.caseReference ? <> by the decision on case <Link href={`/review/cases/${standing.suspension.caseReference}`}>{standing.suspension.caseReference}</Link></> : ' on the seal page'}
              {standing.suspension.reason ? `: ${standing.suspension.reason}` : '.'} Approving this renewal extends the seal but keeps it suspended
              {standing.suspension.requirements ? ` until the holder has done this: ${standing.suspension.requirements}` : ''}
              {standing.suspension.caseReference ? '; only that case can lift the suspension.' : '; a reviewer lifts it on the seal page.'}
            </p>
          )}
          {standing.openCases.length > 0 && (
            <p className="mt-1">
              Open {standing.openCases.length === 1 ? 'case' : 'cases'} about this seal:{' '}
              {standing.openCases.map((open, index) => (
                <span key={open.reference}>
                  {index > 0 && ', '}
                  <Link href={`/review/cases/${open.reference}`}>{open.reference}</Link> ({open.title})
                </span>
              ))}
              . A renewal does not close {standing.openCases.length === 1 ? 'it' : 'them'}.
            </p>
          )}
        </section>
      )}

      <PolicySnapshot application={application} renewal={assessment.renewal} />
      {assessment.renewal && <CriteriaChanges criteria={assessment.renewal.criteria} publicId={assessment.renewal.publicId} programSlug={assessment.programSlug} />}

      <section aria-labelledby="criteria-heading">
        <h2 id="criteria-heading">Criteria</h2>
        <VerdictForm applicationId={application.id} items={items} editable={inReview && mayAct} />
      </section>

      {inReview && mayAct && (
        <section aria-labelledby="decision-heading">
          <h2 id="decision-heading">Decision</h2>
          <DecisionForms applicationId={application.id} />
        </section>
      )}
    </div>
  );
}
