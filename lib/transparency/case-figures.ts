import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { appealOutcomes, caseKinds, caseOutcomes, changeOfControlItems, changeOfControlKinds, checklistFindings } from '@/db/schema';
import { count, countsOf, daysOf, percentiles, rows, type Counts, type Days, type Window } from './query-helpers';

/*
 * The report's cases section (issue #15). A decision counts in the period it took effect: a
 * revocation when the second reviewer confirmed it, any other decision when it was made; proposals
 * never confirmed (withdrawn) do not count, decisions later overturned on appeal do (they were in
 * effect), and a decision made on appeal counts as one more decision.
 */

export type CaseFigures = {
  opened: number;
  openedByKind: Counts<(typeof caseKinds)[number]>;
  decisions: number;
  decisionsByOutcome: Counts<(typeof caseOutcomes)[number]>;
  appealsFiled: number;
  appealsDecided: Counts<(typeof appealOutcomes)[number]>;
  /** From a case's first complaint to its first decision in effect, for cases first decided in the period. */
  daysFromComplaintToDecision: Days;
  /** Sites that missed a response deadline (the case marked overdue, the site reminded)… */
  deadlinesMissed: number;
  /** …and those still silent after the grace period (the reviewer prompted to suspend). */
  escalatedAfterGracePeriod: number;
  changeOfControl: {
    opened: number;
    byKind: Counts<(typeof changeOfControlKinds)[number]>;
    /** The Toysmart checklist of the change-of-control cases opened in the period, as it stands now. */
    checklist: Record<(typeof changeOfControlItems)[number], Counts<(typeof checklistFindings)[number]>>;
  };
};

export const effectiveAt = sql`coalesce(confirmed_at, decided_at)`;
export const tookEffect = sql`state in ('in_effect', 'overturned')`;

export async function loadCaseFigures(db: Executor, { within }: Window): Promise<CaseFigures> {
  const openedByKind = await rows(db, sql`select kind as key, count(*) as n from cases where ${within(sql`opened_at`)} group by 1`);
  const byOutcome = await rows(db, sql`select outcome as key, count(*) as n from case_decisions where ${tookEffect} and ${within(effectiveAt)} group by 1`);
  const [appeals] = await rows(db, sql`select count(*) as filed from case_appeals where ${within(sql`filed_at`)}`);
  const appealsDecided = await rows(db, sql`select outcome as key, count(*) as n from case_appeals where outcome is not null and ${within(sql`decided_at`)} group by 1`);
  const [timing] = await rows(
    db,
    sql`with firsts as (
          select distinct on (case_id) case_id, ${effectiveAt} as effective from case_decisions where ${tookEffect} order by case_id, seq
        )
        select ${percentiles(sql`extract(epoch from f.effective - c.first_complaint) / 86400`, sql`c.first_complaint is not null`)}
        from firsts f cross join lateral (select min(created_at) as first_complaint from complaints where case_id = f.case_id) c
        where ${within(sql`f.effective`)}`,
  );
  // Each escalation step is in the audit trail (lib/services/cases/escalate-cases.ts) with its level.
  const [escalations] = await rows(
    db,
    sql`select count(*) filter (where after->>'level' = '1') as missed, count(*) filter (where after->>'level' = '2') as escalated
        from audit_events where action collate "C" = 'case.escalate' and ${within(sql`occurred_at`)}`,
  );
  const changeKinds = await rows(
    db,
    sql`select d.kind as key, count(*) as n from change_of_control_declarations d join cases k on k.id = d.case_id where ${within(sql`k.opened_at`)} group by 1`,
  );
  const checks = await rows(
    db,
    sql`select ch.item, ch.finding as key, count(*) as n from change_of_control_checks ch join cases k on k.id = ch.case_id
        where k.kind = 'change_of_control' and ${within(sql`k.opened_at`)} group by 1, 2`,
  );

  const openedCounts = countsOf(caseKinds, openedByKind);
  const decisionsByOutcome = countsOf(caseOutcomes, byOutcome);
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, n) => total + n, 0);
  return {
    opened: sum(openedCounts),
    openedByKind: openedCounts,
    decisions: sum(decisionsByOutcome),
    decisionsByOutcome,
    appealsFiled: count(appeals?.filed),
    appealsDecided: countsOf(appealOutcomes, appealsDecided),
    daysFromComplaintToDecision: daysOf(timing),
    deadlinesMissed: count(escalations?.missed),
    escalatedAfterGracePeriod: count(escalations?.escalated),
    changeOfControl: {
      opened: openedCounts.change_of_control,
      byKind: countsOf(changeOfControlKinds, changeKinds),
      checklist: Object.fromEntries(changeOfControlItems.map((item) => [item, countsOf(checklistFindings, checks.filter((row) => row.item === item))])) as CaseFigures['changeOfControl']['checklist'],
    },
  };
}
