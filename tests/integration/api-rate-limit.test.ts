import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRateWindows } from '@/db/schema';
import { createTestClock, type TestClock } from '@/lib/clock';
import { currentKey } from '@/lib/api/routes/key';
import { pruneApiRateWindows, sharedRateLimiter } from '@/lib/api/rate-limit';
import { serveApiCall } from '@/lib/api/serve-api-call';
import { createStaffApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';

/*
 * A key's calls counted by every server process on PostgreSQL (ADR 0026, amendment): two servers
 * (two limiters on one database, as two processes each make their own) together allow a key its
 * limit a minute, not twice it; calls sent at once are counted exactly; the next minute starts
 * afresh, and the sweep deletes the minutes past. The same statement runs on PGlite here.
 */

let database: TestDatabase;
let clock: TestClock;
let makeKey: (callsPerMinute: number) => Promise<{ token: string; id: string }>;

beforeAll(async () => {
  database = await freshDatabase();
  clock = createTestClock(new Date('2026-06-01T09:00:10Z'));
  const admin = await seedUser(database.db, { role: 'admin' });
  makeKey = async (callsPerMinute) => {
    const { token, key } = await createStaffApiKey({ ctx: contextFor(database.db, actorOf(admin), clock), input: { kind: 'relying_party', name: `Marketplace ${callsPerMinute}`, scopes: ['public:read'], callsPerMinute } });
    return { token, id: key.id };
  };
});
afterAll(async () => {
  await database?.close();
});

/** One call of `currentKey` served by a server whose limiter is its own sharedRateLimiter on the database. */
async function callThroughServer(token: string) {
  const request = new Request('http://openseal.test/api/v1/key', { headers: { Authorization: `Bearer ${token}` } });
  const response = await serveApiCall({ db: database.db, clock, rateLimiter: sharedRateLimiter(database.db) }, request, currentKey.spec, (call) => currentKey.handle(call, {}));
  return { status: response.status, remaining: response.headers.get('ratelimit-remaining'), reset: response.headers.get('ratelimit-reset'), error: response.status === 429 ? ((await response.json()) as { error: string }).error : null };
}

describe(`the keys' shared call count (${testDriver})`, () => {
  it('lets two servers together make a key’s limit of calls a minute, then refuses both until the next minute', async () => {
    const key = await makeKey(4);
    const answers = [];
    for (let n = 0; n < 6; n++) answers.push(await callThroughServer(key.token));
    expect(answers.map((answer) => [answer.status, answer.remaining])).toEqual([
      [200, '3'],
      [200, '2'],
      [200, '1'],
      [200, '0'],
      [429, '0'],
      [429, '0'],
    ]);
    expect(answers[4]!.error).toBe('rate_limited');
    // The window is the clock's minute: 09:00:10 leaves 50 seconds.
    expect(answers[5]!.reset).toBe('50');

    await clock.setTime(new Date('2026-06-01T09:01:00Z').getTime());
    expect(await callThroughServer(key.token)).toMatchObject({ status: 200, remaining: '3', reset: '60' });
  });

  it('counts calls sent at once exactly: as many are allowed as the limit, whichever process takes them', async () => {
    const key = await makeKey(25);
    const limiters = [sharedRateLimiter(database.db), sharedRateLimiter(database.db)];
    const counted = { id: key.id, kind: 'relying_party' as const, callsPerMinute: 25 };
    const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => limiters[n % 2]!.take(counted, clock.now())));
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(25);
    expect(answers.filter((answer) => !answer.allowed).every((answer) => answer.remaining === 0)).toBe(true);
    expect([...new Set(answers.filter((answer) => answer.allowed).map((answer) => answer.remaining))].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, n) => n));
  });

  it('deletes the counts of minutes past when the sweep runs, and keeps the current minute’s', async () => {
    const key = await makeKey(10);
    await callThroughServer(key.token);
    await clock.setTime(clock.now() + 10 * 60_000);
    await callThroughServer(key.token);
    const deleted = await pruneApiRateWindows(database.db, new Date(clock.now()));
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = await database.db.select().from(apiRateWindows);
    expect(left.map((row) => row.windowStart.getTime())).toEqual([clock.now() - (clock.now() % 60_000)]);
  });
});
