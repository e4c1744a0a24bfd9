import { nowDate } from '@/lib/clock';
import { getRuntime } from '@/lib/runtime';
import { holderRevocationReasons } from '@/lib/seals/reasons';
import { createReportCache, type CachedReport, type ReportCache } from './report-cache';
import { loadReport, reportPeriod, type ReportPeriod } from './report';

// One cache per process, on globalThis: the server (scripts/serve.ts) and the Next bundle load their own copies of this module.
const holder = globalThis as { __opensealReportCache?: ReportCache };

/** The report as the public pages and the download read it: through this process's report cache. */
export async function cachedPublicReport(period: ReportPeriod): Promise<CachedReport> {
  const { db, clock } = await getRuntime();
  holder.__opensealReportCache ??= createReportCache({ load: (asked) => loadReport(db, asked, nowDate(clock)), now: () => nowDate(clock) });
  return holder.__opensealReportCache.get(period);
}

/** Computes the default period's report once the server is up, so that the first visitor to the home page does not wait for it. */
export async function warmPublicReport(): Promise<void> {
  const { clock } = await getRuntime();
  await cachedPublicReport(reportPeriod({}, nowDate(clock))).catch((error: unknown) => console.warn('[openseal] the transparency report could not be computed at start:', error));
}

/** The home page's headline: the report's default period (the last 12 months), so that its link shows the same figures. */
export type Headline = { period: { from: string; to: string }; computedAt: Date; certifiedNow: number; complaintsReceived: number; decisions: number; suspended: number; revokedByAuthority: number };

export async function loadHeadline(): Promise<Headline> {
  const { clock } = await getRuntime();
  const { report, computedAt } = await cachedPublicReport(reportPeriod({}, nowDate(clock)));
  return headlineOf(report, computedAt);
}

/** A seal its holder gave up (ceased operation, no longer wanted) is not a sanction. */
export function headlineOf(report: CachedReport['report'], computedAt: Date): Headline {
  const byHolder = holderRevocationReasons.reduce((sum, reason) => sum + report.seals.revokedByReason[reason], 0);
  return {
    period: report.period,
    computedAt,
    certifiedNow: report.seals.certifiedNow,
    complaintsReceived: report.complaints.received,
    decisions: report.cases.decisions,
    suspended: report.seals.suspended,
    revokedByAuthority: report.seals.revoked - byHolder,
  };
}
