/**
 * npm run bench:pages — how long each staff and public page takes, and how big it is, on a
 * database at scale (issue #12).
 *
 * The data: BENCH_DATABASE_URL, a PostgreSQL database filled by `npm run seed:scale` (the budget in
 * issue #12 is for 100k seals / 1M complaints there); or, without it, a fresh embedded data folder
 * that this script fills with `seed:scale` at BENCH_SEALS (default 10,000) seals and ten complaints
 * per seal. Starts the production server on it (scripts/start.ts: builds when stale), signs in as
 * the demo reviewer and the demo admin through Auth.js (password: BENCH_PASSWORD, else
 * OPENSEAL_DEMO_PASSWORD), then requests each page BENCH_REQUESTS times (default 20, after 3 warm-up
 * requests; a slow page stops after BENCH_PAGE_BUDGET_S, default 60 s, with at least 3 measured),
 * one at a time, and prints the first request's time (a cached page's cold cost), p50, p95 and max
 * in ms and the HTML size.
 *
 * Everything runs on this machine: run nothing else meanwhile.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServerProcess, type ServerProcess } from '../e2e/server-process';
import { intSetting, percentile, postgresServerEnv } from './bench-settings';

type Page = { name: string; path: string; as: 'visitor' | 'reviewer' | 'admin' };
type Row = Page & { status: number; first: number; requests: number; p50: number; p95: number; max: number; kb: number };

const REQUESTS = intSetting('BENCH_REQUESTS', 20);
const WARMUP = 3;
const PAGE_BUDGET_MS = intSetting('BENCH_PAGE_BUDGET_S', 60) * 1000;
const PASSWORD = process.env.BENCH_PASSWORD ?? process.env.OPENSEAL_DEMO_PASSWORD ?? '';


/** The cookies a response sets, as one Cookie header (name=value only). */
function cookiesOf(response: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const),
  );
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0]!;
    jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Signs in through Auth.js's credentials endpoint, as the sign-in form does; returns the session cookie header. */
async function signIn(origin: string, email: string): Promise<string> {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  let cookies = cookiesOf(csrf);
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookies },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: `${origin}/review` }),
  });
  cookies = cookiesOf(response, cookies);
  const check = await fetch(`${origin}/review`, { headers: { Cookie: cookies }, redirect: 'manual' });
  if (check.status !== 200) throw new Error(`Signing in as ${email} failed (/review answered ${check.status}): is BENCH_PASSWORD right?`);
  return cookies;
}

