import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { hasRole } from '@/lib/auth/actor';
import { complaintCategoryLabels, complaintSourceLabels, complaintStatusReviewerLabels, dismissalReasonLabels } from '@/lib/complaints/labels';
import { megabytes } from '@/lib/complaints/limits';
import { ForbiddenError, NotFoundError } from '@/lib/services/errors';
import { readComplaintForReview } from '@/lib/services/complaints/read-complaint';
import { ComplaintPolicyChangeSection } from './policy-change-section';
import { CaseTriage, ComplaintCaseLink } from './case-triage';
import { DismissComplaintForm } from './dismiss-form';
import { recordTitle } from '@/lib/page-titles';
import { isComplaintReference } from '@/lib/complaints/reference';
import { DateTime } from '@/components/date-time';

export async function generateMetadata({ params }: { params: Promise<{ reference: string }> }): Promise<Metadata> {
  return { title: recordTitle('Complaint', (await params).reference, isComplaintReference) };
}

type Props = { params: Promise<{ reference: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function load(reference: string) {
  try {
    return { ok: true as const, ...(await readComplaintForReview({ ctx: await getServiceContext(), input: { complaint: reference } })) };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) return { ok: false as const, message: error.message };
    throw error;
  }
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** One complaint, everything reviewers may know about it, and the triage actions. */
export default async function ReviewComplaintPage({ params, searchParams }: Props) {
  const { reference } = await params;
  const actor = await requirePageActor(`/review/complaints/${reference}`, 'reviewer');
  const loaded = await load(reference);
  if (!loaded.ok) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          <Link href="/review/complaints">Complaints</Link> / {reference}
        </p>
        <h1>Complaint {reference}</h1>
        <p role="alert" data-refusal="forbidden" className="max-w-prose rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
          {loaded.message}
        </p>
      </div>
    );
  }
  const { complaint, context, evidence, history } = loaded;
  const logged = (await searchParams).logged === '1';

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        <Link href="/review/complaints">Complaints</Link> / {complaint.reference}
      </p>
      <h1>
        Complaint <span className="font-mono">{complaint.reference}</span>: <span data-testid="complaint-status">{complaintStatusReviewerLabels[complaint.status]}</span>
      </h1>
      {logged && (
        <p role="status" className="max-w-prose rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          Logged. {complaint.complainantEmail ? 'The complainant was mailed the reference and a private tracking link.' : 'No complainant email was given, so no one was mailed.'}
        </p>
      )}
      {complaint.fastTrack && (
        <p className="max-w-prose rounded-md border border-amber-500 bg-amber-50 p-3 font-semibold text-amber-950" data-testid="fast-track">
          Fast track: it alleges the sale or transfer of personal data by a current seal holder. Handle it before the rest of the queue.
        </p>
      )}

      {complaint.caseId && <ComplaintCaseLink caseId={complaint.caseId} />}
      <dl className="grid max-w-3xl grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[14rem_1fr]">
        <dt className="font-medium">Category</dt>
        <dd>{complaintCategoryLabels[complaint.category]}</dd>
        <dt className="font-medium">Source</dt>
        <dd>
          {complaintSourceLabels[complaint.source]}
          {context.loggedByName && ` — logged by ${context.loggedByName}`}
        </dd>
        <dt className="font-medium">Seal</dt>
        <dd>
          {context.sealPublicId ? (
            <>
              <Link href={`/review/seals/${context.sealPublicId}`} className="font-mono">
                {context.sealPublicId}
              </Link>{' '}
              ({context.sealDomain}, {context.sealStatus})
            </>
          ) : (
            'None named'
          )}
        </dd>
        <dt className="font-medium">Domain</dt>
        <dd>{complaint.domain ?? '—'}</dd>
        {complaint.monitorHost && (
          <>
            <dt className="font-medium">Host showing the seal</dt>
            <dd>{complaint.monitorHost}</dd>
          </>
        )}
        <dt className="font-medium">Organization</dt>
        <dd>{context.organizationName ?? 'Not known (no site with a proven owner, no seal)'}</dd>
        <dt className="font-medium">What happened</dt>
        <dd className="whitespace-pre-wrap" data-testid="complaint-description">
          {complaint.description}
        </dd>
        <dt className="font-medium">When</dt>
        <dd>{complaint.occurredOn ?? 'Not given'}</dd>
        <dt className="font-medium">Contacted the company first</dt>
        <dd>
          {yesNo(complaint.contactedCompany)}
          {complaint.contactedCompanyOn && `, on ${complaint.contactedCompanyOn}`}
        </dd>
        <dt className="font-medium">Complainant</dt>
        <dd data-testid="complainant">
          {complaint.complainantName ?? '—'}
          {complaint.complainantEmail && <> &lt;{complaint.complainantEmail}&gt;</>}
        </dd>
        <dt className="font-medium">Identity may be shared with the site</dt>
        <dd>{yesNo(complaint.shareIdentity)}</dd>
        <dt className="font-medium">Received</dt>
        <dd><DateTime value={complaint.createdAt} /></dd>
        {complaint.status === 'dismissed' && complaint.dismissalReason && (
          <>
            <dt className="font-medium">Dismissed</dt>
            <dd data-testid="complaint-dismissal">
              {dismissalReasonLabels[complaint.dismissalReason]} — by {context.dismissedByName ?? 'a reviewer'} on {complaint.dismissedAt && <DateTime value={complaint.dismissedAt} />}
              <p className="mt-1 whitespace-pre-wrap">Note to the complainant: {complaint.dismissalNote}</p>
            </dd>
          </>
        )}
      </dl>

      {complaint.source === 'monitor' && <ComplaintPolicyChangeSection complaintId={complaint.id} />}

      <section aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">Evidence</h2>
        {evidence.length === 0 ? (
          <p className="text-slate-700">No files were attached.</p>
        ) : (
          <ul className="list-disc pl-6 text-sm" data-testid="evidence-list">
            {evidence.map((file) => (
              <li key={file.id}>
                <a href={`/review/complaints/${complaint.reference}/evidence/${file.id}`} download>
                  {file.fileName}
                </a>{' '}
                ({file.contentType}, {file.sizeBytes < 1024 ? `${file.sizeBytes} bytes` : file.sizeBytes < 1024 * 1024 ? `${Math.ceil(file.sizeBytes / 1024)} KB` : megabytes(file.sizeBytes)}) <span className="font-mono text-xs text-slate-600">SHA-256 {file.sha256.slice(0, 16)}…</span>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-1 text-xs text-slate-600">Files download; none opens in the browser. Open them with care: they come from outside.</p>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <ol className="list-decimal pl-6 text-sm">
          {history.map((event, index) => (
            <li key={index}>
              <DateTime value={event.occurredAt} /> — {event.action} by {event.actorName ?? 'the system or the public'}
            </li>
          ))}
        </ol>
        {hasRole(actor, 'admin') && (
          <p className="mt-1 text-sm">
            <Link href={`/review/audit?entityType=complaint&entityId=${complaint.id}`}>Audit trail</Link>
          </p>
        )}
      </section>

      {complaint.status === 'new' && (
        <section aria-labelledby="triage-heading">
          <h2 id="triage-heading">Triage</h2>
          <div className="mb-4">
            <CaseTriage complaint={complaint} site={complaint.domain ?? context.sealDomain ?? 'the site'} />
          </div>
          <DismissComplaintForm reference={complaint.reference} />
        </section>
      )}
    </div>
  );
}
