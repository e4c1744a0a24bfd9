/**
 * npm run bench:search — how fast the staff search box answers on a seal program at scale (issue #12).
 *
 * Fills a fresh embedded data folder, and — when TEST_DATABASE_URL or DATABASE_URL is set — a fresh
 * database created on that server for the run and dropped after it (never the database the URL
 * names), with the demo data and `seedScale` (lib/demo/seed-scale.ts): BENCH_SEALS organizations
 * with their site and seal (default 100,000), BENCH_COMPLAINTS complaints (1,000,000) and
 * BENCH_CASES cases (20,000). Then times `searchRecords`, the verb behind /review/search, as the
 * demo reviewer (and the demo admin for people): each kind of identifier, a pasted URL, text that
 * matches one organization, a hundred domains, every organization, and nothing. For comparison it
 * times the text searches again without the two trigram indexes the search added. Prints p50 and
 * p95 in milliseconds. BENCH_RUNS (30 timed runs per search, after 3 untimed), BENCH_EXPLAIN=1
 * prints the plans of the text searches.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { migrateDatabase, type Database, type DatabaseHandle } from '@/db/client';
import { createTestClock } from '@/lib/clock';
import { loadActor } from '@/lib/auth/actor';
import { seedDemoData } from '@/lib/demo/seed-demo';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { seedScale } from '@/lib/demo/seed-scale';
import { searchRecords } from '@/lib/services/search/search-records';
import type { ServiceContext } from '@/lib/services/context';
import { intSetting, onEachDatabase, percentile } from './bench-settings';

const SEALS = intSetting('BENCH_SEALS', 100_000);
const COMPLAINTS = intSetting('BENCH_COMPLAINTS', 1_000_000);
const CASES = intSetting('BENCH_CASES', 20_000);
const RUNS = intSetting('BENCH_RUNS', 30);
const WARMUP = 3;
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';

type Row = { database: string; search: string; found: string; p50: number; p95: number };

const one = async <T>(db: Database, query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: T[] }).rows[0]!;

async function benchmark(handle: DatabaseHandle, database: string): Promise<Row[]> {
  const { db } = handle;
  await migrateDatabase(handle);
  const clock = createTestClock();
  const seedStart = performance.now();
  await ensureDefaultProgram(db, clock);
  await seedDemoData(db, clock, crypto.randomBytes(12).toString('hex'));
  const { tag } = await seedScale(db, { seals: SEALS, complaints: COMPLAINTS, cases: CASES, audit: 0, notifications: 0, pending: 0 });
  await db.execute(sql`analyze`);
  console.log(`${database}: ${SEALS.toLocaleString('en')} seals, ${COMPLAINTS.toLocaleString('en')} complaints, ${CASES.toLocaleString('en')} cases seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const actorBy = async (email: string) => (await loadActor(db, (await one<{ id: string }>(db, sql`select id from users where email = ${email}`)).id))!;
  const reviewer: ServiceContext = { db, clock, actor: await actorBy('reviewer@openseal.example') };
  const admin: ServiceContext = { db, clock, actor: await actorBy('admin@openseal.example') };

  // Records from the middle of the scale world, found the way a person would have them at hand.
  const n = Math.floor(SEALS * 0.4242);
  const seal = await one<{ public_id: string }>(db, sql.raw(`select public_id from seals where site_id = md5('${tag}-site-${n}')::uuid`));
  const complaint = await one<{ reference: string; complainant_email: string }>(db, sql`select reference, complainant_email from complaints where complainant_email is not null order by id limit 1 offset ${Math.floor(COMPLAINTS / 3)}`);
  const caseRow = await one<{ reference: string }>(db, sql`select reference from cases order by id limit 1 offset ${Math.floor(CASES / 3)}`);
  const domain = `site-${tag}-${n}.example`;
  const searches: Array<[string, ServiceContext, string]> = [
    ['seal id', reviewer, seal.public_id.toLowerCase()],
    ['complaint reference', reviewer, complaint.reference],
    ['case reference', reviewer, caseRow.reference],
    ['complainant’s email', reviewer, complaint.complainant_email],
    ['domain', reviewer, domain],
    ['pasted URL', reviewer, `https://www.${domain}/privacy`],
    ['name, one organization', reviewer, `Shop ${n} Ltd`],
    ['domain part, ~100 sites', reviewer, `${tag}-${Math.floor(n / 100)}`],
    ['name, every organization', reviewer, 'scale shop'],
    ['nothing matches', reviewer, 'zzqxj'],
    ['person, as admin', admin, `owner-${tag}-${n}@`],
  ];

  const rows: Row[] = [];
  const time = async (label: string, ctx: ServiceContext, q: string) => {
    let found = '';
    for (let i = 0; i < WARMUP; i++) {
      const result = await searchRecords({ ctx, input: { q } });
      const counts = (['seals', 'complaints', 'cases', 'organizations', 'domains', 'users'] as const).filter((kind) => result[kind].hits.length).map((kind) => `${result[kind].hits.length}${result[kind].more ? '+' : ''} ${kind}`);
      found = result.landing ? `opens ${result.landing.split('?')[0]}` : counts.join(', ') || 'nothing';
    }
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await searchRecords({ ctx, input: { q } });
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    rows.push({ database, search: label, found, p50: percentile(samples, 50), p95: percentile(samples, 95) });
  };
  for (const [label, ctx, q] of searches) await time(label, ctx, q);

  const text = searches.filter(([label]) => label.startsWith('name') || label.startsWith('domain part') || label === 'nothing matches');
  if (EXPLAIN) {
    for (const [label, , q] of text) {
      for (const [what, statement] of [
        ['organizations', sql`select id from organizations where legal_name ilike ${`%${q}%`} limit 21`],
        ['sites', sql`select id from sites where domain ilike ${`%${q}%`} and ended_at is null limit 21`],
      ] as const) {
        const plan = (await db.execute(sql`explain analyze ${statement}`)) as unknown as { rows: Record<string, string>[] };
        console.log(`\n-- ${label}: ${what}\n${plan.rows.map((row) => Object.values(row)[0]).join('\n')}`);
      }
    }
  }
  // What the two indexes buy: the same text searches on a sequential scan.
  await db.execute(sql`drop index organizations_legal_name_trgm_idx`);
  await db.execute(sql`drop index sites_domain_trgm_idx`);
  for (const [label, ctx, q] of text) await time(`${label}, without trigram indexes`, ctx, q);
  return rows;
}

function print(rows: Row[]) {
  const width = Math.max(...rows.map((row) => row.search.length));
  const foundWidth = Math.max(...rows.map((row) => row.found.length));
  let database = '';
  for (const row of rows) {
    if (row.database !== database) {
      database = row.database;
      console.log(`\n${database}, ${RUNS} runs each\n${'search'.padEnd(width)}  ${'answer'.padEnd(foundWidth)}    p50 ms    p95 ms`);
    }
    console.log(`${row.search.padEnd(width)}  ${row.found.padEnd(foundWidth)}  ${row.p50.toFixed(2).padStart(8)}  ${row.p95.toFixed(2).padStart(8)}`);
  }
}

async function main() {
  print(await onEachDatabase('openseal_bench_search', benchmark));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
