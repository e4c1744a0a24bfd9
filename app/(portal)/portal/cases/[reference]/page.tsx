import type { Metadata } from 'next';
import { CaseStatusBadge } from '@/components/state-badge';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { changeOfControlChecklist, changeOfControlKindLabels } from '@/lib/cases/change-of-control';
import { appealOutcomeSiteLabels, caseOutcomeSiteLabels, caseSubjectForSite, REVOCATION_FINALITY_FOR_SITE, siteMessageHeading } from '@/lib/cases/site-labels';
import { complaintCategoryLabels } from '@/lib/complaints/labels';
import { megabytes } from '@/lib/complaints/limits';
import { NotFoundError } from '@/lib/services/errors';
import { readCaseForSite, type SiteCaseView } from '@/lib/services/cases/read-case-for-site';
import { AppealForm } from './appeal-form';
import { RespondForm } from './respond-form';
import { recordTitle } from '@/lib/page-titles';
import { isCaseReference } from '@/lib/cases/reference';
import { formatCalendarDay, formatDate, formatDateTime, renderDateTokens } from '@/lib/format/dates';
import { viewerTimeZone } from '@/components/date-time';

export async function generateMetadata({ params }: { params: Promise<{ reference: string }> }): Promise<Metadata> {
  return { title: recordTitle('Case', (await params).reference, isCaseReference) };
}

type Props = { params: Promise<{ reference: string }>; searchParams: Promise<{ declared?: string }> };

/**
 * The site's side of a case: the notices and other messages addressed to the site, the decisions
 * in effect with their reason and appeal deadline, and the forms to respond and to appeal. What the
 * site must not read never reaches this page (lib/services/cases/read-case-for-site.ts).
 */
export default async function PortalCasePage({ params, searchParams }: Props) {
  const zone = await viewerTimeZone();
  const { reference } = await params;
  const { declared } = await searchParams;
  await requirePageActor(`/portal/cases/${reference}`);
  const ctx = await getServiceContext();
  const view = await readCaseForSite({ ctx, input: { caseRef: reference } }).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { caseRow, expectation } = view;
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-600">
          <Link href="/portal">Portal</Link> / <Link href="/portal/cases">Cases</Link> / {caseRow.reference}
        </p>
        <h1>
          Case <span className="font-mono">{caseRow.reference}</span>
        </h1>
        {declared && (
          <p role="status" className="mb-3 rounded-md border border-green-300 bg-green-50 p-3 text-sm">
            Your declaration is recorded and this case is open. A reviewer will check the change against the conditions below and may ask you for documents.
          </p>
        )}
        <dl className="grid max-w-2xl grid-cols-1 gap-1 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="font-medium">About</dt>
          <dd>{caseSubjectForSite(caseRow, caseRow.sealPublicId)}</dd>
          <dt className="font-medium">Organization</dt>
          <dd>
            <Link href={`/portal/organizations/${caseRow.organizationId}`}>{caseRow.organizationName}</Link>
          </dd>
          <dt className="font-medium">Status</dt>
          <dd>
            <CaseStatusBadge status={caseRow.status} reader="site" testId="case-status" />
          </dd>
          <dt className="font-medium">Opened</dt>
          <dd>{formatDate(caseRow.openedAt, zone)}</dd>
        </dl>
        <p
          data-testid="case-expectation"
          className={`mt-3 max-w-2xl rounded-md border p-3 text-sm ${expectation.overdue ? 'border-red-300 bg-red-50 text-red-900' : 'border-slate-300 bg-slate-50'}`}
        >
          {expectation.overdue && <strong>Overdue. </strong>}
          <span className="font-medium">Expected of you: </span>
          {expectation.text}
        </p>
      </div>

      {view.declaration && <Declaration declaration={view.declaration} />}
      {view.complaints.length > 0 && <Complaints complaints={view.complaints} />}
      <Messages view={view} />
      {view.decisions.length > 0 && <Decisions view={view} />}
      {view.canRespond && <RespondForm caseRef={caseRow.reference} />}
    </div>
  );
}

async function Declaration({ declaration }: { declaration: NonNullable<SiteCaseView['declaration']> }) {
  const zone = await viewerTimeZone();
  return (
    <section aria-labelledby="declaration-heading">
      <h2 id="declaration-heading">Your declaration</h2>
      <dl className="grid max-w-2xl grid-cols-1 gap-1 text-sm sm:grid-cols-[10rem_1fr]" data-testid="declaration">
        <dt className="font-medium">What happens</dt>
        <dd>{changeOfControlKindLabels[declaration.kind]}</dd>
        <dt className="font-medium">Effective on</dt>
        <dd>{formatCalendarDay(declaration.effectiveOn)}</dd>
        <dt className="font-medium">Counterparty</dt>
        <dd>{declaration.counterparty || 'Not named'}</dd>
        <dt className="font-medium">Description</dt>
        <dd className="whitespace-pre-wrap">{declaration.description}</dd>
        <dt className="font-medium">Declared</dt>
        <dd>
          by {declaration.declaredByName} on {formatDateTime(declaration.declaredAt, zone)}
        </dd>
      </dl>
      <h3 className="mt-4 font-semibold">What the reviewer checks</h3>
      <p className="max-w-prose text-sm text-slate-700">
        The conditions the FTC set for the sale of Toysmart’s customer list. Your customers’ data may change hands only if they hold; send documents that show it when the
        reviewer asks.
      </p>
      <ol className="mt-2 max-w-2xl list-decimal space-y-1 pl-6 text-sm">
        {changeOfControlChecklist.map((entry) => (
          <li key={entry.item}>
            <span className="font-medium">{entry.title}.</span> {entry.question}
          </li>
        ))}
      </ol>
    </section>
  );
}

