/**
 * npm run bench:api — the integrator API's heavy answers at scale (issue #17).
 *
 * Seeds BENCH_SEALS seals (default 100,000) with `seed:scale`'s set-based seeder into a new embedded
 * data folder and, when TEST_DATABASE_URL or DATABASE_URL is set, a new database on that server
 * (bench-settings.ts: onEachDatabase). Then measures:
 * - the daily status export (`statuses.export`): the time to build it, its seals, its size plain and
 *   gzipped, and the process's peak resident memory while it was built (sampled every 20 ms);
 * - the export's download (`GET /api/v1/seals/export`, through serveApiCall, as a relying party's
 *   key calls it): the time to the whole gzipped body, BENCH_CALLS times, p50 and p95;
 * - an organization's seals list (`GET /api/v1/organization/seals`, 100 a page) for a large holder:
 *   the seeder gives each holder one seal, so BENCH_ORG_SEALS of them (default 10,000: a hosting
 *   company or a marketplace certifying its shops) are handed to one organization first; its first
 *   page and its 50th (reached through the cursors), BENCH_CALLS times each, p50 and p95.
 *
 * Everything runs on this machine: run nothing else meanwhile.
 */
import { performance } from 'node:perf_hooks';
import { desc, eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { migrateDatabase } from '@/db/client';
import { memberships, seals, users } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { seedScale } from '@/lib/demo/seed-scale';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { createStatusSigner } from '@/lib/public-status/signing';
import { generateSigningKey } from '@/lib/public-status/signing-keys';
import { makeStatusExport } from '@/lib/public-status/status-export';
import { sealStatusExport } from '@/lib/api/routes/public-status';
import { organizationSeals } from '@/lib/api/routes/organization';
import { resetApiRateLimits } from '@/lib/api/rate-limit';
import { serveApiCall, type ApiRuntime } from '@/lib/api/serve-api-call';
import type { ApiRoute } from '@/lib/api/api-route';
import type { Actor } from '@/lib/auth/actor';
import { createOrganizationApiKey, createStaffApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { intSetting, onEachDatabase, percentile } from './bench-settings';

const SEALS = intSetting('BENCH_SEALS', 100_000);
const CALLS = intSetting('BENCH_CALLS', 20);
const ORG_SEALS = intSetting('BENCH_ORG_SEALS', 10_000);
const ORIGIN = 'https://seals.example.org';

type Row = { database: string; what: string; figure: string };

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** Runs `work`, sampling the resident memory; returns its result, the seconds it took and the highest RSS seen. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number; rssBefore: number }> {
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const result = await work();
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return { result, seconds: (performance.now() - started) / 1000, peakRss, rssBefore };
  } finally {
    clearInterval(sampler);
  }
}

/** `calls` calls of `route` with `token`, each read to its last byte; their times ascending. */
async function timedCalls(runtime: ApiRuntime, token: string, route: ApiRoute, url: string, calls: number, headers: Record<string, string> = {}): Promise<{ times: number[]; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let n = 0; n < calls; n++) {
    resetApiRateLimits();
    const started = performance.now();
    const response = await serveApiCall(runtime, new Request(url, { headers: { Authorization: `Bearer ${token}`, ...headers } }), route.spec, (call) => route.handle(call, {}));
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
    bytes = (await response.arrayBuffer()).byteLength;
    times.push(performance.now() - started);
  }
  return { times: times.sort((a, b) => a - b), bytes };
}

