import type { Metadata } from 'next';
import { CaseStatusBadge } from '@/components/state-badge';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { hasRole } from '@/lib/auth/actor';
import { caseKindLabels, escalationWords } from '@/lib/cases/labels';
import { ForbiddenError, NotFoundError } from '@/lib/services/errors';
import { readCaseForReview } from '@/lib/services/cases/read-case';
import { upcomingChange } from '@/lib/services/cases/send-notice';
import { nowDate } from '@/lib/clock';
import { ChangeOfControlSection } from './change-of-control-section';
import { LinkedComplaintsSection } from './complaints-section';
import { CaseDecisionSection } from './decision-section';
import { TimelineSection } from './timeline-section';
import { AskComplainantForm, AssignCaseForm, InternalNoteForm, SendNoticeForm, SiteMessageForm } from './workflow-forms';
import { recordTitle } from '@/lib/page-titles';
import { caseNoticeTemplates } from '@/lib/programs/notice-templates';
import { isCaseReference } from '@/lib/cases/reference';
import { DateTime, viewerTimeZone } from '@/components/date-time';
import { formatCalendarDay } from '@/lib/format/dates';

export async function generateMetadata({ params }: { params: Promise<{ reference: string }> }): Promise<Metadata> {
  return { title: recordTitle('Case', (await params).reference, isCaseReference) };
}

type Props = { params: Promise<{ reference: string }> };

async function load(reference: string) {
  try {
    return { ok: true as const, reviewed: await readCaseForReview({ ctx: await getServiceContext(), input: { caseRef: reference } }) };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) return { ok: false as const, message: error.message };
    throw error;
  }
}


