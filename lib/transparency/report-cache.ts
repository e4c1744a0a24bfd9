import type { ReportPeriod, TransparencyReport } from './report';

/*
 * The public report, computed at most once per period every few minutes (ADR 0024). At 1,000,000
 * complaints one report reads every complaint of its period: about a second for a year, a few for
 * all time. Anyone may ask for any period, so the work is bounded here: a report younger than
 * FRESH_MS is served as it is; an older one is served at once while a single refresh runs behind
 * it (stale-while-revalidate); one older than STALE_MS is computed afresh before it is served; and
 * reports are computed one at a time, a few waiting at most — beyond that the caller is told to
 * come back (BusyError), rather than the database taking every request's scan at once.
 */

export const FRESH_MS = 5 * 60_000;
export const STALE_MS = 60 * 60_000;
const MAX_PERIODS = 200;
const MAX_WAITING = 4;

export type CachedReport = { report: TransparencyReport; computedAt: Date };
type Entry = { value: CachedReport | null; pending: Promise<CachedReport> | null };

export class ReportBusyError extends Error {
  constructor() {
    super('The transparency report is being computed for other visitors; try again in a few seconds.');
  }
}

export type ReportCache = {
  /** The report of `period` as of at most FRESH_MS ago (STALE_MS while it is being refreshed). */
  get(period: ReportPeriod): Promise<CachedReport>;
};

export function createReportCache({ load, now }: { load: (period: ReportPeriod) => Promise<TransparencyReport>; now: () => Date }): ReportCache {
  const entries = new Map<string, Entry>();
  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;

  // One computation at a time, in the order asked.
  const compute = (period: ReportPeriod): Promise<CachedReport> => {
    if (waiting >= MAX_WAITING) return Promise.reject(new ReportBusyError());
    waiting += 1;
    const run = queue.then(async () => {
      try {
        const computedAt = now();
        return { report: await load(period), computedAt };
      } finally {
        waiting -= 1;
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const refresh = (entry: Entry, period: ReportPeriod): Promise<CachedReport> => {
    entry.pending ??= compute(period)
      .then((value) => {
        entry.value = value;
        return value;
      })
      .finally(() => {
        entry.pending = null;
      });
    return entry.pending;
  };

  return {
    async get(period) {
      const key = `${period.from}|${period.to}`;
      let entry = entries.get(key);
      if (!entry) {
        if (entries.size >= MAX_PERIODS) entries.delete(entries.keys().next().value!); // the oldest asked for
        entry = { value: null, pending: null };
        entries.set(key, entry);
      }
      const age = entry.value ? now().getTime() - entry.value.computedAt.getTime() : Infinity;
      if (age < FRESH_MS) return entry.value!;
      if (age < STALE_MS) {
        refresh(entry, period).catch(() => undefined); // the next visitor gets the fresh one; a failure is retried by them
        return entry.value!;
      }
      return refresh(entry, period);
    },
  };
}
