/**
 * npm run bench:jobs — how fast the expiry jobs get through a program at scale (issue #12, item 11).
 *
 * Seeds BENCH_SEALS seals (default 100,000) with `seed:scale`'s set-based seeder (lib/demo/seed-scale.ts:
 * 91 % live, issued over the past year, so their expiry dates spread over the year ahead; one owner
 * per holder; BENCH_AUDIT audit rows, default two per seal) into a fresh embedded data folder, or
 * into BENCH_DATABASE_URL, an empty PostgreSQL database (the script refuses one that holds seals:
 * it changes what it finds). Then moves the clock BENCH_LAPSE_DAYS ahead (default 30: about 7 % of
 * the seals lapse at once, as the 7,186 of the issue; 400 lapses every live seal) and runs, as the
 * jobs do, the expiry sweep and the expiry reminders (about 16 % of the seals are within 60 days of
 * expiry then), each a second time (nothing is left to do: the cost of a quiet run). BENCH_BATCH
 * sets both batch sizes (default: the services' own). Prints the seals handled, the total time and
 * seals per second, and checks what a holder would notice: every lapsed seal recorded once with its
 * public event, audit row and notice, every reminder sent once.
 *
 * Everything runs on this machine: run nothing else meanwhile.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database, type DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { seedScale } from '@/lib/demo/seed-scale';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { DAY_MS } from '@/lib/seals/validity';
import { EXPIRY_SWEEP_BATCH_SIZE, sweepExpiredSeals } from '@/lib/services/seals/expire-seal';
import { EXPIRY_REMINDER_BATCH_SIZE, recordExpiryReminders } from '@/lib/services/seals/expiry-reminders';
import { databaseLabel, intSetting } from './bench-settings';

const SEALS = intSetting('BENCH_SEALS', 100_000);
const AUDIT = intSetting('BENCH_AUDIT', 2 * SEALS);
const LAPSE_DAYS = intSetting('BENCH_LAPSE_DAYS', 30);
const SWEEP_BATCH = intSetting('BENCH_BATCH', EXPIRY_SWEEP_BATCH_SIZE);
const REMIND_BATCH = intSetting('BENCH_BATCH', EXPIRY_REMINDER_BATCH_SIZE);

type Row = { job: string; seals: number; seconds: number };

async function count(db: Database, query: ReturnType<typeof sql>): Promise<number> {
  const result = (await db.execute(sql`select count(*)::int as n from (${query}) counted`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

async function timed(job: string, run: () => Promise<unknown[]>): Promise<Row> {
  const started = performance.now();
  const handled = await run();
  return { job, seals: handled.length, seconds: (performance.now() - started) / 1000 };
}

/** What a holder or a status reader would notice, counted in the database; throws on the first thing wrong. */
async function check(db: Database, at: Date, lapsed: string[], reminded: number) {
  const failures: string[] = [];
  const expect = async (what: string, query: ReturnType<typeof sql>, wanted: number) => {
    const found = await count(db, query);
    if (found !== wanted) failures.push(`${what}: ${found}, expected ${wanted}`);
  };
  await expect('live seals past their expiry', sql`select 1 from seals where status in ('active', 'suspended') and expires_at <= ${at.toISOString()}::timestamptz`, 0);
  await expect('seal.expire audit rows of this run', sql`select distinct entity_id from audit_events where action = 'seal.expire' and occurred_at = ${at.toISOString()}::timestamptz`, lapsed.length);
  await expect('seal.expire audit rows, all', sql`select 1 from audit_events where action = 'seal.expire' and occurred_at = ${at.toISOString()}::timestamptz`, lapsed.length);
  // Dated at the expiry (to the millisecond, as a JavaScript date carries it: the seeder's dates have microseconds).
  await expect('public expired events of this run', sql`select 1 from seal_events e join seals s on s.id = e.seal_id where e.type = 'expired' and date_trunc('milliseconds', s.status_changed_at) = e.occurred_at and e.occurred_at = date_trunc('milliseconds', s.expires_at)`, lapsed.length);
  await expect('holders told of the expiry', sql`select 1 from notifications where kind = 'seal.expired'`, lapsed.length);
  await expect('reminders recorded', sql`select 1 from audit_events where action = 'seal.expiry-reminder'`, reminded);
  await expect('reminders recorded twice', sql`select 1 from audit_events where action = 'seal.expiry-reminder' group by entity_id, after->>'daysLeft', after->>'expiresAt' having count(*) > 1`, 0);
  await expect('holders reminded (one owner each)', sql`select 1 from notifications where kind = 'seal.expiry-reminder'`, reminded);
  await expect('mails queued', sql`select 1 from outbound_mails where status = 'queued'`, lapsed.length + reminded);
  if (failures.length > 0) throw new Error(`The jobs left the data wrong:\n  ${failures.join('\n  ')}`);
}

