import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiKeyCalls, apiKeys } from '@/db/schema';
import { createTestClock, type TestClock } from '@/lib/clock';
import type { ApiRoute } from '@/lib/api/api-route';
import { apiCallTrailOf, createCallTrail, flushApiCallTrail } from '@/lib/api/call-trail';
import { API_CALL_TRAIL_DAYS, pruneApiCallTrail, writeApiCalls, type ApiCallRow } from '@/lib/api/call-trail-store';
import { resetApiRateLimits } from '@/lib/api/rate-limit';
import { currentKey } from '@/lib/api/routes/key';
import { serveApiCall } from '@/lib/api/serve-api-call';
import { webhooksSweepJob } from '@/lib/jobs/definitions/webhooks-sweep';
import { listAllApiKeys } from '@/lib/services/api-keys/list-api-keys';
import { createStaffApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';

/*
 * A key's trail (ADR 0026 and its amendment): each call served is kept in memory and written in
 * batches — a flush, a second after the first call waiting, or at once when enough wait — with the
 * key's last use; a flush that fails keeps its calls; the trail is pruned after 90 days.
 */

let database: TestDatabase;
let admin: Awaited<ReturnType<typeof seedUser>>;
// One clock for the file: the database's trail runs its timer on the clock of its first call.
const clock: TestClock = createTestClock(new Date('2026-06-01T09:00:00Z'));
const DAY = 86_400_000;

beforeAll(async () => {
  database = await freshDatabase();
  admin = await seedUser(database.db, { role: 'admin', name: 'Ada Admin' });
});
afterAll(async () => {
  await database?.close();
});
beforeEach(() => resetApiRateLimits());

async function newKey(name: string) {
  return createStaffApiKey({ ctx: contextFor(database.db, actorOf(admin), clock), input: { kind: 'relying_party', name, scopes: ['public:read'] } });
}

const needsReview: ApiRoute = { spec: { scope: 'review:read' }, handle: currentKey.handle };

async function call(token: string, route: ApiRoute = currentKey, { path = '/api/v1/key', method = 'GET', db = database.db } = {}) {
  const request = new Request(`http://openseal.test${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  return (await serveApiCall({ db, clock }, request, route.spec, (apiCall) => route.handle(apiCall, {}))).status;
}

const trailOf = (keyId: string, db = database.db) =>
  db.select({ method: apiKeyCalls.method, path: apiKeyCalls.path, status: apiKeyCalls.status, at: apiKeyCalls.at }).from(apiKeyCalls).where(eq(apiKeyCalls.keyId, keyId)).orderBy(asc(apiKeyCalls.at), asc(apiKeyCalls.status));
/** Resolves once the promise jobs queued so far have run: a flush a record or a timer began has taken its rows. */
const promiseJobsRun = () => new Promise((resolve) => setImmediate(resolve));
const lastUsedOf = async (keyId: string) => (await database.db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, keyId)))[0]!.at;

describe(`an API key's trail (${testDriver})`, () => {
  it('keeps each call of each key — method, path, status, time — and its last use, written at the flush', async () => {
    const marketplace = await newKey('Marketplace');
    const directory = await newKey('Directory');
    const start = clock.now();
    expect(await call(marketplace.token)).toBe(200);
    expect(await call(marketplace.token, needsReview, { path: '/api/v1/review/cases' })).toBe(403);
    await clock.setTime(start + 500); // within the second: no flush yet
    expect(await call(marketplace.token, currentKey, { path: '/api/v1/key', method: 'HEAD' })).toBe(200);
    expect(await call(directory.token)).toBe(200);
    // Served, not yet written: the calls wait in memory for the flush.
    expect(await trailOf(marketplace.key.id)).toEqual([]);
    expect(await lastUsedOf(marketplace.key.id)).toBeNull();

    await flushApiCallTrail(database.db);
    expect(await trailOf(marketplace.key.id)).toEqual([
      { method: 'GET', path: '/api/v1/key', status: 200, at: new Date(start) },
      { method: 'GET', path: '/api/v1/review/cases', status: 403, at: new Date(start) },
      { method: 'HEAD', path: '/api/v1/key', status: 200, at: new Date(start + 500) },
    ]);
    expect(await trailOf(directory.key.id)).toEqual([{ method: 'GET', path: '/api/v1/key', status: 200, at: new Date(start + 500) }]);
    // The key's latest call of the flush, not its first.
    expect(await lastUsedOf(marketplace.key.id)).toEqual(new Date(start + 500));
    expect(await lastUsedOf(directory.key.id)).toEqual(new Date(start + 500));
    const listed = await listAllApiKeys({ ctx: contextFor(database.db, actorOf(admin), clock), input: {} });
    expect(listed.keys.find((key) => key.id === marketplace.key.id)).toMatchObject({ callsLast24h: 3, lastUsedAt: new Date(start + 500) });
  });

  it('moves a key’s last use at most once a minute, and never back', async () => {
    const { key, token } = await newKey('Busy marketplace');
    const start = clock.now();
    await call(token);
    await flushApiCallTrail(database.db);
    await clock.setTime(start + 59_000);
    await call(token);
    await flushApiCallTrail(database.db);
    expect(await lastUsedOf(key.id)).toEqual(new Date(start));
    await clock.setTime(start + 61_000);
    await call(token);
    await flushApiCallTrail(database.db);
    expect(await lastUsedOf(key.id)).toEqual(new Date(start + 61_000));
    await writeApiCalls(database.db, [{ keyId: key.id, method: 'GET', path: '/api/v1/key', status: 200, at: new Date(start) }]); // a late row from another server
    expect(await lastUsedOf(key.id)).toEqual(new Date(start + 61_000));
    expect(await trailOf(key.id)).toHaveLength(4);
  });

  it('writes a second after the first call waiting, on the clock, without being asked', async () => {
    const { key, token } = await newKey('Timed marketplace');
    await call(token);
    await clock.tick(999);
    expect(await trailOf(key.id)).toEqual([]);
    await clock.tick(1);
    await promiseJobsRun();
    expect(apiCallTrailOf(database.db, clock).stats().pendingRows).toBe(0); // taken by the timer's flush
    await flushApiCallTrail(database.db); // waits for it
    expect(await trailOf(key.id)).toHaveLength(1);
  });

  it('is kept per database: a flush of another database writes none of this one’s calls', async () => {
    const other = await freshDatabase();
    try {
      const { key, token } = await newKey('Marketplace on the first database');
      await call(token);
      await flushApiCallTrail(other.db);
      expect(await trailOf(key.id)).toEqual([]);
      await flushApiCallTrail(database.db);
      expect(await trailOf(key.id)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('deletes calls older than 90 days in the every-minute sweep, a bounded number a run, and keeps the newer ones', async () => {
    const [first, second] = [(await newKey('Old marketplace')).key, (await newKey('Old directory')).key];
    const now = clock.now();
    const at = (keyId: string, daysAgo: number) => ({ keyId, method: 'GET', path: '/api/v1/key', status: 200, at: new Date(now - daysAgo * DAY) });
    const kept = [at(first.id, API_CALL_TRAIL_DAYS - 0.01), at(first.id, 1)];
    await writeApiCalls(database.db, [at(first.id, 400), at(first.id, API_CALL_TRAIL_DAYS + 1), at(first.id, API_CALL_TRAIL_DAYS + 0.01), ...kept, at(second.id, 200), at(second.id, 95)]);
    expect(await pruneApiCallTrail(database.db, new Date(now), 3)).toBe(3);
    await webhooksSweepJob.handler({}, { db: database.db, clock });
    expect(await trailOf(first.id)).toEqual(kept.map(({ keyId: _keyId, ...row }) => row));
    expect(await trailOf(second.id)).toEqual([]);
    expect(await pruneApiCallTrail(database.db, new Date(now))).toBe(0);
  });
});

describe('the trail’s buffer', () => {
  const row = (n: number): ApiCallRow => ({ keyId: 'k', method: 'GET', path: `/api/v1/${n}`, status: 200, at: new Date(n) });
  /** A trail whose writes are kept for the test to read, failing while `failing` is set; what it logs, kept too. */
  function bufferedTrail(options: { flushRows?: number; maxPendingRows?: number } = {}) {
    const written: string[][] = [];
    const logged: string[] = [];
    const state = { failing: false };
    const trail = createCallTrail({
      clock,
      write: async (rows) => {
        if (state.failing) throw new Error('database unavailable');
        written.push(rows.map((one) => one.path));
      },
      flushIntervalMs: 1_000,
      ...options,
      log: { warn: (message: string) => logged.push(message), error: (...args: unknown[]) => logged.push(args.join(' ')) },
    });
    return { trail, written, logged, state };
  }

  it('writes at once, without the timer, when enough calls wait, a bounded number a statement', async () => {
    const { trail, written } = bufferedTrail({ flushRows: 3 });
    for (const n of [1, 2, 3, 4]) trail.record(row(n));
    await promiseJobsRun();
    expect(written).toEqual([['/api/v1/1', '/api/v1/2', '/api/v1/3'], ['/api/v1/4']]);
  });

  it('keeps the calls of a failed flush and tries them again a second later', async () => {
    const { trail, written, logged, state } = bufferedTrail();
    state.failing = true;
    trail.record(row(1));
    trail.record(row(2));
    await clock.tick(1_000);
    await promiseJobsRun();
    expect(logged).toEqual(["[api-call-trail] could not write the keys' trail; keeping the calls for the next flush: database unavailable"]);
    state.failing = false;
    await clock.tick(1_000);
    await promiseJobsRun();
    expect(written).toEqual([['/api/v1/1', '/api/v1/2']]);
    expect(trail.stats()).toEqual({ pendingRows: 0, droppedRows: 0 });
  });

  it('holds a bounded number of calls while the database refuses them, oldest first, and says how many it dropped', async () => {
    const { trail, written, logged, state } = bufferedTrail({ maxPendingRows: 3 });
    state.failing = true;
    trail.record(row(1));
    trail.record(row(2));
    await expect(trail.flush()).rejects.toThrow('database unavailable');
    for (const n of [3, 4, 5]) trail.record(row(n));
    expect(trail.stats()).toEqual({ pendingRows: 3, droppedRows: 2 });
    state.failing = false;
    await trail.flush();
    expect(written).toEqual([['/api/v1/1', '/api/v1/2', '/api/v1/3']]);
    expect(logged).toEqual(["[api-call-trail] 2 calls were not written to their keys' trail: 3 were already waiting for the database"]);
  });
});
