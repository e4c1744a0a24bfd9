import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { cache } from 'react';
import { getRuntime } from '@/lib/runtime';
import { complaintCategoryLabels, complaintStatusPublicLabels, dismissalReasonLabels } from '@/lib/complaints/labels';
import { NotFoundError } from '@/lib/services/errors';
import { trackComplaint } from '@/lib/services/complaints/track-complaint';
import { PublicDate } from '@/components/public-seal-status';
import { investigationStageLabels, type ComplainantTimelineEntry, type InvestigationStage } from '@/lib/cases/complainant-view';
import { fileSize } from '@/lib/complaints/limits';
import { evidenceTypeName } from '@/lib/complaints/evidence-files';
import { REVOCATION_FINALITY_FOR_COMPLAINANT } from '@/lib/cases/site-labels';
import { nowDate } from '@/lib/clock';
import { ReplyForm } from './reply-form';
import { renderDateTokens, UTC } from '@/lib/format/dates';

type Props = { params: Promise<{ token: string }> };

// The token is in the address: no search engine may keep it, and no link may send it on as a
// Referer (next.config.mjs sets the same as response headers).
export const metadata: Metadata = { title: 'Your complaint', robots: { index: false, follow: false }, referrer: 'no-referrer' };

const statusMeaning = {
  new: 'A reviewer will read your complaint and decide whether to open an investigation. Complaints about a sale of personal data by a certified site are handled first.',
  dismissed: 'The seal authority closed your complaint without opening an investigation. The reason is below.',
  in_case: 'The seal authority is investigating. You will see messages and the outcome here.',
} as const;

const stageMeaning: Record<InvestigationStage, string> = {
  under_investigation: statusMeaning.in_case,
  decided: 'The seal authority has decided. The outcome is below.',
  closed: 'The investigation is closed. The outcome is below.',
};

const outcomeLabels = {
  no_violation: 'No violation found',
  remedied: 'Remedied by the site',
  warning: 'Warning to the site',
  corrective_action: 'Corrective action required of the site',
  suspension: 'Seal suspended',
  revocation: 'Seal revoked',
  referral: 'Referred to a regulator',
} as const;

const appealResultWords = {
  stands: 'the appeal was rejected and the decision stands',
  reversed: 'on appeal the decision was reversed',
  changed: 'on appeal the decision was changed; the new decision follows',
} as const;

/** One line of the complainant's timeline: a question, an answer, a decision or an appeal. */
function TimelineEntry({ entry }: { entry: ComplainantTimelineEntry }) {
  if (entry.kind === 'message') {
    return (
      <li className="card" data-testid={`tracking-message-${entry.from}`}>
        <p className="text-sm font-medium">
          {entry.from === 'you' ? 'Your answer' : 'Question from the reviewer'}, <PublicDate value={entry.at} />
        </p>
        <p className="whitespace-pre-wrap">{renderDateTokens(entry.body, UTC)}</p>
        {entry.files.length > 0 && (
          <ul className="mt-2 list-disc pl-6 text-sm" aria-label="Files you attached" data-testid="tracking-message-files">
            {entry.files.map((file, index) => (
              <li key={index}>
                <span className="font-medium">{file.name}</span> <span className="text-slate-700">({evidenceTypeName(file.contentType)}, {fileSize(file.sizeBytes)})</span>
              </li>
            ))}
          </ul>
        )}
      </li>
    );
  }
  if (entry.kind === 'decision') {
    return (
      <li className="card border-slate-400" data-testid="tracking-decision">
        <p className="text-sm font-medium">
          Decision: {outcomeLabels[entry.outcome]}, <PublicDate value={entry.at} />
          {entry.overturned && <span className="font-normal text-slate-700"> (later overturned on appeal)</span>}
        </p>
        <p className="whitespace-pre-wrap">{entry.summary}</p>
      </li>
    );
  }
  return (
    <li className="card border-dashed" data-testid="tracking-appeal">
      <p className="text-sm">
        {entry.result ? (
          <>
            The site’s appeal against “{outcomeLabels[entry.against]}” was decided: {appealResultWords[entry.result]}.
          </>
        ) : (
          <>The site appealed the decision “{outcomeLabels[entry.against]}”.</>
        )}{' '}
        <PublicDate value={entry.at} />
      </p>
    </li>
  );
}

