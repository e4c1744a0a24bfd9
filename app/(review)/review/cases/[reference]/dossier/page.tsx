import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { caseOutcomeLabels, caseDecisionStateLabels, appealOutcomeLabels } from '@/lib/cases/decision-labels';
import { readCaseDossier, type CaseDossier } from '@/lib/cases/dossier';
import { caseKindLabels, caseStatusLabels, messageAudienceLabels, messageKindLabels } from '@/lib/cases/labels';
import { complaintCategoryLabels, complaintSourceLabels } from '@/lib/complaints/labels';
import { ForbiddenError, NotFoundError } from '@/lib/services/errors';
import { changeOfControlKindLabels, checklistEntry, checklistFindingLabels } from '@/lib/cases/change-of-control';
import { revocationReasonLabels } from '@/lib/seals/reasons';
import { PrintButton } from './print-button';
import { recordTitle } from '@/lib/page-titles';
import { isCaseReference } from '@/lib/cases/reference';
import { formatDateTime, renderDateTokens, type TimeZone } from '@/lib/format/dates';
import { viewerTimeZone } from '@/components/date-time';

export async function generateMetadata({ params }: { params: Promise<{ reference: string }> }): Promise<Metadata> {
  return { title: recordTitle('Case dossier', (await params).reference, isCaseReference) };
}

type Props = { params: Promise<{ reference: string }> };

// The site's chrome is left off the paper; sections may break across pages, headings stay with what follows.
const when = (value: string | null, zone: TimeZone) => (value ? formatDateTime(new Date(value), zone) : '—');
const files = (list: Array<{ fileName: string; contentType: string; sizeBytes: number; sha256: string }>) =>
  list.length ? list.map((item) => `${item.fileName} (${item.contentType}, ${item.sizeBytes} bytes, SHA-256 ${item.sha256})`).join('; ') : null;

async function load(reference: string) {
  try {
    return { ok: true as const, dossier: await readCaseDossier({ ctx: await getServiceContext(), input: { caseRef: reference } }) };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) return { ok: false as const, message: error.message };
    throw error;
  }
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="font-medium">{label}</dt>
      <dd className="whitespace-pre-wrap">{children}</dd>
    </>
  );
}

async function CaseFacts({ dossier }: { dossier: CaseDossier }) {
  const zone = await viewerTimeZone();
  const { case: facts } = dossier;
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
      <Row label="Kind">{caseKindLabels[facts.kind]}</Row>
      <Row label="Status">{caseStatusLabels[facts.status]}</Row>
      <Row label="Title">{facts.title}</Row>
      <Row label="Organization">
        {facts.organization.legalName} ({facts.organization.country}), {facts.organization.contactEmail}
      </Row>
      <Row label="Seal">{facts.seal ? `${facts.seal.publicId} (${facts.seal.status}) for ${facts.seal.domains.join(', ')}` : 'None'}</Row>
      <Row label="Domain">{facts.domain ?? '—'}</Row>
      <Row label="Opened">
        {when(facts.openedAt, zone)}
        {facts.openedBy && ` by ${facts.openedBy}`}
      </Row>
      <Row label="Assigned to">{facts.assignedReviewer ?? 'Nobody'}</Row>
      <Row label="Decided">{when(facts.decidedAt, zone)}</Row>
      <Row label="Closed">{when(facts.closedAt, zone)}</Row>
    </dl>
  );
}

