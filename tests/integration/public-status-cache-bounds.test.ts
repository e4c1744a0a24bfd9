import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { createStatusCache, type StatusCache, type StatusCacheOptions } from '@/lib/public-status/status-cache';
import { loadSealStatusRecord, loadSealStatusRecordsForHost, loadSealStatusRecords, loadSealStatusVersions } from '@/lib/public-status/status-record';
import { notifySealStatusChanged } from '@/lib/public-status/status-notify';
import { generateSealPublicId } from '@/lib/seals/public-id';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { notificationsDelivered, startFastPathServer } from './public-status-fixtures';

/**
 * Issue #12, item 10: the status cache is bounded (LRU within a memory budget), refreshes without a
 * thundering reload and never past its period, drops only the changed seal and its domains, and
 * finds a dead listener within seconds.
 */
let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewer = await seedUser(database.db, { role: 'reviewer' });
});
afterAll(async () => {
  await database?.close();
});

const issuedSeal = () => seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(Date.now() - 60_000) });
const suspension = { reason: 'A complaint about the sale of customer data is under investigation.', reinstatementRequirements: 'Confirm in writing that no data is sold.' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openCache(options: Partial<StatusCacheOptions> = {}, logs: string[] = []): Promise<StatusCache> {
  const cache = createStatusCache({ handle: database, log: (line) => logs.push(line), ...options });
  await cache.ready;
  return cache;
}

/**
 * Waits until `cache` has heard every notification committed so far (the seeds' own, which would
 * otherwise drop what a test has just loaded): PostgreSQL delivers them in commit order, so once a
 * marker notified now is heard, all before it are (public-status-fixtures.ts, notificationsDelivered).
 */
async function heardEverything(cache: StatusCache) {
  const marker = generateSealPublicId();
  expect(await cache.get(marker)).toBeNull();
  await notifySealStatusChanged(database.db, marker);
  await expect.poll(() => cache.lastKnown(marker), { timeout: 10_000, interval: 5 }).toBeUndefined();
}

describe(`the status cache's bounds (${testDriver})`, () => {
  it('keeps within its memory budget by dropping the least recently used seal, and reads an evicted one again, right', async () => {
    const seals = await Promise.all([issuedSeal(), issuedSeal(), issuedSeal(), issuedSeal()]);
    const [a, b, c, d] = seals.map(({ seal }) => seal.publicId) as [string, string, string, string];
    // Each entry's estimated size, as the cache counts it.
    const probe = await openCache();
    const sizes: number[] = [];
    try {
      for (const id of [a, b, c, d]) {
        const before = probe.stats().bytes;
        await probe.get(id);
        sizes.push(probe.stats().bytes - before);
      }
    } finally {
      await probe.close();
    }
    expect(sizes.every((size) => size > 500), `an entry is estimated at hundreds of bytes at least: ${sizes.join(', ')}`).toBe(true);
    // Room for any three, not four.
    const budgetBytes = sizes.reduce((sum, size) => sum + size, 0) - 1;
    const cache = await openCache({ budgetBytes });
    try {
      await heardEverything(cache);
      for (const id of [a, b, c]) expect((await cache.get(id))?.sealId).toBe(id);
      const loaded = cache.stats().loads;
      expect((await cache.get(a))?.sealId, 'a is used again: b is now the least recently used').toBe(a);
      expect(cache.stats().loads).toBe(loaded);
      expect((await cache.get(d))?.sealId).toBe(d);
      expect(cache.stats()).toMatchObject({ loads: loaded + 1, evictions: 1 });
      expect(cache.stats().bytes).toBeLessThanOrEqual(budgetBytes);
      expect(cache.lastKnown(b), 'b was dropped').toBeUndefined();
      for (const id of [a, c, d]) expect(cache.peek(id)?.sealId, `${id} is still cached`).toBe(id);
      expect(cache.stats().loads).toBe(loaded + 1);

      // Read again on demand, and right: the status as the database has it now.
      await suspendSeal({ ctx: contextFor(database.db, actorOf(reviewer)), input: { sealId: b, ...suspension } });
      const reread = await cache.get(b);
      expect(reread).toMatchObject({ sealId: b, storedStatus: 'suspended', reason: suspension.reason });
      expect(cache.stats().loads).toBe(loaded + 2);
      expect(cache.stats().bytes).toBeLessThanOrEqual(budgetBytes);
    } finally {
      await cache.close();
    }
  });

  it('counts a badge image made from a cached seal against the budget, once', async () => {
    const { seal, site } = await issuedSeal();
    const server = await startFastPathServer(database);
    try {
      await notificationsDelivered(database, server);
      const cache = server.fastPath.service.cache;
      expect((await server.fetch(`/api/v1/seals/${seal.publicId}/status`)).status).toBe(200);
      const withRecord = cache.stats().bytes;
      const svg = await (await server.fetch(`/api/v1/seals/${seal.publicId}/badge.svg`, { headers: { Referer: `https://${site.domain}/` } })).text();
      const withBadge = cache.stats().bytes;
      expect(withBadge - withRecord).toBeGreaterThanOrEqual(svg.length);
      await server.fetch(`/api/v1/seals/${seal.publicId}/badge.svg`, { headers: { Referer: `https://${site.domain}/` } });
      expect(cache.stats().bytes, 'the same image again costs nothing more').toBe(withBadge);
    } finally {
      await server.close();
    }
  });

  it('a status change drops exactly that seal and the answers of its domains: another domain’s answer and another seal stay cached', async () => {
    const changed = await issuedSeal();
    const other = await issuedSeal();
    const cache = await openCache();
    try {
      await heardEverything(cache);
      const changedDomain = changed.site.domain;
      const otherDomain = other.site.domain;
      expect((await cache.forDomain(changedDomain)).map((record) => record.storedStatus)).toEqual(['active']);
      expect((await cache.forDomain(`www.${changedDomain}`)).map((record) => record.sealId)).toEqual([changed.seal.publicId]);
      expect((await cache.forDomain(otherDomain)).map((record) => record.sealId)).toEqual([other.seal.publicId]);
      await cache.get(changed.seal.publicId);
      await cache.get(other.seal.publicId);
      const loaded = cache.stats().loads;

      await suspendSeal({ ctx: contextFor(database.db, actorOf(reviewer)), input: { sealId: changed.seal.publicId, ...suspension } });
      await expect.poll(() => cache.lastKnown(changed.seal.publicId), { timeout: 10_000, interval: 5 }).toBeUndefined();
      expect(cache.lastKnownForDomain(changedDomain), "the seal's domain answer is dropped").toBeUndefined();
      expect(cache.lastKnownForDomain(`www.${changedDomain}`), 'and its www. answer').toBeUndefined();
      expect(cache.lastKnownForDomain(otherDomain)?.value.map((record) => record.sealId), 'another domain keeps its answer').toEqual([other.seal.publicId]);

      // What stayed costs no query; what was dropped is read again, with the change.
      expect((await cache.forDomain(otherDomain)).map((record) => record.storedStatus)).toEqual(['active']);
      expect((await cache.get(other.seal.publicId))?.storedStatus).toBe('active');
      expect(cache.stats().loads).toBe(loaded);
      expect((await cache.forDomain(changedDomain)).map((record) => record.storedStatus)).toEqual(['suspended']);
      expect((await cache.get(changed.seal.publicId))?.storedStatus).toBe('suspended');
    } finally {
      await cache.close();
    }
  });

  it('never serves an answer older than the refresh period, and reloads a due one in the background while answering it', async () => {
    const { seal } = await issuedSeal();
    // Refresh period 1.5 s; every entry comes due at half of it (the earliest its jitter allows).
    // The sweep is kept out of the way (its own test is below): this is the backstop for what it misses.
    const cache = await openCache({ maxAgeMs: 1_500, random: () => 0, sweepIntervalMs: 600_000 });
    try {
      await heardEverything(cache);
      expect((await cache.get(seal.publicId))?.storedStatus).toBe('active');
      const loadedAt = performance.now();
      // A change whose notification is lost: written straight to the table, no NOTIFY.
      await database.db.execute(sql`update seals set status = 'suspended', status_reason = 'lost notice' where public_id = ${seal.publicId}`);
      expect(cache.peek(seal.publicId)?.storedStatus, 'not due yet: the cached answer').toBe('active');

      // Past the period: reloaded before it is answered, never the old answer.
      await sleep(loadedAt + 1_600 - performance.now());
      const loads = cache.stats().loads;
      expect(cache.peek(seal.publicId), 'too old to answer without the database').toBeUndefined();
      expect((await cache.get(seal.publicId))?.storedStatus).toBe('suspended');
      expect(cache.stats().loads).toBe(loads + 1);

      // Due (past half the period, within it): answered at once, reloaded once in the background.
      await database.db.execute(sql`update seals set status = 'active', status_reason = null where public_id = ${seal.publicId}`);
      const reloadedAt = performance.now();
      await sleep(reloadedAt + 900 - performance.now());
      const before = cache.stats();
      const answers = Array.from({ length: 20 }, () => cache.peek(seal.publicId)?.storedStatus);
      expect(answers.every((status) => status === 'suspended'), 'served from the cache while the reload runs').toBe(true);
      await expect.poll(() => cache.peek(seal.publicId)?.storedStatus, { timeout: 5_000, interval: 10 }).toBe('active');
      expect(cache.stats().loads, 'no request waited').toBe(before.loads);
      expect(cache.stats().refreshes, 'one reload for twenty reads').toBe(before.refreshes + 1);
    } finally {
      await cache.close();
    }
  });

  it('refreshes by version: a due seal is read whole only when its version moved, here by a holder renamed without a notice', async () => {
    const [renamed, untouched] = [await issuedSeal(), await issuedSeal()];
    const readWhole: string[] = [];
    const cache = await openCache({
      maxAgeMs: 1_500,
      random: () => 0,
      sweepIntervalMs: 100,
      loaders: {
        record: loadSealStatusRecord,
        forHost: loadSealStatusRecordsForHost,
        records: (db, ids) => {
          readWhole.push(...ids);
          return loadSealStatusRecords(db, ids);
        },
        versions: loadSealStatusVersions,
      },
    });
    try {
      await heardEverything(cache);
      for (const { seal } of [renamed, untouched]) expect((await cache.get(seal.publicId))?.holder.name).toBeTruthy();
      const loads = cache.stats().loads;
      const held = cache.peek(untouched.seal.publicId);
      // The rename's notice is lost: written straight to the table. Its trigger moves the seal's version.
      await database.db.execute(sql`update organizations set legal_name = 'Renamed Without Notice Ltd' where id = ${renamed.organization.id}`);
      await expect.poll(() => cache.peek(renamed.seal.publicId)?.holder.name, { timeout: 5_000, interval: 20 }).toBe('Renamed Without Notice Ltd');
      await expect.poll(() => cache.stats().confirmed, { timeout: 5_000, interval: 20 }).toBeGreaterThanOrEqual(1);
      expect(readWhole, 'only the renamed seal was read whole').toEqual([renamed.seal.publicId]);
      expect(cache.peek(untouched.seal.publicId), 'the unchanged record is kept, with what was prepared from it').toBe(held);
      expect(cache.stats().loads, 'no request waited').toBe(loads);
    } finally {
      await cache.close();
    }
  });
});

describe(`the status cache's reads of ids it does not hold (${testDriver})`, () => {
  it('reads misses that arrive together in one query, each answered right (an unknown id: no seal)', async () => {
    const queries: number[] = [];
    const cache = await openCache({
      loaders: {
        record: (db, id) => (queries.push(1), loadSealStatusRecord(db, id)),
        records: (db, ids) => (queries.push(ids.length), loadSealStatusRecords(db, ids)),
        forHost: loadSealStatusRecordsForHost,
      },
    });
    try {
      const seals = await Promise.all(Array.from({ length: 12 }, () => issuedSeal()));
      await heardEverything(cache);
      queries.length = 0;
      const stranger = generateSealPublicId();
      const answers = await Promise.all([...seals.map(({ seal }) => cache.get(seal.publicId)), cache.get(stranger)]);
      expect(answers.slice(0, 12).map((record) => record?.sealId)).toEqual(seals.map(({ seal }) => seal.publicId));
      expect(answers[12], 'no seal has that id').toBeNull();
      expect(queries, 'thirteen misses at once: one query').toEqual([13]);
      // A lone miss is read alone, at once.
      const { seal } = await issuedSeal();
      await heardEverything(cache);
      queries.length = 0;
      expect((await cache.get(seal.publicId))?.sealId).toBe(seal.publicId);
      expect(queries).toEqual([1]);
      expect(cache.peek(seal.publicId)?.sealId, 'cached').toBe(seal.publicId);
    } finally {
      await cache.close();
    }
  });
});

describe(`the status cache's sweep (${testDriver})`, () => {
  it('reloads in the background a seal read since its load once it is due, so its next request, past the period, does not wait; one nobody read is left to age', async () => {
    const cache = await openCache({ maxAgeMs: 1_500, random: () => 0, sweepIntervalMs: 50 });
    try {
      const [{ seal: read }, { seal: unread }] = await Promise.all([issuedSeal(), issuedSeal()]);
      await heardEverything(cache);
      expect((await cache.get(read.publicId))?.storedStatus).toBe('active');
      expect((await cache.get(unread.publicId))?.storedStatus).toBe('active');
      const loadedAt = performance.now();
      expect(cache.peek(read.publicId)?.storedStatus, 'read once, before it is due').toBe('active');
      // Changed behind the cache's back (no notification): only a reload can see it.
      await database.db.execute(sql`update seals set status = 'suspended', status_reason = 'checked' where public_id in (${read.publicId}, ${unread.publicId})`);

      // Not read again; past the whole period (due at half of it, swept meanwhile).
      await sleep(loadedAt + 1_700 - performance.now());
      const loads = cache.stats().loads;
      expect(cache.peek(read.publicId)?.storedStatus, 'reloaded by the sweep: answered at once, and as it is now').toBe('suspended');
      expect(cache.peek(unread.publicId), 'nobody read it since its load: too old to answer without the database').toBeUndefined();
      expect(cache.stats().loads, 'no request waited for the seal that was read').toBe(loads);
    } finally {
      await cache.close();
    }
  });
});

describe(`the status cache's reloads of unchanged seals (${testDriver})`, () => {
  it('keeps the record it holds when a reload finds the seal unchanged (what was prepared from it stays), and takes the new one when it changed', async () => {
    const cache = await openCache({ maxAgeMs: 1_500, random: () => 0, sweepIntervalMs: 50 });
    try {
      const [{ seal: same }, { seal: changed }] = await Promise.all([issuedSeal(), issuedSeal()]);
      await heardEverything(cache);
      const heldSame = await cache.get(same.publicId);
      const heldChanged = await cache.get(changed.publicId);
      cache.peek(same.publicId);
      cache.peek(changed.publicId);
      await database.db.execute(sql`update seals set status = 'suspended', status_reason = 'checked' where public_id = ${changed.publicId}`);
      const refreshes = cache.stats().refreshes;
      // Due at half the period; reloaded by the sweep.
      await expect.poll(() => cache.stats().refreshes, { timeout: 5_000, interval: 20 }).toBeGreaterThanOrEqual(refreshes + 2);
      await expect.poll(() => cache.peek(changed.publicId)?.storedStatus, { timeout: 5_000, interval: 20 }).toBe('suspended');
      expect(cache.peek(changed.publicId), 'changed: the new record').not.toBe(heldChanged);
      expect(cache.peek(same.publicId), 'unchanged: the very record it held').toBe(heldSame);
    } finally {
      await cache.close();
    }
  });
});

describe.skipIf(testDriver === 'pglite')('a dead listener (PostgreSQL; the embedded database listens in-process)', () => {
  it('is found when its backend is terminated: logged once, listening again, changes heard again', async () => {
    const logs: string[] = [];
    const cache = await openCache({}, logs);
    try {
      const { seal } = await issuedSeal();
      await heardEverything(cache);
      expect((await cache.get(seal.publicId))?.storedStatus).toBe('active');
      await database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%' and pid <> pg_backend_pid()`);
      await expect.poll(() => logs.filter((line) => line.includes('listening for status changes again')).length, { timeout: 10_000 }).toBe(1);
      expect(logs.filter((line) => line.includes('not listening for status changes')), 'down: logged once').toHaveLength(1);
      expect(cache.stats().listening).toBe(true);
      // Kept, not emptied: answered at once and checked again in the background.
      expect(cache.peek(seal.publicId)?.storedStatus).toBe('active');
      await suspendSeal({ ctx: contextFor(database.db, actorOf(reviewer)), input: { sealId: seal.publicId, ...suspension } });
      await expect.poll(async () => (await cache.get(seal.publicId))?.storedStatus, { timeout: 10_000, interval: 20 }).toBe('suspended');
    } finally {
      await cache.close();
    }
  });

  it('is found within seconds when its connection goes silent (no error, no end), by its keep-alive check, and replaced', async () => {
    const serverUrl = new URL(process.env.TEST_DATABASE_URL!);
    const proxy = await startFreezableProxy({ host: serverUrl.hostname, port: Number(serverUrl.port || 5432) });
    const url = new URL(serverUrl);
    url.host = `127.0.0.1:${proxy.port}`;
    url.pathname = `/${database.name}`;
    const proxied: DatabaseHandle = await openDatabase({ url: url.toString() });
    const logs: string[] = [];
    // Listening through the proxy; reads straight from the database, so that only the listener is cut.
    const cache = createStatusCache({
      handle: proxied,
      log: (line) => logs.push(line),
      listener: { pingIntervalMs: 200, pingTimeoutMs: 500 },
      loaders: { record: (_db, id) => loadSealStatusRecord(database.db, id), forHost: (_db, host) => loadSealStatusRecordsForHost(database.db, host), records: (_db, ids) => loadSealStatusRecords(database.db, ids) },
    });
    try {
      await cache.ready;
      const { seal } = await issuedSeal();
      await heardEverything(cache);
      expect((await cache.get(seal.publicId))?.storedStatus).toBe('active');

      proxy.freeze(); // the listener's packets vanish from now on, as in a network partition
      const frozenAt = performance.now();
      await expect.poll(() => logs.find((line) => line.includes('not listening for status changes')), { timeout: 5_000, interval: 20 }).toContain('no answer to a keep-alive check');
      expect(performance.now() - frozenAt, 'found within seconds').toBeLessThan(3_000);
      await expect.poll(() => logs.filter((line) => line.includes('listening for status changes again')).length, { timeout: 10_000 }).toBe(1);
      expect(logs.filter((line) => line.includes('not listening for status changes')), 'down: logged once').toHaveLength(1);

      // The new connection hears changes.
      await suspendSeal({ ctx: contextFor(database.db, actorOf(reviewer)), input: { sealId: seal.publicId, ...suspension } });
      await expect.poll(async () => (await cache.get(seal.publicId))?.storedStatus, { timeout: 10_000, interval: 20 }).toBe('suspended');
    } finally {
      await cache.close();
      proxy.close();
      await proxied.close();
    }
  });
});

/**
 * A TCP forwarder to the test PostgreSQL server whose connections can be frozen: their bytes are
 * dropped both ways and nothing closes, as when a network path dies silently. Connections made
 * after the freeze flow normally.
 */
async function startFreezableProxy(target: { host: string; port: number }) {
  const connections = new Set<{ frozen: boolean; sockets: net.Socket[] }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const connection = { frozen: false, sockets: [client, upstream] };
    connections.add(connection);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        if (!connection.frozen) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    for (const socket of connection.sockets) {
      socket.on('error', () => {});
      socket.on('close', () => {
        for (const other of connection.sockets) other.destroy();
        connections.delete(connection);
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    freeze() {
      for (const connection of connections) connection.frozen = true;
    },
    close() {
      for (const connection of connections) for (const socket of connection.sockets) socket.destroy();
      server.close();
    },
  };
}
