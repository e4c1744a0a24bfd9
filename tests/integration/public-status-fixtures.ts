import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { parseEnv } from '@/lib/env';
import { createTestClock, type TestClock } from '@/lib/clock';
import { createFastPath, type FastPath } from '@/lib/public-status/fast-path';
import { createPublicStatusService } from '@/lib/public-status/public-status-service';
import { notifySealStatusChanged } from '@/lib/public-status/status-notify';
import { generateSealPublicId } from '@/lib/seals/public-id';
import type { StatusLoaders } from '@/lib/public-status/status-cache';

export type FastPathServer = {
  origin: string;
  fastPath: FastPath;
  clock: TestClock;
  /** A request to the fast path; `path` is relative to the server. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
};

/**
 * The fast path on a plain node:http server at a random port, over `database`, as the production
 * server runs it: what the fast path does not answer gets 418 here (Next.js would take it there).
 * The signing key lives in a temporary data folder, as in embedded mode.
 */
export async function startFastPathServer(database: DatabaseHandle, options: { clock?: TestClock; env?: Record<string, string>; cacheMaxAgeMs?: number; cacheLoaders?: StatusLoaders } = {}): Promise<FastPathServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-fast-path-'));
  // The server listens first, so that its address can be the configured origin; it then serves this.
  const serving: { fastPath?: FastPath } = {};
  const server = http.createServer((request, response) => {
    if (serving.fastPath?.handle(request, response)) return;
    response.writeHead(418, { 'Content-Type': 'text/plain' });
    response.end('not a fast-path URL');
  });
  // Longer than the client's: a test that pauses (seeding hundreds of seals on a loaded machine)
  // must not find its kept-alive connection closed under its next request (ECONNRESET).
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The server's own address is its public origin, as an operator would configure it; a test may name another.
  const env = parseEnv({ NODE_ENV: 'test', OPENSEAL_DATA_DIR: dataDir, OPENSEAL_PUBLIC_URL: origin, ...options.env });
  const clock = options.clock ?? createTestClock();
  const runtime = { env, handle: database, db: database.db, clock };
  const fastPath = (serving.fastPath = createFastPath({ runtime, service: createPublicStatusService({ runtime, cacheMaxAgeMs: options.cacheMaxAgeMs, cacheLoaders: options.cacheLoaders }) }));
  await fastPath.ready;
  return {
    origin,
    fastPath,
    clock,
    fetch: (target, init) => fetch(`${origin}${target}`, init),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fastPath.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until `target`'s cache has heard every status notification committed so far: call it
 * after a test's setup and before counting the cache's database loads.
 *
 * Why: on PostgreSQL a notification reaches the cache over its own LISTEN connection, while reads
 * go through the pool; nothing orders the two. The notification of a seal the setup just issued
 * can arrive after the test's first read has cached that seal, and drop it (rightly: the cache
 * cannot tell a late notice from a new change), so the next read loads it again. On a loaded
 * machine that made "served from the cache" count 2 loads instead of 1.
 *
 * How: PostgreSQL delivers a listener's notifications in commit order, so a marker notified now
 * arrives after all of them. The marker is an id nobody holds, first remembered as unknown; once
 * the cache has forgotten it, the marker, and everything before it, has been heard.
 */
export async function notificationsDelivered(database: DatabaseHandle, target: FastPathServer): Promise<void> {
  const cache = target.fastPath.service.cache;
  const marker = generateSealPublicId();
  expect(await cache.get(marker)).toBeNull();
  await expect.poll(() => cache.stats().listening, { timeout: 10_000, message: 'the cache listens for changes' }).toBe(true);
  // Remembered as unknown (fresh or not: a cache with max age 0 keeps it as the last known answer).
  expect(cache.lastKnown(marker)?.value).toBeNull();
  await notifySealStatusChanged(database.db, marker);
  await expect.poll(() => cache.lastKnown(marker), { timeout: 10_000, interval: 5 }).toBeUndefined();
}

/** The fields of a status document and their types, as a relying party reads them. */
export function expectedDocumentShape() {
  return {
    sealId: expect.stringMatching(/^OS-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/),
    status: expect.stringMatching(/^(active|suspended|revoked|expired)$/),
    holder: { name: expect.any(String), country: expect.any(String) },
    domains: expect.any(Array),
    program: { slug: expect.any(String), name: expect.any(String) },
    criteriaVersion: expect.any(Number),
    issuedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    statusChangedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    reason: null,
    verifyUrl: expect.any(String),
    // No checkpointer runs beside these servers: no checkpoint covers the entry yet.
    log: { index: expect.any(Number), treeSize: null },
    checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  };
}