/** The dossier of a case, printable: for a referral to a regulator, or for the record. */
export default async function CaseDossierPage({ params }: Props) {
  const zone = await viewerTimeZone();
  const { reference } = await params;
  await requirePageActor(`/review/cases/${reference}/dossier`, 'reviewer');
  const loaded = await load(reference);
  if (!loaded.ok) {
    return (
      <div className="space-y-4">
        <h1>Dossier of case {reference}</h1>
        <p role="alert" data-refusal="forbidden" className="max-w-prose rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
          {loaded.message}
        </p>
      </div>
    );
  }
  const { dossier } = loaded;
  const ref = dossier.case.reference;
  return (
    <article className="dossier space-y-8">
      <p className="screen-only text-sm text-slate-600">
        <Link href="/review/cases">Cases</Link> / <Link href={`/review/cases/${ref}`}>{ref}</Link> / Dossier
      </p>
      <header className="space-y-2">
        <h1>
          Dossier of case <span className="font-mono">{ref}</span>
        </h1>
        <p className="text-sm text-slate-700">Generated {when(dossier.generatedAt, zone)}. Confidential: it names the complainants and holds the internal notes.</p>
        <div className="screen-only flex flex-wrap gap-3">
          <PrintButton />
          <a className="btn-secondary" href={`/review/cases/${ref}/dossier.json`} download>
            Download as JSON
          </a>
        </div>
      </header>

      <section aria-labelledby="dossier-case">
        <h2 id="dossier-case">The case</h2>
        <CaseFacts dossier={dossier} />
      </section>

      <section aria-labelledby="dossier-timeline">
        <h2 id="dossier-timeline">Timeline</h2>
        <ol className="list-decimal pl-6 text-sm" data-testid="dossier-timeline">
          {dossier.timeline.map((entry, index) => (
            <li key={index}>
              {when(entry.at, zone)} — {entry.event}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="dossier-complaints">
        <h2 id="dossier-complaints">Complaints</h2>
        {dossier.complaints.length === 0 && <p className="text-sm">None: the case was not opened from a complaint.</p>}
        {dossier.complaints.map((complaint) => (
          <div key={complaint.reference} className="mb-4">
            <h3 className="font-semibold">{complaint.reference}</h3>
            <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
              <Row label="Category">{complaintCategoryLabels[complaint.category]}</Row>
              <Row label="Source">{complaintSourceLabels[complaint.source]}</Row>
              <Row label="Received">{when(complaint.receivedAt, zone)}</Row>
              <Row label="Complainant">
                {complaint.complainant.name ?? '—'}
                {complaint.complainant.email && ` <${complaint.complainant.email}>`}
                {complaint.complainant.mayBeSharedWithSite ? ' (may be shared with the site)' : ' (not to be shared with the site)'}
              </Row>
              <Row label="What happened">{complaint.description}</Row>
              <Row label="When">{complaint.occurredOn ?? 'Not given'}</Row>
              <Row label="Contacted the company">{complaint.contactedCompany ? `Yes${complaint.contactedCompanyOn ? `, on ${complaint.contactedCompanyOn}` : ''}` : 'No'}</Row>
              <Row label="Evidence">{files(complaint.evidence) ?? 'None'}</Row>
            </dl>
          </div>
        ))}
      </section>

      <section aria-labelledby="dossier-messages">
        <h2 id="dossier-messages">Messages, internal notes included</h2>
        <ol className="space-y-3 text-sm">
          {dossier.messages.map((message, index) => (
            <li key={index} className="border-l-4 border-slate-300 pl-3">
              <p className="font-medium">
                {messageKindLabels[message.kind]} — {when(message.at, zone)}
                {message.author && ` — ${message.author}`}
                {message.complaint && ` — complaint ${message.complaint}`}
              </p>
              <p className="text-slate-600">{messageAudienceLabels[message.audience]}</p>
              <p className="whitespace-pre-wrap">{renderDateTokens(message.body, zone)}</p>
              {message.deadlineReason && <p className="whitespace-pre-wrap">Why the deadline ends after the declared change: {message.deadlineReason}</p>}
              {files(message.attachments) && <p className="text-slate-700">Attached: {files(message.attachments)}</p>}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="dossier-decisions">
        <h2 id="dossier-decisions">Decisions and appeals</h2>
        {dossier.decisions.length === 0 && <p className="text-sm">No decision yet.</p>}
        <ol className="space-y-3 text-sm" data-testid="dossier-decisions">
          {dossier.decisions.map((decision) => {
            const appeal = dossier.appeals.find((entry) => entry.decisionId === decision.id);
            return (
              <li key={decision.id}>
                <p className="font-medium">
                  {caseOutcomeLabels[decision.outcome]}
                  {decision.revocationReason && ` (${revocationReasonLabels[decision.revocationReason]})`} — {caseDecisionStateLabels[decision.state]} — {decision.decidedBy}, {when(decision.decidedAt, zone)}
                  {decision.confirmedBy && `; confirmed by ${decision.confirmedBy}, ${when(decision.confirmedAt, zone)}`}
                </p>
                <p className="whitespace-pre-wrap">For the site: {decision.reasonForSite}</p>
                <p className="whitespace-pre-wrap">For the complainant: {decision.summaryForComplainant}</p>
                {decision.referredTo && <p>Referred to: {decision.referredTo}</p>}
                {decision.correctiveDueAt && <p>Corrective action due: {when(decision.correctiveDueAt, zone)}</p>}
                {decision.actedBeforeDeadline && <p className="whitespace-pre-wrap">Taken before the site’s response deadline ({when(decision.actedBeforeDeadline, zone)}), because: {decision.earlyActionReason}</p>}
                {appeal && (
                  <p className="whitespace-pre-wrap">
                    Appealed by {appeal.filedBy}, {when(appeal.filedAt, zone)}: {appeal.grounds}
                    {appeal.outcome ? `\nOutcome: ${appealOutcomeLabels[appeal.outcome]} — ${appeal.decidedBy}, ${when(appeal.decidedAt, zone)}: ${appeal.note ?? ''}` : '\nPending.'}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      </section>

      {dossier.changeOfControl && (
        <section aria-labelledby="dossier-coc">
          <h2 id="dossier-coc">Change of control</h2>
          <p className="text-sm">
            {changeOfControlKindLabels[dossier.changeOfControl.kind]}, effective {dossier.changeOfControl.effectiveOn}, counterparty {dossier.changeOfControl.counterparty}. {dossier.changeOfControl.description}
          </p>
          <ul className="list-disc pl-6 text-sm">
            {dossier.changeOfControl.checks.map((check) => (
              <li key={check.item}>
                {checklistEntry(check.item).title}: {checklistFindingLabels[check.finding]}
                {check.evidence && ` — ${check.evidence}`}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="dossier-audit">
        <h2 id="dossier-audit">Audit trail</h2>
        <table className="w-full text-left text-xs" data-testid="dossier-audit">
          <thead>
            <tr>
              <th className="pr-2">When</th>
              <th className="pr-2">Action</th>
              <th className="pr-2">By</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {dossier.auditTrail.map((event, index) => (
              <tr key={index} className="align-top">
                <td className="pr-2">{when(event.at, zone)}</td>
                <td className="pr-2 font-mono">{event.action}</td>
                <td className="pr-2">{event.actor ?? 'the system or the public'}</td>
                <td className="break-all font-mono">{event.after ? JSON.stringify(event.after) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}
