import { describe, expect, it } from 'vitest';
import { createReportCache, FRESH_MS, ReportBusyError, STALE_MS } from '@/lib/transparency/report-cache';
import { reportPeriod, type ReportPeriod, type TransparencyReport } from '@/lib/transparency/report';

/*
 * The report cache's promises (ADR 0024): one computation per period while it is fresh, stale ones
 * served at once while a single refresh runs, one computation at a time, and a bounded queue.
 */

const TODAY = new Date('2026-12-06T10:00:00Z');
const period = (from: string) => reportPeriod({ from, to: '2026-12-06' }, TODAY);

/** A loader whose computations the test finishes one by one; each report carries its period and its number. */
function controlledLoader() {
  const started: Array<{ period: ReportPeriod; finish: () => void; fail: (error: Error) => void }> = [];
  let running = 0;
  let mostAtOnce = 0;
  const load = (asked: ReportPeriod) =>
    new Promise<TransparencyReport>((resolve, reject) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      const number = started.length + 1;
      const done = () => (running -= 1);
      started.push({
        period: asked,
        finish: () => (done(), resolve({ period: { from: asked.from, to: `computation ${number}` } } as TransparencyReport)),
        fail: (error) => (done(), reject(error)),
      });
    });
  return { load, started, mostAtOnce: () => mostAtOnce };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the transparency report cache', () => {
  it('computes a period once for everyone asking while it is fresh, and again once it is not', async () => {
    let now = TODAY;
    const loader = controlledLoader();
    const cache = createReportCache({ load: loader.load, now: () => now });
    const first = cache.get(period('2026-01-01'));
    const second = cache.get(period('2026-01-01'));
    await tick();
    expect(loader.started).toHaveLength(1);
    loader.started[0]!.finish();
    expect((await first).report.period.to).toBe('computation 1');
    expect(await second).toBe(await first);

    now = new Date(TODAY.getTime() + FRESH_MS - 1);
    expect((await cache.get(period('2026-01-01'))).report.period.to).toBe('computation 1');
    expect(loader.started).toHaveLength(1);

    // Stale: served at once, one refresh behind it however many ask; the next visitor gets the fresh one.
    now = new Date(TODAY.getTime() + FRESH_MS);
    expect((await cache.get(period('2026-01-01'))).report.period.to).toBe('computation 1');
    expect((await cache.get(period('2026-01-01'))).report.period.to).toBe('computation 1');
    await tick();
    expect(loader.started).toHaveLength(2);
    loader.started[1]!.finish();
    await tick();
    const refreshed = await cache.get(period('2026-01-01'));
    expect(refreshed.report.period.to).toBe('computation 2');
    expect(refreshed.computedAt).toEqual(now);

    // Too old to show: the visitor waits for a new one.
    now = new Date(now.getTime() + STALE_MS);
    const waited = cache.get(period('2026-01-01'));
    await tick();
    expect(loader.started).toHaveLength(3);
    loader.started[2]!.finish();
    expect((await waited).report.period.to).toBe('computation 3');
  });

  it('computes one report at a time, turns away visitors beyond a short queue, and recovers from a failed computation', async () => {
    const loader = controlledLoader();
    const cache = createReportCache({ load: loader.load, now: () => TODAY });
    const asked = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'].map((from) => cache.get(period(from)));
    const settled = Promise.allSettled(asked);
    await expect(cache.get(period('2026-05-01'))).rejects.toThrow(ReportBusyError);
    for (let index = 0; index < 4; index++) {
      await tick();
      expect(loader.started).toHaveLength(index + 1); // the next starts only when the one before ended
      if (index === 1) loader.started[index]!.fail(new Error('the database went away'));
      else loader.started[index]!.finish();
    }
    expect(loader.mostAtOnce()).toBe(1);
    const [first, failed, , last] = await settled;
    expect(first).toMatchObject({ status: 'fulfilled', value: { report: { period: { from: '2026-01-01' } } } });
    expect(failed).toMatchObject({ status: 'rejected', reason: new Error('the database went away') });
    expect(last).toMatchObject({ status: 'fulfilled', value: { report: { period: { from: '2026-04-01' } } } });

    const again = cache.get(period('2026-02-01'));
    await tick();
    loader.started[4]!.finish();
    expect((await again).report.period.from).toBe('2026-02-01');
  });
});