async function measure(origin: string, page: Page, cookie: string | undefined): Promise<Row> {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  let first = 0;
  const deadline = performance.now() + PAGE_BUDGET_MS;
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    // A page that takes seconds is measured on fewer requests rather than holding the run for minutes.
    if (times.length >= 3 && performance.now() > deadline) break;
    const started = performance.now();
    const response = await fetch(`${origin}${page.path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
    const body = await response.arrayBuffer();
    const elapsed = performance.now() - started;
    status = response.status;
    bytes = body.byteLength;
    if (i === 0) first = elapsed; // a page that caches (the transparency report) pays its work here
    if (i >= WARMUP) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  return { ...page, status, first, requests: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)!, kb: bytes / 1024 };
}

type Sample = { sealId: string; domain: string; caseRef: string | null };

/** A seal id and a domain that exist, read from the public directory; a case reference from the staff list of cases. */
async function sampleIds(origin: string, staffCookie: string): Promise<Sample> {
  const html = await (await fetch(`${origin}/directory`)).text();
  const sealId = /OS-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/.exec(html)?.[0];
  const domain = /site-[0-9a-f]{6}-\d+\.example/.exec(html)?.[0] ?? 'toysmart.com';
  if (!sealId) throw new Error('The directory lists no seal: is the database seeded?');
  const cases = await (await fetch(`${origin}/review/cases`, { headers: { Cookie: staffCookie } })).text();
  const caseRef = /\/review\/cases\/(K-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(cases)?.[1] ?? null;
  return { sealId, domain, caseRef };
}

function pagesFor(sample: Sample): Page[] {
  return [
    { name: 'status JSON', path: `/api/v1/seals/${sample.sealId}/status`, as: 'visitor' },
    { name: '/verify/{id}', path: `/verify/${sample.sealId}`, as: 'visitor' },
    { name: '/ (home)', path: '/', as: 'visitor' },
    { name: '/transparency', path: '/transparency', as: 'visitor' },
    { name: '/transparency (all time)', path: '/transparency?from=2000-01-01', as: 'visitor' },
    { name: '/api/v1/transparency (a year, CSV)', path: '/api/v1/transparency?from=2025-01-01&to=2025-12-31&format=csv', as: 'visitor' },
    { name: '/directory', path: '/directory', as: 'visitor' },
    { name: '/directory?q=', path: `/directory?q=${encodeURIComponent(sample.domain.slice(0, 12))}`, as: 'visitor' },
    // A cursor in the middle of the scale world's holders ("Scale Shop 1 Ltd" … "Scale Shop 100000 Ltd").
    { name: '/directory?after= (deep)', path: `/directory?after=${encodeURIComponent('1~OS-2222-2222~scale shop 5')}`, as: 'visitor' },
    { name: '/directory?page= (old link)', path: '/directory?page=200', as: 'visitor' },
    { name: '/review/dashboard', path: '/review/dashboard', as: 'reviewer' },
    { name: '/review/dashboard (admin)', path: '/review/dashboard', as: 'admin' },
    { name: '/review (queue)', path: '/review', as: 'reviewer' },
    { name: '/review/complaints', path: '/review/complaints', as: 'reviewer' },
    { name: '/review/complaints?state=all', path: '/review/complaints?state=all', as: 'reviewer' },
    { name: '/review/complaints?q= (domain)', path: `/review/complaints?state=all&q=${encodeURIComponent(sample.domain)}`, as: 'reviewer' },
    { name: '/review/cases', path: '/review/cases', as: 'reviewer' },
    { name: '/review/cases?state=closed', path: '/review/cases?state=closed', as: 'reviewer' },
    ...(sample.caseRef ? [{ name: '/review/cases/{ref} (admin: the assign form)', path: `/review/cases/${sample.caseRef}`, as: 'admin' as const }] : []),
    { name: '/review/seals', path: '/review/seals', as: 'reviewer' },
    { name: '/review/seals?expiresWithin=30', path: '/review/seals?expiresWithin=30', as: 'reviewer' },
    { name: '/review/cases?view=confirmation', path: '/review/cases?view=confirmation', as: 'reviewer' },
    { name: '/review/complaints?track=fast', path: '/review/complaints?track=fast', as: 'reviewer' },
    { name: '/review/seals?q= (domain)', path: `/review/seals?q=${encodeURIComponent(sample.domain)}`, as: 'reviewer' },
    { name: '/review/search?q= (seal id)', path: `/review/search?q=${encodeURIComponent(sample.sealId)}`, as: 'reviewer' },
    { name: '/review/search?q= (domain)', path: `/review/search?q=${encodeURIComponent(sample.domain)}`, as: 'reviewer' },
    { name: '/review/search?q= (name words)', path: `/review/search?q=${encodeURIComponent('scale shop 4711')}`, as: 'reviewer' },
    { name: '/review/audit', path: '/review/audit', as: 'admin' },
    { name: '/review/users', path: '/review/users', as: 'admin' },
    { name: '/review/outbox', path: '/review/outbox', as: 'admin' },
    { name: '/notifications', path: '/notifications', as: 'reviewer' },
  ];
}

function printTable(rows: Row[]) {
  const header = ['page', 'as', 'status', 'first ms', 'n', 'p50 ms', 'p95 ms', 'max ms', 'HTML KB'];
  const lines = rows.map((row) => [row.name, row.as, String(row.status), row.first.toFixed(0), String(row.requests), row.p50.toFixed(0), row.p95.toFixed(0), row.max.toFixed(0), row.kb.toFixed(0)]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i === 0 || i === 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(format(line));
}

async function main() {
  if (!PASSWORD) throw new Error('Set BENCH_PASSWORD (or OPENSEAL_DEMO_PASSWORD) to the demo reviewer’s and admin’s password.');
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const port = intSetting('BENCH_PORT', 3290);
  const origin = `http://127.0.0.1:${port}`;
  let dataDir: string | null = null;
  const env: Record<string, string> = { PORT: String(port), OPENSEAL_PUBLIC_URL: origin, OPENSEAL_DEMO_PASSWORD: PASSWORD };
  if (databaseUrl) {
    Object.assign(env, postgresServerEnv(databaseUrl));
    console.log('Data: the PostgreSQL database in BENCH_DATABASE_URL, as it is.');
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-bench-pages-'));
    const seals = intSetting('BENCH_SEALS', 10_000);
    console.log(`Data: a fresh embedded folder with ${seals.toLocaleString('en')} seals and ${(seals * 10).toLocaleString('en')} complaints (set BENCH_DATABASE_URL for PostgreSQL at scale).`);
    const seeded = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join('scripts', 'seed-scale.ts'), '--seals', String(seals), '--complaints', String(seals * 10), '--cases', String(Math.floor(seals / 5)), '--audit', String(seals * 20), '--notifications', String(seals * 10), '--pending', String(Math.max(10, Math.floor(seals / 50)))],
      { stdio: 'inherit', env: { ...process.env, DATABASE_URL: '', OPENSEAL_DATA_DIR: dataDir, OPENSEAL_DEMO_PASSWORD: PASSWORD } },
    );
    if (seeded.status !== 0) throw new Error('seed:scale failed');
    env.OPENSEAL_DATA_DIR = dataDir;
  }

  let server: ServerProcess | null = null;
  try {
    server = startServerProcess(env);
    const running = server;
    // Stopped by a signal: take the server down too, or it keeps the port (and an embedded folder's lock).
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        running.child.kill('SIGTERM');
        void running.exited.then(() => process.exit(130));
      });
    }
    await server.waitForOutput('Press Ctrl+C to stop.', 900_000); // a stale build is rebuilt first
    const sessions = { visitor: undefined, reviewer: await signIn(origin, 'reviewer@openseal.example'), admin: await signIn(origin, 'admin@openseal.example') };
    const sample = await sampleIds(origin, sessions.admin);
    const rows: Row[] = [];
    for (const page of pagesFor(sample)) {
      const row = await measure(origin, page, sessions[page.as]);
      rows.push(row);
      console.log(`  ${page.name}: p95 ${row.p95.toFixed(0)} ms`);
    }
    printTable(rows);
    console.log(`\nUp to ${REQUESTS} requests per page (n), one at a time, after ${WARMUP} warm-up requests (the first of which is 'first ms': the transparency report is computed then, and served from its cache for five minutes after), and no more than BENCH_PAGE_BUDGET_S (${PAGE_BUDGET_MS / 1000} s) per page once 3 are measured; sizes are the last response's body.`);
  } finally {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