const load = cache(async (token: string) => {
  await connection();
  const { db, clock } = await getRuntime();
  try {
    return await trackComplaint({ ctx: { db, clock, actor: null }, input: { token } });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

/**
 * The complainant's private page: status and outcome, what they wrote and the files they sent, and
 * the messages and decisions in order, with the answer form below the last of them.
 */
export default async function TrackComplaintPage({ params }: Props) {
  const { token } = await params;
  const complaint = await load(token);
  const investigation = complaint.investigation;
  const timeline = investigation?.timeline ?? [];
  const wrote = complaint.wrote;
  const now = nowDate((await getRuntime()).clock);
  return (
    <div className="space-y-6">
      <h1>
        Complaint <span className="font-mono">{complaint.reference}</span>
      </h1>
      <section aria-labelledby="status-heading" className="card max-w-2xl">
        <h2 id="status-heading" className="mt-0">
          Status: <span data-testid="complaint-status">{investigation ? investigationStageLabels[investigation.stage] : complaintStatusPublicLabels[complaint.status]}</span>
        </h2>
        <p className="max-w-prose">{investigation ? stageMeaning[investigation.stage] : statusMeaning[complaint.status]}</p>
        {investigation && investigation.outcomes.length > 0 && (
          <div className="mt-3 space-y-2" data-testid="complaint-outcome">
            <h3 className="font-semibold">Outcome</h3>
            {investigation.outcomes.map((outcome, index) => (
              <div key={index} className="rounded border border-slate-300 bg-white p-3">
                <p className="font-medium">
                  {outcomeLabels[outcome.outcome]} — <PublicDate value={outcome.at} />
                </p>
                <p className="mt-1 whitespace-pre-wrap">{outcome.summary}</p>
                {outcome.outcome === 'revocation' ? (
                  <p className="mt-1 text-sm text-slate-700" data-testid="outcome-appeal">
                    {REVOCATION_FINALITY_FOR_COMPLAINANT}
                  </p>
                ) : outcome.appealableUntil && outcome.appealableUntil > now ? (
                  <p className="mt-1 text-sm text-slate-700" data-testid="outcome-appeal">
                    The site may appeal this decision until <PublicDate value={outcome.appealableUntil} />; you will see the result here.
                  </p>
                ) : null}
              </div>
            ))}
          </div>
        )}
        {complaint.dismissal && (
          <dl className="mt-3 grid grid-cols-1 gap-1 sm:grid-cols-[10rem_1fr]" data-testid="complaint-dismissal">
            <dt className="font-medium">Reason</dt>
            <dd>{dismissalReasonLabels[complaint.dismissal.reason]}</dd>
            {complaint.dismissal.note && (
              <>
                <dt className="font-medium">The reviewer’s note</dt>
                <dd className="whitespace-pre-wrap">{complaint.dismissal.note}</dd>
              </>
            )}
            {complaint.dismissal.at && (
              <>
                <dt className="font-medium">Closed on</dt>
                <dd>
                  <PublicDate value={complaint.dismissal.at} />
                </dd>
              </>
            )}
          </dl>
        )}
      </section>

      <section aria-labelledby="details-heading" className="space-y-3">
        <h2 id="details-heading">Your complaint</h2>
        <dl className="grid max-w-2xl grid-cols-1 gap-1 sm:grid-cols-[14rem_1fr]" data-testid="complaint-details">
          <dt className="font-medium">About</dt>
          <dd>
            {complaint.site}
            {complaint.sealPublicId && <span className="text-slate-600"> (seal {complaint.sealPublicId})</span>}
          </dd>
          <dt className="font-medium">Category</dt>
          <dd>{complaintCategoryLabels[complaint.category]}</dd>
          <dt className="font-medium">Received</dt>
          <dd>
            <PublicDate value={complaint.filedAt} />
          </dd>
          {wrote.occurredOn && (
            <>
              <dt className="font-medium">When it happened</dt>
              <dd>
                <PublicDate value={`${wrote.occurredOn}T00:00:00Z`} />
              </dd>
            </>
          )}
          <dt className="font-medium">You contacted the company</dt>
          <dd>{wrote.contactedCompany ? (wrote.contactedCompanyOn ? <>Yes, on <PublicDate value={`${wrote.contactedCompanyOn}T00:00:00Z`} /></> : 'Yes') : 'No'}</dd>
          <dt className="font-medium">The site may learn who you are</dt>
          <dd>{wrote.shareIdentity ? 'Yes, you agreed to it' : 'No: the site is not told your name or address'}</dd>
        </dl>
        <div className="max-w-2xl">
          <h3 className="font-semibold">What you wrote</h3>
          <p className="card mt-1 whitespace-pre-wrap" data-testid="complaint-description">
            {wrote.description}
          </p>
        </div>
        <div className="max-w-2xl">
          <h3 className="font-semibold">Files you sent</h3>
          {complaint.files.length === 0 ? (
            <p className="text-slate-700">None.</p>
          ) : (
            <>
              <ul className="mt-1 list-disc pl-6" data-testid="complaint-files">
                {complaint.files.map((file, index) => (
                  <li key={index}>
                    <span className="font-medium">{file.name}</span> <span className="text-slate-700">({evidenceTypeName(file.contentType)}, {fileSize(file.sizeBytes)})</span>
                  </li>
                ))}
              </ul>
              <p className="mt-1 text-sm text-slate-700">Only the seal authority’s reviewers open your files. They are listed here but not offered for download, so that this link alone never hands them to someone else.</p>
            </>
          )}
        </div>
      </section>

      <section aria-labelledby="messages-heading" className="space-y-3">
        <h2 id="messages-heading">Messages and decisions</h2>
        {timeline.length === 0 ? (
          <p className="text-slate-700" data-testid="no-messages">
            No messages yet. If a reviewer needs more information from you, the question appears here and we mail you.
          </p>
        ) : (
          <>
            <p className="max-w-prose text-sm text-slate-700">Oldest first: the reviewer’s questions, your answers, and the decisions on your complaint.</p>
            <ol className="max-w-2xl space-y-2" data-testid="tracking-timeline">
              {timeline.map((entry, index) => (
                <TimelineEntry key={index} entry={entry} />
              ))}
            </ol>
          </>
        )}
        {investigation?.mayReply && <ReplyForm token={token} />}
      </section>
      <p className="max-w-prose text-sm text-slate-700">Keep the address of this page private: anyone who has it can read the status of your complaint.</p>
    </div>
  );
}
