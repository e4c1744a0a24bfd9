import { connection } from 'next/server';
import { nowDate } from '@/lib/clock';
import { csvLine } from '@/lib/lists/csv-export';
import { getRuntime } from '@/lib/runtime';
import { ValidationError } from '@/lib/services/errors';
import { publicReport, reportCsvRows, reportPeriod } from '@/lib/transparency/report';
import { cachedPublicReport } from '@/lib/transparency/public-report';
import { ReportBusyError } from '@/lib/transparency/report-cache';

const HEADERS = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' };

/**
 * `GET /api/v1/transparency?from=YYYY-MM-DD&to=YYYY-MM-DD` → the public transparency report as
 * JSON; with `Accept: text/csv` or `?format=csv`, as CSV (section, figure, value). Issue #15.
 */
export async function GET(request: Request) {
  await connection(); // never prerendered: `next build` has no database
  const url = new URL(request.url);
  const { clock } = await getRuntime();
  const now = nowDate(clock);
  let period;
  try {
    period = reportPeriod({ from: url.searchParams.get('from') ?? undefined, to: url.searchParams.get('to') ?? undefined }, now);
  } catch (error) {
    if (error instanceof ValidationError) return Response.json({ error: 'bad_request', message: error.message }, { status: 400, headers: HEADERS });
    throw error;
  }
  let cached;
  try {
    cached = await cachedPublicReport(period);
  } catch (error) {
    if (error instanceof ReportBusyError) return Response.json({ error: 'busy', message: error.message }, { status: 503, headers: { ...HEADERS, 'Retry-After': '5', 'Cache-Control': 'no-store' } });
    throw error;
  }
  const report = { ...publicReport(cached.report), computedAt: cached.computedAt.toISOString() };
  const csv = url.searchParams.get('format') === 'csv' || (request.headers.get('accept') ?? '').includes('text/csv');
  if (!csv) return Response.json(report, { headers: HEADERS });
  const body = [csvLine(['section', 'figure', 'value']), ...reportCsvRows(report).map((row) => csvLine(row))].join('');
  return new Response(body, {
    headers: { ...HEADERS, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="openseal-transparency-${period.from}-to-${period.to}.csv"`, Vary: 'Accept' },
  });
}
