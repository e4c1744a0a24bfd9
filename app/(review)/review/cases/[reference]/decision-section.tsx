import Link from '@/components/link';
import { appealOutcomes, type AppealOutcome } from '@/db/schema';
import { getServiceContext } from '@/lib/auth/session';
import { nowDate } from '@/lib/clock';
import { appealOutcomeLabels, caseDecisionStateLabels, caseOutcomeHints, caseOutcomeLabels } from '@/lib/cases/decision-labels';
import { loadCaseDecisionView, type DecisionEntry } from '@/lib/cases/decision-queries';
import { authorityRevocationReasons, revocationReasonLabels } from '@/lib/seals/reasons';
import { REVOCATION_FINALITY_FOR_REVIEWER } from '@/lib/cases/site-labels';
import { ServiceError } from '@/lib/services/errors';
import { loadCaseForReviewerRead } from '@/lib/services/cases/case-access';
import { appealReplacementOutcomes } from '@/lib/services/cases/decide-appeal';
import { ActionButton } from '@/components/action-button';
import { closeCaseAction, withdrawRevocationAction } from './decision-actions';
import { ConfirmRevocationForm, DecideAppealForm, DecideCaseForm, ProposeRevocationForm } from './decision-forms';
import { formatDate, formatDateTime, type TimeZone } from '@/lib/format/dates';
import { viewerTimeZone } from '@/components/date-time';

const when = (date: Date, zone: TimeZone) => formatDateTime(date, zone);
const sealStatusAllowsRevocation = (status: string | null) => status === 'active' || status === 'suspended';
const open = (status: string) => status !== 'closed' && status !== 'appealed';

