import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { badgeSightings } from '@/db/schema';
import { createTestClock, type TestClock } from '@/lib/clock';
import { createBadgeSightings, normalizeSightingHost, type BadgeSightings } from '@/lib/public-status/badge-sightings';
import { listBadgeSightings } from '@/lib/review/badge-sightings';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { startFastPathServer } from './public-status-fixtures';

let database: TestDatabase;
let programId: string;
let reviewerId: string;
const started: BadgeSightings[] = [];
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewerId = (await seedUser(database.db, { role: 'reviewer' })).id;
});
afterAll(async () => {
  for (const sightings of started) await sightings.stop();
  await database?.close();
});

const MINUTE = 60_000;

async function newSeal() {
  return (await seedIssuedSeal(database.db, { programId, reviewerId })).seal;
}

/** Warnings the module logs, kept for the test to read. */
function start(clock: TestClock, options: { flushIntervalMs?: number; maxEntries?: number } = {}) {
  const warnings: string[] = [];
  const sightings = createBadgeSightings({
    db: database.db,
    clock,
    flushIntervalMs: options.flushIntervalMs ?? 60 * MINUTE,
    maxEntries: options.maxEntries,
    log: { warn: (message: string) => warnings.push(message), error: (...args: unknown[]) => warnings.push(args.join(' ')) },
  });
  started.push(sightings);
  return { sightings, warnings };
}

async function rowsOf(sealUuid: string) {
  const rows = await database.db.select().from(badgeSightings).where(eq(badgeSightings.sealId, sealUuid));
  return Object.fromEntries(rows.map((row) => [row.host, { count: row.requestCount, first: row.firstSeenAt.toISOString(), last: row.lastSeenAt.toISOString() }]));
}

