import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { renderBadgeSvg } from '@/lib/badge/badge-svg';
import { createTestClock } from '@/lib/clock';
import type { StatusLoaders } from '@/lib/public-status/status-cache';
import { loadSealStatusRecord, loadSealStatusRecordsForHost } from '@/lib/public-status/status-record';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { notificationsDelivered, startFastPathServer } from './public-status-fixtures';

/**
 * Issue #11, item 12: while the database cannot be reached, the status API and the badge answer the
 * last known status marked stale (200, `stale: true`, `Warning: 110`, max-age 10), never a 500.
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

const STALE_WARNING = '110 - "Response is Stale"';
const NEVER_SEEN = 'OS-2222-2229';
const issuedSeal = (now: number) => seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(now - 60_000) });
const payloadOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** What a failed connect looks like to the loaders (node-postgres passes the socket's error on). */
function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
}

describe(`answers while the database cannot be reached (${testDriver})`, () => {
  it('serves the last known status marked stale, unavailable for ids never seen, and fresh statuses again once it answers', async () => {
    // The real loaders, with a switch at the boundary: cut, they fail as a refused connection does.
    let failure: (() => Error) | null = null;
    const guard = <T>(read: () => Promise<T>) => (failure ? Promise.reject(failure()) : read());
    const loaders: StatusLoaders = {
      record: (db, publicId) => guard(() => loadSealStatusRecord(db, publicId)),
      forHost: (db, hostname) => guard(() => loadSealStatusRecordsForHost(db, hostname)),
    };
    const clock = createTestClock();
    // Every request reloads (as after the listener's reconnect), so every request meets the outage.
    const server = await startFastPathServer(database, { clock, cacheMaxAgeMs: 0, cacheLoaders: loaders });
    try {
      const { seal, organization } = await issuedSeal(clock.now());
      // The issue's own notice, arriving after the first read, would drop the entry this test reads back.
      await notificationsDelivered(database, server);
      const confirmedAt = new Date(clock.now());
      const fresh = await server.fetch(`/api/v1/seals/${seal.publicId}/status`);
      const freshDocument = await fresh.json();
      expect(freshDocument.stale).toBeUndefined();
      expect(fresh.headers.get('warning')).toBeNull();
      expect((await server.fetch(`/api/v1/seals/OS-2222-2228/status`)).status).toBe(404); // known not to exist
      const domain = freshDocument.domains[0] as string;
      expect((await (await server.fetch(`/api/v1/seals?domain=${domain}`)).json()).seals).toHaveLength(1);

      failure = connectionRefused;
      await clock.setTime(clock.now() + 30_000);
      const stale = await server.fetch(`/api/v1/seals/${seal.publicId}/status`);
      expect(stale.status).toBe(200);
      expect(stale.headers.get('warning')).toBe(STALE_WARNING);
      expect(stale.headers.get('cache-control')).toBe('public, max-age=10');
      expect(stale.headers.get('etag')).not.toBe(fresh.headers.get('etag'));
      const staleDocument = await stale.json();
      expect(staleDocument).toEqual({ ...freshDocument, stale: true, checkedAt: confirmedAt.toISOString() });
      expect(Object.keys(staleDocument).at(-1), 'checkedAt stays last').toBe('checkedAt');

      const signed = await server.fetch(`/api/v1/seals/${seal.publicId}/status.jws`);
      expect(signed.status).toBe(200);
      expect(signed.headers.get('warning')).toBe(STALE_WARNING);
      const payload = payloadOf(await signed.text());
      expect(payload).toMatchObject({ status: 'active', stale: true, checkedAt: confirmedAt.toISOString(), iat: Math.floor(confirmedAt.getTime() / 1000) });

      const badge = await server.fetch(`/api/v1/seals/${seal.publicId}/badge.svg`);
      expect(badge.status).toBe(200);
      expect(badge.headers.get('warning')).toBe(STALE_WARNING);
      expect(badge.headers.get('cache-control')).toBe('public, max-age=10');
      expect(await badge.text()).toBe(renderBadgeSvg({ state: 'active', sealId: seal.publicId, holderName: organization.legalName }));

      const byDomain = await server.fetch(`/api/v1/seals?domain=${domain}`);
      expect(byDomain.status).toBe(200);
      expect(byDomain.headers.get('warning')).toBe(STALE_WARNING);
      expect((await byDomain.json()).seals).toEqual([staleDocument]);

      // Known not to exist: still 404. Never seen: nobody knows, so 503 (JSON) and the unavailable image.
      expect((await server.fetch(`/api/v1/seals/OS-2222-2228/status`)).status).toBe(404);
      const unknown = await server.fetch(`/api/v1/seals/${NEVER_SEEN}/status`);
      expect(unknown.status).toBe(503);
      expect(unknown.headers.get('retry-after')).toBe('10');
      expect(await unknown.json()).toMatchObject({ error: 'unavailable' });
      expect((await server.fetch(`/api/v1/seals/${NEVER_SEEN}/status.jws`)).status).toBe(503);
      const unknownBadge = await server.fetch(`/api/v1/seals/${NEVER_SEEN}/badge.svg`);
      expect(unknownBadge.status).toBe(200);
      expect(unknownBadge.headers.get('cache-control')).toBe('public, max-age=10');
      expect(await unknownBadge.text()).toBe(renderBadgeSvg({ state: 'unavailable', sealId: null }));
      expect((await server.fetch(`/api/v1/seals?domain=never-seen.example`)).status).toBe(503);

      // The clock still applies: a seal whose expiresAt passes during the outage reads expired.
      await clock.setTime(seal.expiresAt.getTime());
      expect(await (await server.fetch(`/api/v1/seals/${seal.publicId}/status`)).json()).toMatchObject({ status: 'expired', stale: true, checkedAt: confirmedAt.toISOString() });
      await clock.setTime(confirmedAt.getTime() + 60_000);

      // Any other failure is a fault: 500, no stale answer to hide it.
      failure = () => new Error('column "public_id" does not exist');
      const broken = await server.fetch(`/api/v1/seals/${seal.publicId}/status`);
      expect(broken.status).toBe(500);
      expect(await broken.json()).toEqual({ error: 'internal' });

      failure = null;
      const back = await server.fetch(`/api/v1/seals/${seal.publicId}/status`);
      expect(back.headers.get('warning')).toBeNull();
      expect(back.headers.get('cache-control')).toBe('public, max-age=60');
      expect(await back.json()).toEqual({ ...freshDocument, checkedAt: new Date(clock.now()).toISOString() });
    } finally {
      await server.close();
    }
  });
});