async function DecisionItem({ entry, now }: { entry: DecisionEntry; now: Date }) {
  const zone = await viewerTimeZone();
  return (
    <li className="card" data-testid="case-decision">
      <p className="font-semibold">
        {caseOutcomeLabels[entry.outcome]}
        {entry.revocationReason && ` — ${revocationReasonLabels[entry.revocationReason]}`} <span className="text-sm font-normal text-slate-700">({caseDecisionStateLabels[entry.state]})</span>
      </p>
      <p className="text-sm text-slate-700">
        {entry.state === 'proposed' ? 'Proposed' : 'Decided'} by {entry.decidedByName} on {when(entry.decidedAt, zone)}
        {entry.confirmedByName && entry.confirmedAt && `; confirmed by ${entry.confirmedByName} on ${when(entry.confirmedAt, zone)}`}
        {entry.withdrawnAt && `; withdrawn on ${when(entry.withdrawnAt, zone)}`}
      </p>
      <dl className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="font-medium">Reason for the site</dt>
        <dd className="whitespace-pre-wrap">{entry.reasonForSite}</dd>
        <dt className="font-medium">Summary for the complainant</dt>
        <dd className="whitespace-pre-wrap">{entry.summaryForComplainant}</dd>
        {entry.correctiveDueAt && (
          <>
            <dt className="font-medium">Corrective action due</dt>
            <dd>{when(entry.correctiveDueAt, zone)}</dd>
          </>
        )}
        {entry.referredTo && (
          <>
            <dt className="font-medium">Referred to</dt>
            <dd>{entry.referredTo}</dd>
          </>
        )}
        {entry.actedBeforeDeadline && (
          <>
            <dt className="font-medium">Before the site’s deadline</dt>
            <dd className="whitespace-pre-wrap" data-testid="decision-early-action">
              Taken before the site’s response deadline of {when(entry.actedBeforeDeadline, zone)}, because: {entry.earlyActionReason}
            </dd>
          </>
        )}
        {entry.state !== 'proposed' && entry.state !== 'withdrawn' && (
          <>
            <dt className="font-medium">Appeal</dt>
            <dd>
              {entry.outcome === 'revocation' && !entry.appeal
                ? REVOCATION_FINALITY_FOR_REVIEWER
                : entry.appeal
                ? `Appealed by ${entry.appeal.filedByName} on ${when(entry.appeal.filedAt, zone)}${entry.appeal.outcome ? ` — ${appealOutcomeLabels[entry.appeal.outcome].toLowerCase()} (${entry.appeal.decidedByName ?? 'a reviewer'}): ${entry.appeal.outcomeNote}` : ' — pending'}`
                : !entry.appealableUntil
                  ? 'Cannot be appealed (decided on appeal)'
                  : entry.appealableUntil > now
                    ? `The site may appeal until ${when(entry.appealableUntil, zone)}`
                    : `Appeal window ended on ${when(entry.appealableUntil, zone)}`}
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}

/**
 * The decisions of a case and the reviewer's decision forms (issue 6, "Decisions" and "Appeal").
 * Loads its own data with the same read rule as the page: a reviewer tied to the organization sees
 * nothing here either.
 */
export async function CaseDecisionSection({ caseId }: { caseId: string }) {
  const zone = await viewerTimeZone();
  const ctx = await getServiceContext();
  let loaded;
  try {
    loaded = await loadCaseForReviewerRead(ctx.db, ctx.actor, caseId);
  } catch (error) {
    if (error instanceof ServiceError) return null;
    throw error;
  }
  const { actor, caseRow } = loaded;
  const now = nowDate(ctx.clock);
  const view = await loadCaseDecisionView(ctx.db, caseRow, actor, now);
  const { proposal, pendingAppeal, may } = view;
  // Only the decisions still possible after those in effect (lib/cases/further-decisions.ts).
  const outcomes = view.further.outcomes.map((outcome) => ({ value: outcome, label: caseOutcomeLabels[outcome], hint: caseOutcomeHints[outcome] }));
  const inEffect = view.decisions.filter((entry) => entry.state === 'in_effect');
  const further = inEffect.length > 0 ? { decidedSoFar: inEffect.map((entry) => `${caseOutcomeLabels[entry.outcome]} (${formatDate(entry.confirmedAt ?? entry.decidedAt, zone)})`), why: view.further.why } : null;
  const appealChoices = (pendingAppeal?.outcome === 'revocation' ? (['stands'] as AppealOutcome[]) : [...appealOutcomes]).map((outcome) => ({ value: outcome, label: appealOutcomeLabels[outcome] }));
  const replacements = appealReplacementOutcomes.map((outcome) => ({ value: outcome, label: caseOutcomeLabels[outcome], hint: caseOutcomeHints[outcome] }));

  return (
    <section aria-labelledby="decisions-heading" className="space-y-4" data-testid="case-decisions">
      <h2 id="decisions-heading">Decisions</h2>
      {view.decisions.length === 0 ? <p className="text-slate-700">No decision yet.</p> : <ol className="space-y-3">{view.decisions.map((entry) => <DecisionItem key={entry.id} entry={entry} now={now} />)}</ol>}

      {proposal && (
        <div className="card max-w-2xl border-red-300" data-testid="revocation-proposal">
          <h3 className="mt-0 font-semibold">Revocation proposed by {proposal.decidedByName}</h3>
          <p className="mb-3 text-sm text-slate-700">
            {revocationReasonLabels[proposal.revocationReason!]}. It takes effect only when a different reviewer or an administrator confirms it; the seal is then revoked at once. {REVOCATION_FINALITY_FOR_REVIEWER} Nothing is sent to the site or the complainants before the confirmation.
          </p>
          {may.confirm ? (
            <ConfirmRevocationForm decisionId={proposal.id} reasonForSite={proposal.reasonForSite} summaryForComplainant={proposal.summaryForComplainant} />
          ) : proposal.decidedById === actor.id ? (
            <p className="text-sm">You proposed it, so you cannot confirm it: a different reviewer or an administrator must.</p>
          ) : view.siteDeadline ? (
            <p className="text-sm">The site’s response is due by {when(view.siteDeadline, zone)}: the revocation can be confirmed once the site has responded or the deadline has passed.</p>
          ) : (
            <p className="text-sm">An appeal is pending on this case: it must be decided before the revocation can be confirmed.</p>
          )}
          {may.withdraw && (
            <div className="mt-2">
              <ActionButton action={withdrawRevocationAction} fields={{ decisionId: proposal.id }} label="Withdraw the proposal" />
            </div>
          )}
        </div>
      )}

      {pendingAppeal?.appeal && (
        <div className="space-y-3" data-testid="pending-appeal">
          <div className="card max-w-2xl">
            <h3 className="mt-0 font-semibold">
              Appeal against “{caseOutcomeLabels[pendingAppeal.outcome]}”, filed by {pendingAppeal.appeal.filedByName} on {when(pendingAppeal.appeal.filedAt, zone)}
            </h3>
            <p className="whitespace-pre-wrap text-sm">{pendingAppeal.appeal.grounds}</p>
          </div>
          {may.decideAppeal ? (
            <DecideAppealForm appealId={pendingAppeal.appeal.id} outcomes={appealChoices} replacements={replacements} revocation={pendingAppeal.outcome === 'revocation'} zone={zone} />
          ) : (
            <p className="max-w-prose text-sm" data-testid="appeal-not-eligible">
              You took part in this case, so a reviewer who took no part in it decides the appeal.
            </p>
          )}
        </div>
      )}

      {open(caseRow.status) && !proposal && !view.decider && (
        <p className="max-w-prose text-sm" data-testid="not-case-decider">
          This case is assigned to another reviewer: only they, or an administrator, may decide it. An administrator can reassign it to you.
        </p>
      )}
      {view.suspendedByCase && view.sealStatus === 'suspended' && (
        <p className="max-w-prose text-sm" data-testid="case-suspension">
          Seal {view.sealPublicId} is suspended by a decision on this case; only this case lifts it: decide “remedied” once the site has met the reinstatement requirements.
        </p>
      )}
      {may.decide && <DecideCaseForm caseRef={caseRow.reference} outcomes={outcomes} appealDays={view.caseAppealDays} siteDeadline={view.siteDeadline ? when(view.siteDeadline, zone) : null} further={further} zone={zone} />}
      {may.decide && view.siteDeadline && (sealStatusAllowsRevocation(view.sealStatus)) && (
        <p className="max-w-2xl text-sm" data-testid="revocation-waits">
          A revocation is final and cannot be appealed, so it is proposed only once the site has responded or its deadline ({when(view.siteDeadline, zone)}) has passed. If the harm cannot wait, suspend the seal before the deadline, with your reason.
        </p>
      )}
      {may.proposeRevocation && <ProposeRevocationForm caseRef={caseRow.reference} reasons={authorityRevocationReasons.map((reason) => ({ value: reason, label: revocationReasonLabels[reason] }))} />}

      {caseRow.status === 'decided' && (
        <div className="max-w-2xl text-sm">
          {may.close ? (
            <ActionButton action={closeCaseAction} fields={{ caseRef: caseRow.reference }} label="Close the case" confirm="Close this case? No further decision can be taken on it." />
          ) : view.closableFrom ? (
            <p>The case can be closed once the site can no longer appeal: after {when(view.closableFrom, zone)}.</p>
          ) : proposal ? (
            <p>Confirm or withdraw the revocation proposal before closing the case.</p>
          ) : view.suspendedByCase ? (
            <p>The seal is still suspended by this case: lift the suspension (a “remedied” decision) or revoke the seal before closing the case.</p>
          ) : null}
        </div>
      )}
      <p className="text-sm">
        <Link href={`/review/cases/${caseRow.reference}/dossier`}>Dossier (printable)</Link> · <a href={`/review/cases/${caseRow.reference}/dossier.json`}>Dossier as JSON</a>
      </p>
    </section>
  );
}