describe('normalizeSightingHost', () => {
  it.each([
    ['FraudShop.Example', 'fraudshop.example'],
    ['fraudshop.example:8443', 'fraudshop.example'],
    ['fraudshop.example.', 'fraudshop.example'],
    ['www.fraudshop.example', 'www.fraudshop.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ])('keeps %s as %s', (input, expected) => {
    expect(normalizeSightingHost(input)).toBe(expected);
  });

  it.each(['null', '', 'localhost', 'localhost:3000', '127.0.0.1', '192.168.1.20:8080', '[::1]:3000', '::1', '10.1.2', 'bad_host.example', '-x.example', 'bücher.example'])(
    'drops %j: not a host name a reviewer can act on',
    (input) => {
      expect(normalizeSightingHost(input)).toBeNull();
    },
  );
});

describe('badge sightings', () => {
  it('counts many requests in memory and writes them in one flush, per seal and host', async () => {
    const clock = createTestClock();
    const [first, second] = [await newSeal(), await newSeal()];
    const { sightings } = start(clock);
    for (let index = 0; index < 250; index++) sightings.record(first.publicId, 'fraudshop.example');
    for (let index = 0; index < 40; index++) sightings.record(first.publicId, index % 2 ? 'Copycat.Example:443' : 'copycat.example.');
    sightings.record(second.publicId, 'fraudshop.example');
    expect(await rowsOf(first.id)).toEqual({}); // nothing is written before the flush
    expect(sightings.stats().pendingEntries).toBe(3);

    await sightings.flush();
    const now = new Date(clock.now()).toISOString();
    expect(await rowsOf(first.id)).toEqual({
      'fraudshop.example': { count: 250, first: now, last: now },
      'copycat.example': { count: 40, first: now, last: now },
    });
    expect(await rowsOf(second.id)).toEqual({ 'fraudshop.example': { count: 1, first: now, last: now } });
    expect(sightings.stats().pendingEntries).toBe(0);
  });

  it('keeps the first and last time seen, and adds up the counts of successive flushes', async () => {
    const clock = createTestClock(new Date('2026-03-01T10:00:00Z'));
    const seal = await newSeal();
    const { sightings } = start(clock);
    sightings.record(seal.publicId, 'fraudshop.example');
    await clock.setTime(new Date('2026-03-01T10:05:00Z'));
    sightings.record(seal.publicId, 'fraudshop.example');
    await sightings.flush();
    expect(await rowsOf(seal.id)).toEqual({ 'fraudshop.example': { count: 2, first: '2026-03-01T10:00:00.000Z', last: '2026-03-01T10:05:00.000Z' } });

    await clock.setTime(new Date('2026-03-02T08:00:00Z'));
    sightings.record(seal.publicId, 'fraudshop.example');
    sightings.record(seal.publicId, 'fraudshop.example');
    sightings.record(seal.publicId, 'mirror.example');
    await sightings.flush();
    expect(await rowsOf(seal.id)).toEqual({
      'fraudshop.example': { count: 4, first: '2026-03-01T10:00:00.000Z', last: '2026-03-02T08:00:00.000Z' },
      'mirror.example': { count: 1, first: '2026-03-02T08:00:00.000Z', last: '2026-03-02T08:00:00.000Z' },
    });
  });

  it('adds up the counts of two instances flushing the same host, keeping the earliest first and latest last', async () => {
    const seal = await newSeal();
    const clockA = createTestClock(new Date('2026-04-01T12:00:00Z'));
    const clockB = createTestClock(new Date('2026-04-01T11:00:00Z'));
    const a = start(clockA).sightings;
    const b = start(clockB).sightings;
    a.record(seal.publicId, 'fraudshop.example');
    b.record(seal.publicId, 'fraudshop.example');
    b.record(seal.publicId, 'fraudshop.example');
    await Promise.all([a.flush(), b.flush()]);
    expect(await rowsOf(seal.id)).toEqual({ 'fraudshop.example': { count: 3, first: '2026-04-01T11:00:00.000Z', last: '2026-04-01T12:00:00.000Z' } });
  });

  it('skips ids of seals that do not exist, and malformed ids, without losing the others in the batch', async () => {
    const clock = createTestClock();
    const seal = await newSeal();
    const { sightings } = start(clock);
    const rowsBefore = (await database.db.select().from(badgeSightings)).length;
    sightings.record('OS-2222-2222', 'fraudshop.example'); // well-formed, never issued
    sightings.record('not-a-seal', 'fraudshop.example');
    sightings.record(seal.publicId, 'fraudshop.example');
    expect(sightings.stats().pendingEntries).toBe(2);
    await sightings.flush();
    expect(Object.keys(await rowsOf(seal.id))).toEqual(['fraudshop.example']);
    expect((await database.db.select().from(badgeSightings)).length).toBe(rowsBefore + 1);
  });

  it('ignores hosts that are not names (null origin, addresses, localhost)', async () => {
    const clock = createTestClock();
    const seal = await newSeal();
    const { sightings } = start(clock);
    for (const host of ['null', '127.0.0.1', '[::1]:3000', 'localhost:3000']) sightings.record(seal.publicId, host);
    expect(sightings.stats().pendingEntries).toBe(0);
    await sightings.flush();
    expect(await rowsOf(seal.id)).toEqual({});
  });

  it('holds at most maxEntries hosts between flushes, counts the requests it turned away, and reports them at the flush', async () => {
    const clock = createTestClock();
    const seal = await newSeal();
    const { sightings, warnings } = start(clock, { maxEntries: 3 });
    for (const host of ['a.example', 'b.example', 'c.example']) sightings.record(seal.publicId, host);
    sightings.record(seal.publicId, 'd.example');
    sightings.record(seal.publicId, 'd.example');
    sightings.record(seal.publicId, 'e.example');
    sightings.record(seal.publicId, 'a.example'); // a host already held keeps counting
    expect(sightings.stats()).toEqual({ pendingEntries: 3, droppedRequests: 3, droppedRequestsTotal: 3 });

    await sightings.flush();
    expect(await rowsOf(seal.id)).toMatchObject({ 'a.example': { count: 2 }, 'b.example': { count: 1 }, 'c.example': { count: 1 } });
    expect(Object.keys(await rowsOf(seal.id))).toHaveLength(3);
    expect(warnings).toEqual(['[badge-sightings] 3 requests from further hosts were not counted: more than 3 seal/host pairs were seen between two flushes']);
    expect(sightings.stats()).toEqual({ pendingEntries: 0, droppedRequests: 0, droppedRequestsTotal: 3 });

    // After the flush there is room again.
    sightings.record(seal.publicId, 'd.example');
    await sightings.flush();
    expect(await rowsOf(seal.id)).toMatchObject({ 'd.example': { count: 1 } });
  });

  it('records at most 50 new hosts per seal and UTC day, the busiest first, and counts the rest as that day’s overflow', async () => {
    const clock = createTestClock(new Date('2026-06-01T10:00:00Z'));
    const seal = await newSeal();
    const { sightings, warnings } = start(clock);
    sightings.record(seal.publicId, 'yesterdays-copy.example');
    await sightings.flush(); // a host of the day before: it does not take one of today's places

    await clock.setTime(new Date('2026-06-02T10:00:00Z'));
    for (let index = 0; index < 1000; index++) sightings.record(seal.publicId, `forged-${index}.example`);
    for (let index = 0; index < 5; index++) sightings.record(seal.publicId, 'busy-copy.example');
    await sightings.flush();
    let recorded = await rowsOf(seal.id);
    expect(Object.keys(recorded)).toHaveLength(51);
    expect(recorded['busy-copy.example']).toMatchObject({ count: 5 });
    let listing = await listBadgeSightings(database.db, seal.id);
    expect(listing.overflow).toEqual([{ day: '2026-06-02', hostCount: 951, requestCount: 951 }]);
    expect(warnings).toEqual([`[badge-sightings] 951 new hosts (951 requests) not recorded: past 50 new hosts per seal and day, counted as overflow instead: ${seal.publicId} on 2026-06-02 (951)`]);

    // Later the same day: recorded hosts keep counting, new ones go on to the overflow.
    sightings.record(seal.publicId, 'yesterdays-copy.example');
    sightings.record(seal.publicId, 'busy-copy.example');
    for (let index = 0; index < 100; index++) sightings.record(seal.publicId, `more-forged-${index}.example`);
    await sightings.flush();
    recorded = await rowsOf(seal.id);
    expect(Object.keys(recorded)).toHaveLength(51);
    expect(recorded).toMatchObject({ 'yesterdays-copy.example': { count: 2 }, 'busy-copy.example': { count: 6 } });
    expect((await listBadgeSightings(database.db, seal.id)).overflow).toEqual([{ day: '2026-06-02', hostCount: 1051, requestCount: 1051 }]);

    // A new UTC day has room for 50 more.
    await clock.setTime(new Date('2026-06-03T00:00:01Z'));
    for (let index = 0; index < 60; index++) sightings.record(seal.publicId, `next-day-${index}.example`);
    await sightings.flush();
    expect(Object.keys(await rowsOf(seal.id))).toHaveLength(101);
    listing = await listBadgeSightings(database.db, seal.id);
    expect(listing.overflow).toEqual([
      { day: '2026-06-03', hostCount: 10, requestCount: 10 },
      { day: '2026-06-02', hostCount: 1051, requestCount: 1051 },
    ]);
  });

  it('keeps the bound when two instances flush new hosts of one seal at the same moment', async () => {
    const clock = createTestClock(new Date('2026-06-10T10:00:00Z'));
    const seal = await newSeal();
    const a = start(clock).sightings;
    const b = start(clock).sightings;
    for (let index = 0; index < 40; index++) {
      a.record(seal.publicId, `a-${index}.example`);
      b.record(seal.publicId, `b-${index}.example`);
    }
    await Promise.all([a.flush(), b.flush()]);
    expect(Object.keys(await rowsOf(seal.id))).toHaveLength(50);
    expect((await listBadgeSightings(database.db, seal.id)).overflow).toEqual([{ day: '2026-06-10', hostCount: 30, requestCount: 30 }]);
  });

  it('flushes on its timer, and once more when stopped; nothing is recorded after stop', async () => {
    const clock = createTestClock();
    const seal = await newSeal();
    const { sightings } = start(clock, { flushIntervalMs: 30_000 });
    sightings.record(seal.publicId, 'fraudshop.example');
    await clock.tick(29_000);
    expect(sightings.stats().pendingEntries).toBe(1);
    await clock.tick(2_000); // the 30 s timer fires inside this tick and takes the batch
    expect(sightings.stats().pendingEntries).toBe(0);
    await sightings.flush(); // waits for the timer's write, which it is queued behind
    expect(await rowsOf(seal.id)).toMatchObject({ 'fraudshop.example': { count: 1 } });

    sightings.record(seal.publicId, 'fraudshop.example');
    await sightings.stop();
    expect(await rowsOf(seal.id)).toMatchObject({ 'fraudshop.example': { count: 2 } });

    sightings.record(seal.publicId, 'fraudshop.example');
    expect(sightings.stats().pendingEntries).toBe(0);
    await clock.tick(60_000);
    expect(await rowsOf(seal.id)).toMatchObject({ 'fraudshop.example': { count: 2 } });
  });

  it('keeps the counts for the next flush when the database cannot take them', async () => {
    const gone = await freshDatabase();
    const sightings = createBadgeSightings({ db: gone.db, clock: createTestClock(), flushIntervalMs: 60 * MINUTE, log: { warn() {}, error() {} } });
    sightings.record('OS-2222-2222', 'fraudshop.example');
    sightings.record('OS-2222-2222', 'fraudshop.example');
    await gone.close();
    await expect(sightings.flush()).rejects.toThrow();
    expect(sightings.stats().pendingEntries).toBe(1);
    sightings.record('OS-2222-2222', 'fraudshop.example');
    expect(sightings.stats().pendingEntries).toBe(1); // the kept tally goes on counting
  });

  it('lists a seal’s hosts for reviewers, the most recently seen first, and only that seal’s', async () => {
    const clock = createTestClock(new Date('2026-05-01T09:00:00Z'));
    const [seal, other] = [await newSeal(), await newSeal()];
    const { sightings } = start(clock);
    sightings.record(seal.publicId, 'old-copy.example');
    await clock.setTime(new Date('2026-05-03T09:00:00Z'));
    sightings.record(seal.publicId, 'fraudshop.example');
    sightings.record(seal.publicId, 'fraudshop.example');
    await clock.setTime(new Date('2026-05-02T09:00:00Z'));
    sightings.record(seal.publicId, 'mirror.example');
    sightings.record(other.publicId, 'elsewhere.example');
    await sightings.flush();

    const listing = await listBadgeSightings(database.db, seal.id);
    expect(listing.totalHosts).toBe(3);
    const unchecked = { check: { state: 'unchecked' }, complaintReference: null };
    expect(listing.rows).toEqual([
      { host: 'fraudshop.example', requestCount: 2, firstSeenAt: new Date('2026-05-03T09:00:00Z'), lastSeenAt: new Date('2026-05-03T09:00:00Z'), ...unchecked },
      { host: 'mirror.example', requestCount: 1, firstSeenAt: new Date('2026-05-02T09:00:00Z'), lastSeenAt: new Date('2026-05-02T09:00:00Z'), ...unchecked },
      { host: 'old-copy.example', requestCount: 1, firstSeenAt: new Date('2026-05-01T09:00:00Z'), lastSeenAt: new Date('2026-05-01T09:00:00Z'), ...unchecked },
    ]);
    const limited = await listBadgeSightings(database.db, seal.id, 1);
    expect(limited).toEqual({ rows: [expect.objectContaining({ host: 'fraudshop.example' })], totalHosts: 3, overflow: [] });
    expect((await listBadgeSightings(database.db, (await newSeal()).id)).rows).toEqual([]);
  });
});

describe('copied badges seen by the fast path', () => {
  it('lists a status or badge request from a page on fraudshop.example after a flush, and not one from the seal’s own domain', async () => {
    const { seal, site } = await seedIssuedSeal(database.db, { programId, reviewerId });
    const server = await startFastPathServer(database);
    try {
      const requests = [
        server.fetch(`/api/v1/seals/${seal.publicId}/status`, { headers: { Origin: 'https://fraudshop.example' } }),
        server.fetch(`/api/v1/seals/${seal.publicId}/badge.svg`, { headers: { Referer: 'https://fraudshop.example/checkout' } }),
        server.fetch(`/api/v1/seals/${seal.publicId}/status`, { headers: { Origin: `https://${site.domain}` } }),
        server.fetch(`/api/v1/seals/${seal.publicId}/status`, { headers: { Referer: `https://www.${site.domain}/about` } }),
        server.fetch(`/api/v1/seals/${seal.publicId}/status`),
      ];
      for (const response of await Promise.all(requests)) expect(response.status).toBe(200);
      expect((await listBadgeSightings(database.db, seal.id)).rows).toEqual([]); // held in memory until the flush

      await server.fastPath.service.sightings.flush();
      const { rows } = await listBadgeSightings(database.db, seal.id);
      expect(rows).toEqual([{ host: 'fraudshop.example', requestCount: 2, firstSeenAt: expect.any(Date), lastSeenAt: expect.any(Date), check: { state: 'unchecked' }, complaintReference: null }]);
    } finally {
      await server.close();
    }
  });
});
