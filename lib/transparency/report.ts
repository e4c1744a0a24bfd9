import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import { revocationReasons } from '@/db/schema';
import { utcDayKey } from '@/lib/format/dates';
import { ValidationError } from '@/lib/services/errors';
import { publicCount, publicCountText, SMALL_COUNT_NOTE } from './small-counts';
import { loadCaseFigures, type CaseFigures } from './case-figures';
import { loadComplaintFigures, type ComplaintFigures } from './complaint-figures';
import { loadMonthly, type MonthFigures } from './monthly';
import { count, countsOf, daysOf, rows, windowOf, type Counts, type Days } from './query-helpers';

/*
 * The transparency report (issue #15): what the authority did in a period, computed in SQL from the
 * records reviewers work with. Periods are whole UTC days, both ends included. `loadReport` gives
 * exact counts; `publicReport` is what anyone may read (small counts withheld: small-counts.ts).
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = z.iso.date({ message: 'Give dates as YYYY-MM-DD, like 2026-01-31.' });

export const ReportPeriodInput = z
  .object({ from: isoDay.optional(), to: isoDay.optional() })
  .refine(({ from, to }) => !from || !to || from <= to, { message: 'The period’s start (from) must not be after its end (to).', path: ['from'] });

export type ReportPeriod = { from: string; to: string; start: Date; end: Date };

/** The period asked for: `from` and `to` as UTC days, both included; by default the last 12 months up to today. */
export function reportPeriod(input: unknown, now: Date): ReportPeriod {
  const parsed = ReportPeriodInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? 'The period is not valid.');
  const to = parsed.data.to ?? utcDayKey(now);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS);
  const lastYear = new Date(end);
  lastYear.setUTCFullYear(lastYear.getUTCFullYear() - 1);
  const from = parsed.data.from ?? utcDayKey(lastYear);
  if (from > to) throw new ValidationError('The period’s start (from) must not be after its end (to).');
  return { from, to, start: new Date(`${from}T00:00:00Z`), end };
}

export type TransparencyReport = {
  period: { from: string; to: string };
  seals: {
    certifiedNow: number;
    issued: number;
    renewed: number;
    expired: number;
    suspended: number;
    reinstated: number;
    revoked: number;
    revokedByReason: Counts<(typeof revocationReasons)[number]>;
  };
  applications: { received: number; approved: number; rejected: number; withdrawn: number; daysToDecision: Days };
  complaints: ComplaintFigures;
  cases: CaseFigures;
  monthly: MonthFigures[];
};

export async function loadReport(db: Executor, period: ReportPeriod, now: Date): Promise<TransparencyReport> {
  const window = windowOf(period);
  const { within } = window;

  const [events] = await rows(
    db,
    sql`select
      (select count(*) from seals where status = 'active' and expires_at > ${now.toISOString()}::timestamptz) as certified_now,
      count(*) filter (where type = 'issued') as issued,
      count(*) filter (where type = 'renewed') as renewed,
      count(*) filter (where type = 'expired') as expired,
      count(*) filter (where type = 'suspended') as suspended,
      count(*) filter (where type = 'reinstated') as reinstated,
      count(*) filter (where type = 'revoked') as revoked
    from seal_events where ${within(sql`occurred_at`)}`,
  );
  const revokedByReason = await rows(
    db,
    sql`select s.revocation_reason as key, count(*) as n from seal_events e join seals s on s.id = e.seal_id
        where e.type = 'revoked' and ${within(sql`e.occurred_at`)} group by 1`,
  );

  const decidedInPeriod = sql`status in ('approved', 'rejected') and ${within(sql`decided_at`)} and submitted_at is not null`;
  const [applications] = await rows(
    db,
    sql`select
      count(*) filter (where ${within(sql`submitted_at`)}) as received,
      count(*) filter (where status = 'approved' and ${within(sql`decided_at`)}) as approved,
      count(*) filter (where status = 'rejected' and ${within(sql`decided_at`)}) as rejected,
      count(*) filter (where status = 'withdrawn' and ${within(sql`withdrawn_at`)}) as withdrawn,
      percentile_cont(0.5) within group (order by extract(epoch from decided_at - submitted_at) / 86400) filter (where ${decidedInPeriod}) as median_days,
      percentile_cont(0.9) within group (order by extract(epoch from decided_at - submitted_at) / 86400) filter (where ${decidedInPeriod}) as p90_days
    from applications`,
  );

  const complaints = await loadComplaintFigures(db, window);

  return {
    period: { from: period.from, to: period.to },
    seals: {
      certifiedNow: count(events!.certified_now),
      issued: count(events!.issued),
      renewed: count(events!.renewed),
      expired: count(events!.expired),
      suspended: count(events!.suspended),
      reinstated: count(events!.reinstated),
      revoked: count(events!.revoked),
      revokedByReason: countsOf(revocationReasons, revokedByReason),
    },
    applications: {
      received: count(applications!.received),
      approved: count(applications!.approved),
      rejected: count(applications!.rejected),
      withdrawn: count(applications!.withdrawn),
      daysToDecision: daysOf(applications),
    },
    complaints: complaints.figures,
    cases: await loadCaseFigures(db, window),
    monthly: await loadMonthly(db, period, window, complaints.receivedByMonth),
  };
}

type Withheld<T> = T extends number ? number | null : T extends Days ? Days : { [K in keyof T]: Withheld<T[K]> };
export type PublicTransparencyReport = { period: { from: string; to: string }; smallCounts: string } & Withheld<Omit<TransparencyReport, 'period'>>;

/** The report as the public reads it: every count through the small-count rule; durations as they are. */
export function publicReport(report: TransparencyReport): PublicTransparencyReport {
  const withhold = (value: unknown): unknown => {
    if (typeof value === 'number') return publicCount(value);
    if (Array.isArray(value)) return value.map(withhold);
    if (value && typeof value === 'object' && 'median' in value) return value;
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withhold(inner)]));
    return value;
  };
  const { period, ...figures } = report;
  return { period, smallCounts: SMALL_COUNT_NOTE, ...(withhold(figures) as Withheld<Omit<TransparencyReport, 'period'>>) };
}

/** The public report as CSV rows: section, figure, value (by month: `monthly`, `2026-01.complaintsReceived`) ("fewer than 5" where withheld; days as decimals). */
export function reportCsvRows(report: PublicTransparencyReport): Array<[string, string, string]> {
  const lines: Array<[string, string, string]> = [];
  const walk = (section: string, prefix: string, value: unknown) => {
    // A null duration means nothing was decided in the period; a null count was withheld.
    if (value === null) lines.push([section, prefix, /\.(median|p90)$/.test(prefix) ? '' : publicCountText(1)]);
    else if (typeof value === 'number') lines.push([section, prefix, String(value)]);
    else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) walk(section, prefix ? `${prefix}.${key}` : key, inner);
  };
  for (const section of ['seals', 'applications', 'complaints', 'cases'] as const) walk(section, '', report[section]);
  for (const { month, ...figures } of report.monthly) walk('monthly', month, figures);
  return lines;
}