async function Complaints({ complaints }: { complaints: SiteCaseView['complaints'] }) {
  const zone = await viewerTimeZone();
  return (
    <section aria-labelledby="complaints-heading">
      <h2 id="complaints-heading">Complaints in this case</h2>
      <ul className="max-w-2xl space-y-2 text-sm">
        {complaints.map((complaint) => (
          <li key={complaint.reference} className="card" data-testid={`complaint-${complaint.reference}`}>
            <p>
              <span className="font-mono">{complaint.reference}</span> — {complaintCategoryLabels[complaint.category]}
            </p>
            <p className="text-slate-700">
              Received {formatDate(complaint.receivedAt, zone)}
              {complaint.occurredOn && <>; about events of {formatCalendarDay(complaint.occurredOn)}</>}.
            </p>
            {complaint.complainant ? (
              <p data-testid="complainant-identity">
                The complainant agreed that you may know who they are: {complaint.complainant.name ?? 'no name given'}
                {complaint.complainant.email && <> ({complaint.complainant.email})</>}.
              </p>
            ) : (
              <p className="text-slate-600">The complainant’s identity is kept private by the seal program.</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

async function Messages({ view }: { view: SiteCaseView }) {
  const zone = await viewerTimeZone();
  return (
    <section aria-labelledby="messages-heading">
      <h2 id="messages-heading">Messages</h2>
      {view.messages.length === 0 ? (
        <p data-testid="no-messages">No messages yet.</p>
      ) : (
        <ol className="max-w-2xl space-y-3">
          {view.messages.map((message) => (
            <li key={message.id} className="card" data-testid={`message-${message.kind}`}>
              <h3 className="font-semibold">{siteMessageHeading(message.kind, message.from)}</h3>
              <p className="text-sm text-slate-600">{formatDateTime(message.createdAt, zone)}</p>
              <p className="mt-2 whitespace-pre-wrap">{renderDateTokens(message.body, zone)}</p>
              {message.responseDueAt && <p className="mt-2 text-sm font-medium">Your response is due by {formatDateTime(message.responseDueAt, zone)}.</p>}
              {message.deadlineReason && (
                <p className="mt-1 text-sm" data-testid="deadline-reason">
                  Why the deadline ends after the declared date of the change: {message.deadlineReason}
                </p>
              )}
              {message.attachments.length > 0 && (
                <ul className="mt-2 text-sm">
                  {message.attachments.map((file) => (
                    <li key={file.id}>
                      <a href={`/portal/cases/${view.caseRow.reference}/attachments/${file.id}`} download>
                        {file.fileName}
                      </a>{' '}
                      <span className="text-slate-600">({megabytes(file.sizeBytes)})</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

async function Decisions({ view }: { view: SiteCaseView }) {
  const zone = await viewerTimeZone();
  return (
    <section aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">Decisions</h2>
      <ul className="max-w-2xl space-y-3">
        {view.decisions.map((decision) => (
          <li key={decision.id} className="card" data-testid={`decision-${decision.outcome}`}>
            <h3 className="font-semibold">
              {caseOutcomeSiteLabels[decision.outcome]}
              {decision.state === 'overturned' && <span className="ml-2 text-sm font-normal text-slate-600">(overturned on appeal)</span>}
            </h3>
            <p className="text-sm text-slate-600">Decided on {formatDate(decision.confirmedAt ?? decision.decidedAt, zone)}</p>
            <p className="mt-2 whitespace-pre-wrap">{decision.reasonForSite}</p>
            {decision.correctiveDueAt && <p className="mt-2 text-sm font-medium">The corrective action is due by {formatDate(decision.correctiveDueAt, zone)}.</p>}
            {decision.referredTo && <p className="mt-2 text-sm">Referred to: {decision.referredTo}</p>}
            {decision.actedBeforeDeadline && (
              <div className="mt-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm" data-testid="early-action">
                <p>
                  <strong>Taken before your response deadline</strong> ({formatDateTime(decision.actedBeforeDeadline, zone)}), because it could not wait: {decision.earlyActionReason}
                </p>
                {view.canRespond && <p className="mt-1">Your response is still due by then: send it below. The reviewer weighs it and may change this decision.</p>}
              </div>
            )}
            {decision.outcome === 'revocation' && decision.state === 'in_effect' ? (
              <p className="mt-2 text-sm" data-testid="appeal-status">
                {REVOCATION_FINALITY_FOR_SITE}
              </p>
            ) : decision.appealFiledAt ? (
              <p className="mt-2 text-sm" data-testid="appeal-status">
                You appealed on {formatDate(decision.appealFiledAt, zone)}.{' '}
                {decision.appealOutcome ? `${appealOutcomeSiteLabels[decision.appealOutcome]}${decision.appealOutcomeNote ? `: ${decision.appealOutcomeNote}` : '.'}` : 'The appeal is pending.'}
              </p>
            ) : decision.appealable ? (
              <>
                <p className="mt-2 text-sm">You may appeal this decision until {formatDateTime(decision.appealableUntil!, zone)}.</p>
                <AppealForm caseRef={view.caseRow.reference} decisionId={decision.id} outcome={caseOutcomeSiteLabels[decision.outcome]} until={formatDateTime(decision.appealableUntil!, zone)} />
              </>
            ) : decision.state === 'in_effect' && decision.appealableUntil ? (
              <p className="mt-2 text-sm text-slate-600">The time to appeal ended on {formatDateTime(decision.appealableUntil, zone)}.</p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