async function benchmark(handle: DatabaseHandle, database: string): Promise<void> {
  const { db } = handle;
  await migrateDatabase(handle);
  if ((await count(db, sql`select 1 from seals limit 1`)) > 0) throw new Error(`${database} holds seals already: give BENCH_DATABASE_URL an empty database (the jobs change what they find).`);
  const seedStarted = performance.now();
  // What seed:scale builds on, without the demo's own seals (they would blur the counts): the
  // shipped program, and the demo reviewer and admin it names as actors.
  await ensureDefaultProgram(db, createTestClock());
  await db.insert(users).values(['reviewer', 'admin'].map((role) => ({ email: `${role}@openseal.example`, name: `Bench ${role}`, role: role as 'reviewer' | 'admin', passwordHash: 'bench-not-a-password-hash' })));
  await seedScale(db, { seals: SEALS, complaints: 0, cases: 0, audit: AUDIT, notifications: 0, pending: 0 });
  const seeded = (performance.now() - seedStarted) / 1000;

  const at = new Date(Date.now() + LAPSE_DAYS * DAY_MS);
  const live = await count(db, sql`select 1 from seals where status in ('active', 'suspended')`);
  const lapsing = await count(db, sql`select 1 from seals where status in ('active', 'suspended') and expires_at <= ${at.toISOString()}::timestamptz`);
  console.log(
    `\n${database}: ${SEALS.toLocaleString('en')} seals (${live.toLocaleString('en')} live) and ${AUDIT.toLocaleString('en')} audit rows seeded in ${seeded.toFixed(1)} s; ` +
      `clock ${LAPSE_DAYS} days ahead: ${lapsing.toLocaleString('en')} lapse at once. Batches: sweep ${SWEEP_BATCH}, reminders ${REMIND_BATCH}.`,
  );

  const rows: Row[] = [];
  let lapsed: string[] = [];
  let reminded = 0;
  rows.push(await timed('expiry sweep', async () => (lapsed = await sweepExpiredSeals(db, at, { batchSize: SWEEP_BATCH }))));
  rows.push(await timed('expiry sweep again (nothing due)', () => sweepExpiredSeals(db, at, { batchSize: SWEEP_BATCH })));
  rows.push(
    await timed('expiry reminders', async () => {
      const recorded = await recordExpiryReminders(db, at, { batchSize: REMIND_BATCH });
      reminded = recorded.length;
      return recorded;
    }),
  );
  rows.push(await timed('expiry reminders again (nothing due)', () => recordExpiryReminders(db, at, { batchSize: REMIND_BATCH })));
  if (rows[1]!.seals !== 0 || rows[3]!.seals !== 0) throw new Error('A second run found work the first had done.');
  await check(db, at, lapsed, reminded);

  const width = Math.max(...rows.map((row) => row.job.length));
  console.log(`${'job'.padEnd(width)}     seals   total s   seals/s`);
  for (const row of rows) {
    const rate = row.seals > 0 ? Math.round(row.seals / row.seconds).toLocaleString('en') : '-';
    console.log(`${row.job.padEnd(width)}  ${row.seals.toLocaleString('en').padStart(8)}  ${row.seconds.toFixed(2).padStart(8)}  ${rate.padStart(8)}`);
  }
  console.log('checks: every lapsed seal recorded once (status, public event, audit row, notice, mail), every reminder sent once: ok');
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    const handle = await openDatabase({ url });
    try {
      await benchmark(handle, await databaseLabel(handle));
    } finally {
      await handle.close();
    }
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-bench-jobs-'));
  const handle = await openDatabase({ dataDir });
  try {
    await benchmark(handle, 'embedded (PGlite)');
  } finally {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
