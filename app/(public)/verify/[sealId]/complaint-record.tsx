import { caseOutcomeLabels } from '@/lib/cases/decision-labels';
import { formatPublicDate } from '@/components/public-seal-status';
import { publicCountText, SMALL_COUNT_NOTE } from '@/lib/transparency/small-counts';
import { COMPLAINT_RECORD_YEARS, complaintEndings, type ComplaintEnding, type OrganizationComplaintRecord } from '@/lib/transparency/organization-complaints';

const endingLabels: Record<ComplaintEnding, string> = {
  being_reviewed: 'Being reviewed by the seal authority',
  dismissed: 'Dismissed (out of scope, duplicate, unfounded or without enough information)',
  under_investigation: 'Under investigation in a case',
  closed_without_decision: 'Case closed without a decision',
  ...Object.fromEntries(Object.entries(caseOutcomeLabels).map(([outcome, label]) => [outcome, `Case decided: ${label.charAt(0).toLowerCase()}${label.slice(1)}`])),
} as Record<ComplaintEnding, string>;

/** The holder's complaints of the last three years and how they ended, counts only (issue #15). */
export function ComplaintRecord({ holder, record }: { holder: string; record: OrganizationComplaintRecord }) {
  return (
    <section aria-labelledby="complaint-record-heading" className="space-y-2">
      <h2 id="complaint-record-heading">Complaints in the last {COMPLAINT_RECORD_YEARS} years</h2>
      {record.received === 0 ? (
        <p data-testid="complaint-record">
          The seal authority received no complaint about {holder} since {formatPublicDate(record.since)}.
        </p>
      ) : (
        <>
          <p data-testid="complaint-record">
            The seal authority received {publicCountText(record.received)} complaints about {holder} since {formatPublicDate(record.since)}. A complaint is
            one person’s report, not a finding: what the seal authority made of each is below.
          </p>
          <table className="w-full max-w-xl text-sm" data-testid="complaint-record-endings">
            <caption className="sr-only">How the complaints ended</caption>
            <tbody>
              {complaintEndings
                .filter((ending) => record.endings[ending] > 0)
                .map((ending) => (
                  <tr key={ending} className="border-b border-slate-200">
                    <th scope="row" className="py-1 pr-4 text-left font-normal">
                      {endingLabels[ending]}
                    </th>
                    <td className="py-1 text-right tabular-nums">{publicCountText(record.endings[ending])}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          <p className="text-sm text-slate-700">{SMALL_COUNT_NOTE} Who complained and what they wrote are never published.</p>
        </>
      )}
    </section>
  );
}
