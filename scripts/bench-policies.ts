/**
 * npm run bench:policies — the privacy-policy monitor at scale (issue #16).
 *
 * On a new embedded data folder (unless BENCH_SKIP_EMBEDDED=1) and, with TEST_DATABASE_URL or
 * DATABASE_URL, on a new database on that server: seeds BENCH_SEALS seals (default 10,000), each
 * watching a policy on a host of its own (127.x.y.z: every loopback address reaches one local web
 * server, so the once-a-minute rule per host does not serialise the run), all due at once. The
 * server answers most policies unchanged, BENCH_EDITORIAL_PCT (default 5) with an editorial change
 * and BENCH_MATERIAL_PCT (default 1) with a material one (a sale of customer lists). Then the job's
 * work (checkDuePolicies, POLICY_CHECK_LIMITS.perRun a run) runs back to back, the clock a minute
 * on each time, until no policy is due, and prints the time the runs took, checks per second, the
 * outcomes, and the process's peak memory (RSS and heap, sampled every 50 ms).
 * Everything runs on this machine: run nothing else meanwhile.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { migrateDatabase, type DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { seedScale } from '@/lib/demo/seed-scale';
import { DEFAULT_NET_POLICY } from '@/lib/net/policy';
import { normalizePolicyText, policySha256 } from '@/lib/policies/capture';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { checkDuePolicies, POLICY_CHECK_LIMITS, type PolicyCheckOutcome } from '@/lib/services/policies/check-policies';
import { intSetting, onEachDatabase } from './bench-settings';

const SEALS = intSetting('BENCH_SEALS', 10_000);
const EDITORIAL_PCT = intSetting('BENCH_EDITORIAL_PCT', 5);
const MATERIAL_PCT = intSetting('BENCH_MATERIAL_PCT', 1);

/** A policy of realistic length (about 2,500 words): the size the diff and the rules work on. */
const CERTIFIED = normalizePolicyText(
  Array.from({ length: 40 }, (_, section) =>
    [
      section % 10 === 3 ? 'Sharing with others' : `Section ${section + 1}`,
      `We handle the personal data of our customers with care. This part of the policy explains practice number ${section + 1}, who may see the data, for how long and why, in plain words that anyone can read and check against what we really do.`,
      'You may ask us what we hold about you, and we answer within a month. Our staff are trained, and our systems are tested every year by an outside firm.',
    ].join('\n'),
  ).join('\n\n'),
);
const EDITORIAL = CERTIFIED.replace('in plain words that anyone can read', 'in plain language that anyone can read');
const MATERIAL = CERTIFIED.replace('Section 2\n', 'Section 2\nIf our company is sold or goes bankrupt, we may sell customer lists to the buyer.\n');

type Row = { database: string; measure: string; figure: string };

/** The policy a host serves: its number (from its loopback address) picks unchanged, editorial or material. */
function policyFor(host: string): string {
  const [, , b, c, d] = /^(127)\.(\d+)\.(\d+)\.(\d+)$/.exec(host) ?? [];
  const n = Number(b) * 65024 + Number(c) * 254 + Number(d) - 1;
  const pct = n % 100;
  return pct < MATERIAL_PCT ? MATERIAL : pct < MATERIAL_PCT + EDITORIAL_PCT ? EDITORIAL : CERTIFIED;
}

async function benchmark(handle: DatabaseHandle, database: string, port: number): Promise<Row[]> {
  const rows: Row[] = [];
  const row = (measure: string, figure: string) => {
    rows.push({ database, measure, figure });
    console.log(`  ${measure}: ${figure}`);
  };
  const { db } = handle;
  console.log(`\n${database}: seeding ${SEALS.toLocaleString('en')} watched seals…`);
  await migrateDatabase(handle);
  await ensureDefaultProgram(db, createTestClock());
  await db.insert(users).values(['reviewer', 'admin'].map((role) => ({ email: `${role}@openseal.example`, name: `Bench ${role}`, role: role as 'reviewer' | 'admin', passwordHash: 'bench-not-a-password-hash' })));
  await seedScale(db, { seals: SEALS, complaints: 0, cases: 0, audit: 0, notifications: 0, pending: 0 });
  const start = new Date();
  // Seal n watches http://127.{n / 65024}.{n / 254 % 256}.{n % 254 + 1}:port/privacy, due now (last byte 1–254).
  await db.execute(sql`
    insert into policy_monitors (seal_id, url, host, certified_text, certified_sha256, certified_at, next_check_at, updated_at)
    select id, 'http://' || host || ':' || ${port} || '/privacy', host, ${CERTIFIED}, ${policySha256(CERTIFIED)}, ${start.toISOString()}::timestamptz, ${start.toISOString()}::timestamptz, ${start.toISOString()}::timestamptz
    from (select id, '127.' || (n / 65024) || '.' || (n / 254 % 256) || '.' || (n % 254 + 1) as host
          from (select id, (row_number() over (order by id))::int as n from seals where status in ('active', 'suspended') and expires_at > now()) s) t`);
  const watched = Number(((await db.execute(sql`select count(*) as n from policy_monitors`)) as unknown as { rows: Array<{ n: string }> }).rows[0]!.n);

  const net = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8'] };
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
  }, 50);
  const outcomes: PolicyCheckOutcome[] = [];
  const runTimes: number[] = [];
  const started = performance.now();
  for (let minute = 0; ; minute++) {
    const runStarted = performance.now();
    const done = await checkDuePolicies(db, { now: new Date(start.getTime() + minute * 61_000), net });
    runTimes.push(performance.now() - runStarted);
    if (done.length === 0) break;
    outcomes.push(...done);
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const count = (outcome: string, classification?: string) => outcomes.filter((one) => one.outcome === outcome && (!classification || one.classification === classification)).length;
  row(`${watched.toLocaleString('en')} policies checked (${runTimes.length - 1} runs of at most ${POLICY_CHECK_LIMITS.perRun})`, `${seconds.toFixed(1)} s, ${Math.round(outcomes.length / seconds)} checks/s`);
  row('outcomes', `${count('unchanged')} unchanged, ${count('changed', 'editorial')} editorial, ${count('changed', 'material')} material (complaints opened), ${count('unreachable')} unreachable`);
  const sorted = runTimes.slice(0, -1).sort((a, b) => a - b);
  row('one run (a job every minute)', `p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`);
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  row('memory of the process (before the runs → peak during them)', `RSS ${mb(before.rss)} → ${mb(peakRss)}, heap ${mb(before.heapUsed)} → ${mb(peakHeap)}`);
  row('a day of checks at this pace', `${((watched / (outcomes.length / seconds)) / 60).toFixed(1)} minutes of work; at ${POLICY_CHECK_LIMITS.perRun} a minute the job can check ${(POLICY_CHECK_LIMITS.perRun * 1440).toLocaleString('en')} policies a day`);
  return rows;
}

async function main() {
  // Every loopback address reaches this server: one host per seal, as real programs have.
  const server = http.createServer((request, response) => {
    const host = (request.headers.host ?? '').split(':')[0]!;
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(policyFor(host));
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const rows = await onEachDatabase('bench_policies', (handle, database) => benchmark(handle, database, port));
    console.log('\nSummary');
    for (const row of rows) console.log(`  ${row.database} — ${row.measure}: ${row.figure}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
