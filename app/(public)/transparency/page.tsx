import type { Metadata } from 'next';
import Link from '@/components/link';
import { connection } from 'next/server';
import { complaintCategories, complaintDismissalReasons, complaintSources, revocationReasons } from '@/db/schema';
import { complaintCategoryLabels, complaintSourceLabels, dismissalReasonLabels } from '@/lib/complaints/labels';
import { nowDate } from '@/lib/clock';
import { formatCalendarDay, formatDateTime, UTC, utcDayKey } from '@/lib/format/dates';
import { getRuntime } from '@/lib/runtime';
import { revocationReasonLabels } from '@/lib/seals/reasons';
import { ValidationError } from '@/lib/services/errors';
import { SMALL_COUNT_NOTE } from '@/lib/transparency/small-counts';
import { reportPeriod, type TransparencyReport } from '@/lib/transparency/report';
import { cachedPublicReport } from '@/lib/transparency/public-report';
import { ReportBusyError } from '@/lib/transparency/report-cache';
import { CaseSection } from './case-section';
import { Breakdown, daysText } from './figures';
import { MonthlySection } from './monthly-section';

export const metadata: Metadata = { title: 'Transparency report' };

type Search = { from?: string | string[]; to?: string | string[] };
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

/** Quick choices: the last 12 months, this year's quarters so far, this year, last year, all time. */
function presets(now: Date): Array<{ label: string; from?: string; to?: string }> {
  const today = utcDayKey(now);
  const year = now.getUTCFullYear();
  const quarters = [1, 2, 3, 4]
    .map((q) => ({ label: `Q${q} ${year}`, from: `${year}-${String(q * 3 - 2).padStart(2, '0')}-01`, to: utcDayKey(new Date(Date.UTC(year, q * 3, 0))) }))
    .filter((quarter) => quarter.from <= today);
  return [{ label: 'Last 12 months' }, ...quarters, { label: `${year}`, from: `${year}-01-01`, to: today }, { label: `${year - 1}`, from: `${year - 1}-01-01`, to: `${year - 1}-12-31` }, { label: 'All time', from: '2000-01-01', to: today }];
}

export default async function TransparencyPage({ searchParams }: { searchParams: Promise<Search> }) {
  await connection(); // read at request time: `next build` has no database
  const { clock } = await getRuntime();
  const now = nowDate(clock);
  const search = await searchParams;
  let report: TransparencyReport | null = null;
  let computedAt: Date | null = null;
  let problem: string | null = null;
  try {
    ({ report, computedAt } = await cachedPublicReport(reportPeriod({ from: one(search.from), to: one(search.to) }, now)));
  } catch (error) {
    if (!(error instanceof ValidationError) && !(error instanceof ReportBusyError)) throw error;
    problem = error.message;
  }
  const query = report ? `from=${report.period.from}&to=${report.period.to}` : '';
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <h1>Transparency report</h1>
        <p className="max-w-prose">
          What the seal authority did, counted from the same records its reviewers work with, live. Periods are whole days in UTC, both ends included.{' '}
          {SMALL_COUNT_NOTE}
        </p>
      </div>

      <section aria-labelledby="period-heading" className="space-y-3">
        <h2 id="period-heading">Period</h2>
        <ul className="flex flex-wrap gap-3 text-sm" aria-label="Choose a period">
          {presets(now).map((preset) => (
            <li key={preset.label}>
              <Link href={preset.from ? `/transparency?from=${preset.from}&to=${preset.to}` : '/transparency'}>{preset.label}</Link>
            </li>
          ))}
        </ul>
        <form method="get" action="/transparency" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="from">From</label>
            <input id="from" name="from" type="date" defaultValue={report?.period.from ?? one(search.from)} />
          </div>
          <div>
            <label htmlFor="to">To</label>
            <input id="to" name="to" type="date" defaultValue={report?.period.to ?? one(search.to)} />
          </div>
          <button type="submit" className="btn">
            Show
          </button>
        </form>
        {problem && (
          <p role="alert" className="text-red-700" data-testid="period-problem">
            {problem}
          </p>
        )}
      </section>

      {report && (
        <>
          <p data-testid="report-period">
            From {formatCalendarDay(report.period.from)} to {formatCalendarDay(report.period.to)}. Download these figures as{' '}
            <a href={`/api/v1/transparency?${query}`}>JSON</a> or <a href={`/api/v1/transparency?${query}&format=csv`}>CSV</a>. Counted at{' '}
            <time dateTime={computedAt!.toISOString()}>{formatDateTime(computedAt!, UTC)} UTC</time>; the figures are counted again at most every five minutes.
          </p>

          <section aria-labelledby="seals-heading" className="space-y-4">
            <h2 id="seals-heading">Seals</h2>
            <Breakdown
              caption="Seals: certified now, and what happened to them in the period"
              testId="seal-figures"
              figures={[
                { label: 'Certified now', count: report.seals.certifiedNow },
                { label: 'Issued', count: report.seals.issued },
                { label: 'Renewed', count: report.seals.renewed },
                { label: 'Suspended', count: report.seals.suspended },
                { label: 'Reinstated', count: report.seals.reinstated },
                { label: 'Revoked', count: report.seals.revoked },
                { label: 'Expired', count: report.seals.expired },
              ]}
            />
            <Breakdown caption="Revocations by reason" testId="revocation-figures" figures={revocationReasons.map((reason) => ({ label: revocationReasonLabels[reason], count: report.seals.revokedByReason[reason] }))} />
          </section>

          <section aria-labelledby="applications-heading" className="space-y-4">
            <h2 id="applications-heading">Applications</h2>
            <Breakdown
              caption="Applications in the period"
              testId="application-figures"
              figures={[
                { label: 'Received', count: report.applications.received },
                { label: 'Approved', count: report.applications.approved },
                { label: 'Rejected', count: report.applications.rejected },
                { label: 'Withdrawn', count: report.applications.withdrawn },
              ]}
            />
            <p data-testid="decision-days">
              From submission to decision: {daysText(report.applications.daysToDecision.median)} at the median, {daysText(report.applications.daysToDecision.p90)} for nine in ten.
            </p>
          </section>

          <section aria-labelledby="complaints-heading" className="space-y-4">
            <h2 id="complaints-heading">Complaints</h2>
            <Breakdown
              caption="Complaints in the period"
              testId="complaint-figures"
              figures={[
                { label: 'Received', count: report.complaints.received },
                { label: 'Dismissed', count: report.complaints.dismissed },
                { label: 'Turned into cases', count: report.complaints.turnedIntoCases },
              ]}
            />
            <p>
              Time to the first action on a complaint (its dismissal, or the case it went into): {daysText(report.complaints.daysToFirstAction.median)} at the median,{' '}
              {daysText(report.complaints.daysToFirstAction.p90)} for nine in ten.
            </p>
            <Breakdown caption="Complaints by category" testId="category-figures" figures={complaintCategories.map((category) => ({ label: complaintCategoryLabels[category], count: report.complaints.byCategory[category] }))} />
            <Breakdown caption="Complaints by source" figures={complaintSources.map((source) => ({ label: complaintSourceLabels[source], count: report.complaints.bySource[source] }))} />
            <Breakdown caption="Dismissals by reason" figures={complaintDismissalReasons.map((reason) => ({ label: dismissalReasonLabels[reason], count: report.complaints.dismissedByReason[reason] }))} />
          </section>

          <CaseSection cases={report.cases} />
          <MonthlySection monthly={report.monthly} />
        </>
      )}
    </div>
  );
}
