import { appealOutcomes, caseKinds, caseOutcomes, changeOfControlKinds, checklistFindings } from '@/db/schema';
import { changeOfControlChecklist, changeOfControlKindLabels, checklistFindingLabels } from '@/lib/cases/change-of-control';
import { appealOutcomeLabels, caseOutcomeLabels } from '@/lib/cases/decision-labels';
import { caseKindLabels } from '@/lib/cases/labels';
import { publicCountText } from '@/lib/transparency/small-counts';
import type { CaseFigures } from '@/lib/transparency/case-figures';
import { Breakdown, daysText } from './figures';

/** The report's cases: opened, decided by outcome, appeals, timing, missed deadlines, changes of control. */
export function CaseSection({ cases }: { cases: CaseFigures }) {
  const { changeOfControl } = cases;
  return (
    <section aria-labelledby="cases-heading" className="space-y-4">
      <h2 id="cases-heading">Cases</h2>
      <p className="max-w-prose text-sm text-slate-700">
        A case is the investigation a complaint is taken into, or that a change of control (a bankruptcy, a merger, a sale of customer data) opens. A decision counts when it took
        effect: a revocation when a second reviewer confirmed it.
      </p>
      <Breakdown caption="Cases opened, by kind" testId="case-opened-figures" figures={caseKinds.map((kind) => ({ label: caseKindLabels[kind], count: cases.openedByKind[kind] }))} />
      <Breakdown caption="Decisions by outcome" testId="case-outcome-figures" figures={caseOutcomes.map((outcome) => ({ label: caseOutcomeLabels[outcome], count: cases.decisionsByOutcome[outcome] }))} />
      <p data-testid="case-decision-days">
        From the first complaint to the case’s first decision: {daysText(cases.daysFromComplaintToDecision.median)} at the median, {daysText(cases.daysFromComplaintToDecision.p90)}{' '}
        for nine in ten.
      </p>
      <Breakdown
        caption="Appeals filed, and their results"
        testId="appeal-figures"
        figures={[{ label: 'Filed', count: cases.appealsFiled }, ...appealOutcomes.map((outcome) => ({ label: appealOutcomeLabels[outcome], count: cases.appealsDecided[outcome] }))]}
      />
      <Breakdown
        caption="Response deadlines missed"
        testId="deadline-figures"
        figures={[
          { label: 'Missed (site reminded)', count: cases.deadlinesMissed },
          { label: 'Still missed after the grace period (escalated)', count: cases.escalatedAfterGracePeriod },
        ]}
      />

      <h3>Changes of control</h3>
      <Breakdown
        caption="Change-of-control cases opened, by what was declared"
        testId="change-of-control-figures"
        figures={changeOfControlKinds.map((kind) => ({ label: changeOfControlKindLabels[kind], count: changeOfControl.byKind[kind] }))}
      />
      <div className="overflow-x-auto">
        <table className="text-sm" data-testid="checklist-figures">
          <caption className="text-left font-medium">
            The Toysmart checklist of the {publicCountText(changeOfControl.opened)} change-of-control cases opened in the period, as assessed so far
          </caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-1 pr-4 text-left">
                Condition
              </th>
              {checklistFindings.map((finding) => (
                <th key={finding} scope="col" className="px-2 py-1 text-right">
                  {checklistFindingLabels[finding]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {changeOfControlChecklist.map(({ item, title }) => (
              <tr key={item} className="border-b border-slate-200">
                <th scope="row" className="py-1 pr-4 text-left font-normal">
                  {title}
                </th>
                {checklistFindings.map((finding) => (
                  <td key={finding} className="px-2 py-1 text-right tabular-nums">
                    {publicCountText(changeOfControl.checklist[item][finding])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