async function benchmark(handle: DatabaseHandle, database: string): Promise<Row[]> {
  const { db } = handle;
  await migrateDatabase(handle);
  const clock = createTestClock();
  await ensureDefaultProgram(db, clock);
  await db.insert(users).values(['reviewer', 'admin'].map((role) => ({ email: `${role}@openseal.example`, name: `Bench ${role}`, role: role as 'reviewer' | 'admin', passwordHash: 'bench-not-a-password-hash' })));
  const seeding = performance.now();
  await seedScale(db, { seals: SEALS, complaints: 0, cases: 0, audit: 0, notifications: 0, pending: 0 });
  console.log(`\n${database}: ${SEALS.toLocaleString('en')} seals seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const rows: Row[] = [];
  const row = (what: string, figure: string) => rows.push({ database, what, figure });

  const signer = createStatusSigner(generateSigningKey());
  const made = await measured(() => makeStatusExport(db, { now: new Date(clock.now()), origin: ORIGIN, signer }));
  row('status export: build', `${made.seconds.toFixed(1)} s for ${made.result.sealCount.toLocaleString('en')} seals (${Math.round(made.result.sealCount / made.seconds).toLocaleString('en')} seals/s)`);
  row('status export: size', `${megabytes(made.result.bytes)} plain, ${megabytes(made.result.body.byteLength)} gzipped`);
  // The embedded database's memory is the process's too: the growth is the export's part.
  row('status export: peak RSS while building', `${megabytes(made.peakRss)} (${megabytes(made.peakRss - made.rssBefore)} above the ${megabytes(made.rssBefore)} before)`);

  const [admin] = await db.select().from(users).where(eq(users.role, 'admin')).limit(1);
  const runtime: ApiRuntime = { db, clock, statusSigner: async () => signer, publicOrigin: ORIGIN };
  const adminActor: Actor = { id: admin!.id, role: 'admin', email: admin!.email, name: admin!.name };
  const relying = await createStaffApiKey({ ctx: { db, clock, actor: adminActor }, input: { kind: 'relying_party', name: 'Bench marketplace', scopes: ['public:read'] } });
  const download = await timedCalls(runtime, relying.token, sealStatusExport as unknown as ApiRoute, `${ORIGIN}/api/v1/seals/export`, CALLS, { 'Accept-Encoding': 'gzip' });
  row(`status export: download ×${CALLS}`, `p50 ${ms(percentile(download.times, 50))}, p95 ${ms(percentile(download.times, 95))} (${megabytes(download.bytes)})`);

  // One large holder: the organization of the newest seal takes ORG_SEALS seals spread over the whole issue history.
  const [holder] = await db.select({ organizationId: seals.organizationId }).from(seals).orderBy(desc(seals.issuedAt)).limit(1);
  const every = Math.max(1, Math.floor(SEALS / ORG_SEALS));
  await db.execute(sql`update ${seals} set organization_id = ${holder!.organizationId} where id in (
    select id from (select id, row_number() over (order by issued_at, id) as n from ${seals}) numbered where n % ${every} = 0 limit ${ORG_SEALS})`);
  await db.execute(sql`analyze ${seals}`);
  const [counted] = await db.select({ held: sql<number>`count(*)::int` }).from(seals).where(eq(seals.organizationId, holder!.organizationId));
  const held = counted!.held;
  const [owner] = await db.select({ user: users }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(memberships.organizationId, holder!.organizationId)).limit(1);
  const ownerActor: Actor = { id: owner!.user.id, role: owner!.user.role, email: owner!.user.email, name: owner!.user.name };
  const organizationKey = await createOrganizationApiKey({ ctx: { db, clock, actor: ownerActor }, input: { organizationId: holder!.organizationId, name: 'Bench back office', scopes: ['seals:read'] } });
  const listUrl = `${ORIGIN}/api/v1/organization/seals?limit=100`;
  const first = await timedCalls(runtime, organizationKey.token, organizationSeals, listUrl, CALLS);
  row(`organization seals (${held.toLocaleString('en')} seals): first page ×${CALLS}`, `p50 ${ms(percentile(first.times, 50))}, p95 ${ms(percentile(first.times, 95))}`);
  // The cursor of the 49th page, followed as a client would.
  let cursor: string | null = null;
  for (let page = 1; page < 50; page++) {
    const response = await serveApiCall(runtime, new Request(`${listUrl}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { Authorization: `Bearer ${organizationKey.token}` } }), organizationSeals.spec, (call) => organizationSeals.handle(call, {}));
    cursor = ((await response.json()) as { nextCursor: string | null }).nextCursor;
    resetApiRateLimits();
    if (!cursor) throw new Error(`the list ended after page ${page}`);
  }
  const fiftieth = await timedCalls(runtime, organizationKey.token, organizationSeals, `${listUrl}&cursor=${encodeURIComponent(cursor!)}`, CALLS);
  row(`organization seals (${held.toLocaleString('en')} seals): 50th page ×${CALLS}`, `p50 ${ms(percentile(fiftieth.times, 50))}, p95 ${ms(percentile(fiftieth.times, 95))}`);
  return rows;
}

async function main() {
  const rows = await onEachDatabase('openseal_bench_api', benchmark);
  const width = Math.max(...rows.map((row) => `${row.database}  ${row.what}`.length));
  console.log('');
  for (const row of rows) console.log(`${`${row.database}  ${row.what}`.padEnd(width)}  ${row.figure}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
