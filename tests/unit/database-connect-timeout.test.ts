import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { isDatabaseUnavailable } from '@/lib/public-status/database-outage';

/**
 * A database behind a network that swallows packets: the connection is accepted and never answered.
 * A read must fail as "unavailable" (so the status API answers the last known status) instead of
 * waiting for the operating system to give up on the socket.
 */
const silent = new Set<net.Socket>();
const blackHole = net.createServer((socket) => silent.add(socket));
beforeAll(() => new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve)));
afterAll(async () => {
  for (const socket of silent) socket.destroy();
  await new Promise<void>((resolve) => blackHole.close(() => resolve()));
});

it('gives up on a connection that never answers and reports the database unavailable', async () => {
  const { port } = blackHole.address() as AddressInfo;
  const handle = await openDatabase({ url: `postgres://nobody:nothing@127.0.0.1:${port}/none`, connectTimeoutMs: 300 });
  try {
    const failure = await handle.db.execute(sql`select 1`).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure, 'the read fails rather than hangs').toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    expect(silent.size, 'the connection was made and left unanswered').toBeGreaterThan(0);
  } finally {
    await handle.close();
  }
});
