/**
 * npm run bench:log — the public log at scale (issue #14, ADR 0023).
 *
 * On a new embedded data folder (unless BENCH_SKIP_EMBEDDED=1) and, with TEST_DATABASE_URL or
 * DATABASE_URL, on a new database on that server: seeds BENCH_SEALS seals (default 2,000) and then
 * public log entries up to BENCH_LOG_ENTRIES (default 1,000,000: renewals of those seals, written
 * in SQL as the scale seed does), and measures
 *   1. the checkpointer hashing and signing the whole backlog (entries per second);
 *   2. appends: BENCH_WORKERS (default 8) reviewers suspending and reinstating seals through the
 *      services for BENCH_SECONDS (default 20), with the checkpointer running, as in production:
 *      seal events appended per second, and how long after its append an entry is in a signed
 *      checkpoint (p50, p95);
 *   3. proof latency over HTTP on the fast path, at the full tree: inclusion proofs of random
 *      entries, consistency proofs from random sizes, full level-0 tiles (p50, p95, p99; one at a
 *      time, then 16 at once).
 * Everything runs on this machine: run nothing else meanwhile.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { migrateDatabase, type Database, type DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { createTestClock, systemClock } from '@/lib/clock';
import { seedScale } from '@/lib/demo/seed-scale';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { parseEnv } from '@/lib/env';
import { loadActor } from '@/lib/auth/actor';
import { createLogSigner } from '@/lib/log/log-signer';
import { ADVANCE_BATCH, advanceLog, latestCheckpoint, startLogCheckpointer } from '@/lib/log/log-store';
import { tilePath } from '@/lib/log/tiles';
import { createFastPath } from '@/lib/public-status/fast-path';
import { createPublicStatusService } from '@/lib/public-status/public-status-service';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
import { intSetting, onEachDatabase, percentile } from './bench-settings';

const SEALS = intSetting('BENCH_SEALS', 2_000);
const ENTRIES = intSetting('BENCH_LOG_ENTRIES', 1_000_000);
const WORKERS = intSetting('BENCH_WORKERS', 8);
const SECONDS = intSetting('BENCH_SECONDS', 20);
const PROOFS = intSetting('BENCH_PROOFS', 1_000);
const FILL_CHUNK = 50_000;

type Row = { database: string; measure: string; figure: string };

async function rowsOf<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
const logSize = async (db: Database) => Number((await rowsOf<{ size: string }>(db, sql`select size from log_head`))[0]!.size);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const perSecond = (count: number, seconds: number) => `${Math.round(count / seconds).toLocaleString('en')}/s`;

/** Renewal entries of the seeded seals until the log holds `ENTRIES`, in SQL chunks (the backlog the checkpointer then signs). */
async function fillLog(db: Database) {
  const seals = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from seals`);
  const count = seals[0]!.n;
  for (let size = await logSize(db); size < ENTRIES; size = await logSize(db)) {
    const chunk = Math.min(FILL_CHUNK, ENTRIES - size);
    await db.execute(sql`
      insert into seal_events (seal_id, type, status, expires_at, occurred_at, log_index, log_entry)
      select s.id, 'renewed', s.status, s.expires_at, now() - interval '30 days' + (${size}::bigint + g) * interval '1 ms', ${size}::bigint + g,
             log_entry_bytes(s.public_id, 'renewed', s.status::text, null, now() - interval '30 days' + (${size}::bigint + g) * interval '1 ms', s.expires_at, 1)
      from generate_series(0, ${chunk - 1}) g
      join (select id, public_id, status, expires_at, (row_number() over (order by id) - 1)::int as n from seals) s on s.n = (${size}::bigint + g) % ${count}`);
    await db.execute(sql`update log_head set size = ${size + chunk}`);
  }
}

async function timedRequests(origin: string, paths: string[], concurrency: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        http
          .get(`${origin}${path}`, { agent }, (response) => {
            if (response.statusCode !== 200) reject(new Error(`${path}: ${response.statusCode}`));
            response.resume();
            response.on('end', resolve);
          })
          .on('error', reject);
      });
      times.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return times.sort((a, b) => a - b);
}

async function benchmark(handle: DatabaseHandle, database: string): Promise<Row[]> {
  const rows: Row[] = [];
  const row = (measure: string, figure: string) => {
    rows.push({ database, measure, figure });
    console.log(`  ${measure}: ${figure}`);
  };
  const { db } = handle;
  console.log(`\n${database}: seeding ${SEALS.toLocaleString('en')} seals and ${ENTRIES.toLocaleString('en')} log entries…`);
  await migrateDatabase(handle);
  // What seed:scale builds on: the shipped program, and the demo reviewer and admin it names as actors.
  await ensureDefaultProgram(db, createTestClock());
  await db.insert(users).values(['reviewer', 'admin'].map((role) => ({ email: `${role}@openseal.example`, name: `Bench ${role}`, role: role as 'reviewer' | 'admin', passwordHash: 'bench-not-a-password-hash' })));
  await seedScale(db, { seals: SEALS, complaints: 0, cases: 0, audit: 0, notifications: 0, pending: 0 });
  let started = performance.now();
  await fillLog(db);
  console.log(`  (entries written in ${((performance.now() - started) / 1000).toFixed(0)} s)`);

  const signer = createLogSigner('bench.example.test/openseal-log', crypto.generateKeyPairSync('ed25519').privateKey);
  started = performance.now();
  while ((await advanceLog(db, signer, new Date(), ADVANCE_BATCH * 4)).more);
  const signingSeconds = (performance.now() - started) / 1000;
  const size = (await latestCheckpoint(db))!.size;
  row(`checkpointer: ${size.toLocaleString('en')} entries hashed and signed`, `${signingSeconds.toFixed(1)} s, ${perSecond(size, signingSeconds)}`);

  // Appends through the services, the checkpointer running beside them.
  const reviewerId = (await rowsOf<{ id: string }>(db, sql`select id from users where role = 'reviewer' limit 1`))[0]!.id;
  const actor = (await loadActor(db, reviewerId))!;
  const ctx = { db, actor, clock: systemClock };
  const active = (await rowsOf<{ public_id: string }>(db, sql`select public_id from seals where status = 'active' and expires_at > now() + interval '1 day' order by id limit ${WORKERS * 4}`)).map((seal) => seal.public_id);
  const checkpointer = startLogCheckpointer({ db, signer, now: () => new Date(), intervalMs: 1000 });
  const lags: number[] = [];
  const before = await logSize(db);
  const deadline = performance.now() + SECONDS * 1000;
  const appendedAt = new Map<number, number>();
  const watch = setInterval(() => {
    void latestCheckpoint(db).then((checkpoint) => {
      const now = performance.now();
      for (const [index, at] of appendedAt) {
        if (checkpoint && index < checkpoint.size) {
          lags.push(now - at);
          appendedAt.delete(index);
        }
      }
    });
  }, 100);
  started = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      const mine = active.filter((_, position) => position % WORKERS === worker);
      for (let turn = 0; performance.now() < deadline; turn++) {
        const sealId = mine[turn % mine.length]!;
        await suspendSeal({ ctx, input: { sealId, reason: 'Benchmark suspension.', reinstatementRequirements: 'None: a benchmark.' } });
        appendedAt.set((await logSize(db)) - 1, performance.now());
        await reinstateSeal({ ctx, input: { sealId, note: 'Benchmark reinstatement.' } });
      }
    }),
  );
  const appendSeconds = (performance.now() - started) / 1000;
  const appended = (await logSize(db)) - before;
  // Until the checkpointer has caught up, so that every lag is counted.
  while (appendedAt.size > 0 && performance.now() < deadline + 30_000) await new Promise((resolve) => setTimeout(resolve, 100));
  clearInterval(watch);
  await checkpointer.stop();
  row(`appends: ${WORKERS} reviewers suspending and reinstating for ${SECONDS} s`, `${appended.toLocaleString('en')} entries, ${perSecond(appended, appendSeconds)}`);
  const sortedLags = lags.sort((a, b) => a - b);
  row('append → signed checkpoint (p50 / p95)', `${ms(percentile(sortedLags, 50))} / ${ms(percentile(sortedLags, 95))} (${sortedLags.length} samples)`);

  // Proofs and tiles over HTTP, on the fast path as `npm start` serves them.
  const runtime = { env: parseEnv({ NODE_ENV: 'production', OPENSEAL_PUBLIC_URL: 'http://127.0.0.1:1', OPENSEAL_LOG_SIGNING_KEY: signer.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), OPENSEAL_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-bench-log-keys-')) }), handle, db, clock: systemClock };
  const fastPath = createFastPath({ runtime, service: createPublicStatusService({ runtime }) });
  const server = http.createServer((request, response) => {
    if (!fastPath.handle(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const tree = (await latestCheckpoint(db))!.size;
    const random = (below: number) => Math.floor(Math.random() * below);
    const inclusion = Array.from({ length: PROOFS }, () => `/api/v1/log/proof/inclusion?index=${random(tree)}&size=${tree}`);
    const consistency = Array.from({ length: PROOFS }, () => `/api/v1/log/proof/consistency?from=${1 + random(tree)}&to=${tree}`);
    const tiles = Array.from({ length: PROOFS }, () => `/log/${tilePath({ level: 0, index: random(Math.floor(tree / 256)), width: 256 })}`);
    for (const [name, paths] of [
      ['inclusion proof', inclusion],
      ['consistency proof', consistency],
      ['full level-0 tile', tiles],
    ] as const) {
      for (const concurrency of [1, 16]) {
        const times = await timedRequests(origin, paths, concurrency);
        row(`${name} at ${tree.toLocaleString('en')} entries, ${concurrency === 1 ? 'one at a time' : `${concurrency} at once`} (p50 / p95 / p99)`, `${ms(percentile(times, 50))} / ${ms(percentile(times, 95))} / ${ms(percentile(times, 99))}`);
      }
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fastPath.close();
  }
  return rows;
}

const rows = await onEachDatabase('openseal_bench_log', benchmark);
console.log('\n| database | measure | figure |\n|---|---|---|');
for (const { database, measure, figure } of rows) console.log(`| ${database} | ${measure} | ${figure} |`);
process.exit(0);