/**
 * A TCP forwarder to the test PostgreSQL server that can be cut (every connection destroyed, no new
 * one accepted) and restored on the same port: a database restart as the application sees it.
 */
async function startCuttableProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    async cut() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    restore: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
  };
}

describe.skipIf(testDriver === 'pglite')('a PostgreSQL outage (skipped on PGlite: the embedded database cannot go away under a running process)', () => {
  it('answers the last known status through the fast path while the connection is cut, and the change made meanwhile once it is back', async () => {
    const serverUrl = new URL(process.env.TEST_DATABASE_URL!);
    const proxy = await startCuttableProxy({ host: serverUrl.hostname, port: Number(serverUrl.port || 5432) });
    const url = new URL(serverUrl);
    url.host = `127.0.0.1:${proxy.port}`;
    url.pathname = `/${database.name}`;
    const proxied: DatabaseHandle = await openDatabase({ url: url.toString() });
    const clock = createTestClock();
    const server = await startFastPathServer(proxied, { clock });
    try {
      const { seal, organization } = await issuedSeal(clock.now());
      // The issue's own notice, arriving after the warm read, would drop the entry the outage answers from.
      await notificationsDelivered(database, server);
      const warm = await server.fetch(`/api/v1/seals/${seal.publicId}/status`);
      const warmDocument = await warm.json();
      expect(warmDocument.status).toBe('active');

      await clock.setTime(clock.now() + 5_000);
      const cutAt = new Date(clock.now());
      await proxy.cut();
      await expect.poll(() => server.fastPath.service.cache.stats().listening, { timeout: 10_000 }).toBe(false);
      await clock.setTime(clock.now() + 20_000);

      const stale = await server.fetch(`/api/v1/seals/${seal.publicId}/status`);
      expect(stale.status).toBe(200);
      expect(stale.headers.get('warning')).toBe(STALE_WARNING);
      expect(stale.headers.get('cache-control')).toBe('public, max-age=10');
      expect(await stale.json()).toEqual({ ...warmDocument, stale: true, checkedAt: cutAt.toISOString() });
      const badge = await server.fetch(`/api/v1/seals/${seal.publicId}/badge.svg`);
      expect(badge.status).toBe(200);
      expect(badge.headers.get('warning')).toBe(STALE_WARNING);
      expect(badge.headers.get('cache-control')).toBe('public, max-age=10');
      expect(await badge.text()).toBe(renderBadgeSvg({ state: 'active', sealId: seal.publicId, holderName: organization.legalName }));
      expect((await server.fetch(`/api/v1/seals/${NEVER_SEEN}/status`)).status).toBe(503);
      const unknownBadge = await server.fetch(`/api/v1/seals/${NEVER_SEEN}/badge.svg`);
      expect(unknownBadge.status).toBe(200);
      expect(await unknownBadge.text()).toBe(renderBadgeSvg({ state: 'unavailable', sealId: null }));

      // A change this instance cannot hear: made directly on the database while the proxy is cut.
      await suspendSeal({
        ctx: contextFor(database.db, actorOf(reviewer), clock),
        input: { sealId: seal.publicId, reason: 'A complaint about the sale of customer data is under investigation.', reinstatementRequirements: 'Confirm in writing that no data is sold.' },
      });
      expect((await (await server.fetch(`/api/v1/seals/${seal.publicId}/status`)).json()).status, 'still the last known status').toBe('active');

      await proxy.restore();
      await expect
        .poll(
          async () => {
            const answer = await server.fetch(`/api/v1/seals/${seal.publicId}/status`);
            const document = await answer.json();
            return { warning: answer.headers.get('warning'), stale: document.stale, status: document.status };
          },
          { timeout: 15_000, interval: 100 },
        )
        .toEqual({ warning: null, stale: undefined, status: 'suspended' });
      await expect.poll(() => server.fastPath.service.cache.stats().listening, { timeout: 15_000 }).toBe(true);
      const badgeBack = await server.fetch(`/api/v1/seals/${seal.publicId}/badge.svg`);
      expect(badgeBack.headers.get('warning')).toBeNull();
      expect(await badgeBack.text()).toBe(renderBadgeSvg({ state: 'suspended', sealId: seal.publicId, holderName: organization.legalName }));
    } finally {
      await server.close();
      await proxied.close();
      await proxy.close();
    }
  });
});
