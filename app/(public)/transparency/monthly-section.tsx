import { caseOutcomes } from '@/db/schema';
import { caseOutcomeLabels } from '@/lib/cases/decision-labels';
import type { MonthFigures } from '@/lib/transparency/monthly';
import { MonthlyBreakdown } from './monthly-figures';

const OUTCOME_COLORS: Record<(typeof caseOutcomes)[number], string> = {
  no_violation: '#1d4ed8',
  remedied: '#0f766e',
  warning: '#a16207',
  corrective_action: '#7c3aed',
  suspension: '#c2410c',
  revocation: '#b91c1c',
  referral: '#334155',
};

/** The report's figures month by month: complaints and cases, seal sanctions, decisions by outcome. */
export function MonthlySection({ monthly }: { monthly: MonthFigures[] }) {
  const months = monthly.map((figures) => figures.month);
  return (
    <section aria-labelledby="monthly-heading" className="space-y-6">
      <h2 id="monthly-heading">Month by month</h2>
      {months.length === 0 ? (
        <p>Nothing was recorded in this period.</p>
      ) : (
        <>
          <MonthlyBreakdown
            caption="Complaints received and cases opened, by month"
            testId="monthly-complaints"
            months={months}
            series={[
              { label: 'Complaints received', color: '#1d4ed8', counts: monthly.map((figures) => figures.complaintsReceived) },
              { label: 'Cases opened', color: '#a16207', counts: monthly.map((figures) => figures.casesOpened) },
            ]}
          />
          <MonthlyBreakdown
            caption="Seals issued, suspended and revoked, by month"
            testId="monthly-seals"
            months={months}
            series={[
              { label: 'Issued', color: '#0f766e', counts: monthly.map((figures) => figures.sealsIssued) },
              { label: 'Suspended', color: '#c2410c', counts: monthly.map((figures) => figures.sealsSuspended) },
              { label: 'Revoked', color: '#b91c1c', counts: monthly.map((figures) => figures.sealsRevoked) },
            ]}
          />
          <MonthlyBreakdown
            caption="Case decisions by outcome, by month"
            testId="monthly-outcomes"
            months={months}
            stacked
            series={caseOutcomes.map((outcome) => ({ label: caseOutcomeLabels[outcome], color: OUTCOME_COLORS[outcome], counts: monthly.map((figures) => figures.decisionsByOutcome[outcome]) }))}
          />
        </>
      )}
    </section>
  );
}
