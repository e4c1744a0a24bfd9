import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv, EnvError } from '@/lib/env';
import {
  OffsetClock,
  TEST_CLOCK_PATH,
  TEST_CLOCK_WARNING,
  disableTestClock,
  enableTestClock,
  handleTestClockRequest,
  isLoopbackAddress,
} from '@/lib/server/test-clock';

/** A server wired like lib/server/http-server.ts: the hook first, everything else a 404 (Next's part). */
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    if (handleTestClockRequest(request, response)) return;
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('Not found (the page stack)');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => disableTestClock());

function post(body: unknown, contentType = 'application/json') {
  return fetch(`${base}${TEST_CLOCK_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The clock's offset from real time, read between two real readings so no timing is assumed. */
function offsetBounds(clock: OffsetClock) {
  const before = Date.now();
  const reading = clock.now();
  const after = Date.now();
  return { min: reading - after, max: reading - before };
}

describe('the test clock setting', () => {
  it('is off unless OPENSEAL_TEST_CLOCK is set, and takes only true/false', () => {
    expect(parseEnv({}).OPENSEAL_TEST_CLOCK).toBe(false);
    expect(parseEnv({ OPENSEAL_TEST_CLOCK: '1' }).OPENSEAL_TEST_CLOCK).toBe(true);
    expect(() => parseEnv({ OPENSEAL_TEST_CLOCK: 'yes' })).toThrow(EnvError);
  });
});

describe('POST /__openseal/test-clock', () => {
  it('is refused when the test clock is not enabled: the request goes on to the pages, which know no such path', async () => {
    const response = await post({ advanceMs: 60_000 });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Not found (the page stack)');
  });

  it('moves the enabled clock forward or back and resets it, while time keeps flowing', async () => {
    const warnings: string[] = [];
    const clock = enableTestClock((message) => warnings.push(message));
    expect(warnings).toEqual([TEST_CLOCK_WARNING]);
    expect(TEST_CLOCK_WARNING).toContain('never turn it on for a real installation');

    const day = 24 * 60 * 60 * 1000;
    const moved = await post({ advanceMs: 400 * day });
    expect(moved.status).toBe(200);
    const body = (await moved.json()) as { offsetMs: number; now: string };
    expect(body.offsetMs).toBe(400 * day);
    expect(Date.parse(body.now) - Date.now()).toBeGreaterThan(399 * day);
    const { min, max } = offsetBounds(clock);
    expect(min).toBeLessThanOrEqual(400 * day);
    expect(max).toBeGreaterThanOrEqual(400 * day);

    await post({ advanceMs: day });
    expect(clock.offsetMs).toBe(401 * day);
    await post({ advanceMs: -402 * day });
    expect(clock.offsetMs).toBe(-day);

    const reset = await post({ reset: true });
    expect(reset.status).toBe(200);
    expect(((await reset.json()) as { offsetMs: number }).offsetMs).toBe(0);
    expect(clock.offsetMs).toBe(0);
  });

  it('answers after the hook run on each move (the every-minute jobs sent), and says so when the hook fails', async () => {
    const clock = enableTestClock(() => {});
    const moves: number[] = [];
    clock.onMove = async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      moves.push(clock.offsetMs);
    };
    expect((await post({ advanceMs: 60_000 })).status).toBe(200);
    expect((await post({ reset: true })).status).toBe(200);
    expect(moves).toEqual([60_000, 0]);

    clock.onMove = async () => {
      throw new Error('the job queue is closed');
    };
    const failed = await post({ advanceMs: 1 });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'jobs_not_sent', message: 'the job queue is closed' });
  });

  it('refuses anything but a JSON command of a known shape, leaving the clock as it was', async () => {
    const clock = enableTestClock(() => {});
    for (const body of [{ advanceMs: 1.5 }, { advanceMs: 1e15 }, { advanceMs: '60000' }, { reset: false }, { advanceMs: 1, reset: true }, 'not json']) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_command');
    }
    expect((await post({ advanceMs: 1000 }, 'text/plain')).status).toBe(415);
    const get = await fetch(`${base}${TEST_CLOCK_PATH}`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(clock.offsetMs).toBe(0);
  });

  it('leaves every other path to the pages', async () => {
    enableTestClock(() => {});
    const response = await fetch(`${base}/__openseal/test-clock-other`, { method: 'POST' });
    expect(response.status).toBe(404);
  });
});

describe('isLoopbackAddress', () => {
  it('accepts only loopback socket addresses', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['10.0.0.1', '192.168.1.20', '::ffff:192.168.1.20', 'fe80::1', '1127.0.0.1', '', undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });
});

describe('OffsetClock', () => {
  it('follows real time plus its offset, and runs timers in real time', async () => {
    const clock = new OffsetClock();
    clock.advance(5_000);
    const { min, max } = offsetBounds(clock);
    expect(min).toBeLessThanOrEqual(5_000);
    expect(max).toBeGreaterThanOrEqual(5_000);
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 1));
    const interval = await new Promise<number>((resolve) => {
      let runs = 0;
      const handle = clock.setInterval(() => {
        runs += 1;
        if (runs === 2) {
          clock.clearInterval(handle);
          resolve(runs);
        }
      }, 1);
    });
    expect(interval).toBe(2);
  });
});