/** One case: its header and deadline, the messages, the complaints, the reviewer's forms, then the decisions and the change-of-control checklist. */
export default async function ReviewCasePage({ params }: Props) {
  const { reference } = await params;
  const actor = await requirePageActor(`/review/cases/${reference}`, 'reviewer');
  const loaded = await load(reference);
  if (!loaded.ok) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          <Link href="/review/cases">Cases</Link> / {reference}
        </p>
        <h1>Case {reference}</h1>
        <p role="alert" data-refusal="forbidden" className="max-w-prose rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
          {loaded.message}
        </p>
      </div>
    );
  }
  const { reviewed } = loaded;
  const { caseRow, seal, settings } = reviewed;
  const closed = caseRow.status === 'closed';
  const escalation = escalationWords(caseRow.escalationLevel);
  const isAdmin = hasRole(actor, 'admin');
  const ctx = await getServiceContext();
  const change = reviewed.noticeAllowed ? await upcomingChange(ctx.db, caseRow, nowDate(ctx.clock)) : null;
  // The program's texts the reviewer's forms start from, filled in for this case (issue 13).
  const templates = closed ? null : await caseNoticeTemplates(ctx.db, caseRow, { organization: reviewed.organizationName, responseDays: settings.caseResponseDays });

  return (
    <div className="space-y-8">
      <p className="text-sm text-slate-600">
        <Link href="/review/cases">Cases</Link> / {caseRow.reference}
      </p>
      <header className="space-y-3">
        <h1>
          Case <span className="font-mono">{caseRow.reference}</span> <CaseStatusBadge status={caseRow.status} reader="staff" testId="case-status" large />
        </h1>
        <p className="text-lg">{caseRow.title}</p>
        {caseRow.fastTrack && (
          <p className="max-w-prose rounded-md border border-amber-500 bg-amber-50 p-3 font-semibold text-amber-950" data-testid="case-fast-track">
            Fast track: {caseRow.kind === 'change_of_control' ? 'a change of control of a seal holder' : 'it alleges the sale or transfer of personal data by a seal holder'}. Handle it before the rest.
          </p>
        )}
        {caseRow.escalationLevel >= 2 && (
          <p role="alert" className="max-w-prose rounded-md border border-red-400 bg-red-50 p-3 font-semibold text-red-900" data-testid="suspend-prompt">
            The site has not answered for {reviewed.daysOverdue} days: consider suspending the seal for non-response.{' '}
            <a href="#decision" className="text-red-900 underline">
              Go to the decision
            </a>
          </p>
        )}
        <dl className="grid max-w-3xl grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
          <dt className="font-medium">Kind</dt>
          <dd>{caseKindLabels[caseRow.kind]}</dd>
          <dt className="font-medium">Organization</dt>
          <dd data-testid="case-organization">{reviewed.organizationName}</dd>
          <dt className="font-medium">Seal</dt>
          <dd>
            {seal ? (
              <>
                <Link href={`/review/seals/${seal.publicId}`} className="font-mono">
                  {seal.publicId}
                </Link>{' '}
                ({seal.domain}, <span data-testid="case-seal-status">{seal.status}</span>)
              </>
            ) : (
              'None: the site holds no seal this case is about'
            )}
          </dd>
          {caseRow.domain && (
            <>
              <dt className="font-medium">Domain</dt>
              <dd>{caseRow.domain}</dd>
            </>
          )}
          <dt className="font-medium">Response deadline</dt>
          <dd data-testid="case-deadline">
            {caseRow.status === 'awaiting_site_response' && caseRow.responseDueAt ? (
              reviewed.overdue ? (
                <span className="font-semibold text-red-900">
                  Overdue since <DateTime value={caseRow.responseDueAt} /> ({reviewed.daysOverdue} {reviewed.daysOverdue === 1 ? 'day' : 'days'})
                  {escalation ? ` — ${escalation}` : ' — not escalated yet'}
                </span>
              ) : (
                <>Due by <DateTime value={caseRow.responseDueAt} /></>
              )
            ) : (
              'None running: the case is not waiting for the site'
            )}
          </dd>
          <dt className="font-medium">Assigned to</dt>
          <dd data-testid="case-assignee">
            {reviewed.assignedName ?? 'Nobody yet'}
            {!closed && (isAdmin || !caseRow.assignedReviewerId) && (
              <div className="mt-1">
                <AssignCaseForm caseRef={caseRow.reference} reviewers={reviewed.assignableReviewers} current={caseRow.assignedReviewerId} canAssignOthers={isAdmin} />
              </div>
            )}
          </dd>
          <dt className="font-medium">Opened</dt>
          <dd>
            <DateTime value={caseRow.openedAt} />
            {reviewed.openedByName && ` by ${reviewed.openedByName}`}
          </dd>
          <dt className="font-medium">Program deadlines</dt>
          <dd>
            {settings.caseResponseDays} days to respond, then {settings.caseEscalationGraceDays} days of grace before the prompt to suspend
          </dd>
        </dl>
      </header>

      <TimelineSection reviewed={reviewed} />
      <LinkedComplaintsSection reviewed={reviewed} />

      <section aria-labelledby="act-heading" className="space-y-4">
        <h2 id="act-heading">Act on the case</h2>
        {reviewed.noticeAllowed && <SendNoticeForm caseRef={caseRow.reference} responseDays={settings.caseResponseDays} changeEffectiveOn={change ? formatCalendarDay(change.effectiveOn) : null} template={templates?.notice ?? ''} zone={await viewerTimeZone()} />}
        {!closed && reviewed.messages.some((message) => message.kind === 'notice') && <SiteMessageForm caseRef={caseRow.reference} template={templates?.site_message ?? ''} />}
        {!closed && reviewed.complaints.length > 0 && (
          <AskComplainantForm caseRef={caseRow.reference} template={templates?.complainant_request ?? ''} complaints={reviewed.complaints.map((complaint) => ({ reference: complaint.reference, label: `${complaint.reference} — ${complaint.complainantName ?? complaint.complainantEmail ?? 'anonymous'}` }))} />
        )}
        <InternalNoteForm caseRef={caseRow.reference} />
      </section>

      <div id="decision">
        <CaseDecisionSection caseId={caseRow.id} />
      </div>
      <ChangeOfControlSection caseId={caseRow.id} />
    </div>
  );
}
