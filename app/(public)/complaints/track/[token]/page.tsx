import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { cache } from 'react';
import { getRuntime } from '@/lib/runtime';
import { complaintCategoryLabels, complaintStatusPublicLabels, dismissalReasonLabels } from '@/lib/complaints/labels';
import { NotFoundError } from '@/lib/services/errors';
import { trackComplaint } from '@/lib/services/complaints/track-complaint';
import { PublicDate } from '@/components/public-seal-status';
import { investigationStageLabels, type InvestigationStage } from '@/lib/cases/complainant-view';
import { REVOCATION_FINALITY_FOR_COMPLAINANT } from '@/lib/cases/site-labels';
import { nowDate } from '@/lib/clock';
import { ReplyForm } from './reply-form';

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

/** The complainant's private page: status, the reason when dismissed, and messages addressed to them. */
export default async function TrackComplaintPage({ params }: Props) {
  const { token } = await params;
  const complaint = await load(token);
  const investigation = complaint.investigation;
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

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">Your complaint</h2>
        <dl className="grid max-w-2xl grid-cols-1 gap-1 sm:grid-cols-[10rem_1fr]">
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
        </dl>
      </section>

      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">Messages</h2>
        {complaint.messages.length === 0 ? (
          <p className="text-slate-700" data-testid="no-messages">
            No messages yet. If a reviewer needs more information from you, the question appears here and we mail you.
          </p>
        ) : (
          <ol className="space-y-2">
            {complaint.messages.map((message, index) => (
              <li key={index} className="card" data-testid={`tracking-message-${message.from ?? 'reviewer'}`}>
                <p className="text-sm font-medium">
                  {message.from === 'you' ? 'Your answer' : 'From the reviewer'}, <PublicDate value={message.at} />
                </p>
                <p className="whitespace-pre-wrap">{message.body}</p>
              </li>
            ))}
          </ol>
        )}
        {investigation?.mayReply && (
          <div className="mt-4">
            <ReplyForm token={token} />
          </div>
        )}
      </section>
      <p className="max-w-prose text-sm text-slate-700">Keep the address of this page private: anyone who has it can read the status of your complaint.</p>
    </div>
  );
}
