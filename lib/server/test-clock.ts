import type http from 'node:http';
import { z } from 'zod';
import { systemClock, type Clock } from '@/lib/clock';

/**
 * A clock for the end-to-end server only (OPENSEAL_TEST_CLOCK): real time plus an offset that a
 * test moves through `POST /__openseal/test-clock`, to see a seal expire or a deadline pass without
 * waiting a year (or, moved back, to issue a seal that expires in minutes). Timers run in real time and time keeps flowing, so jobs, sessions and the
 * other specs sharing the server keep their order; a frozen TestClock would stop them.
 *
 * Only JavaScript time moves: the database's now() and pg-boss's job times stay real, so a job
 * delayed to a moment in the moved future waits for real time. What reads the runtime's clock —
 * the services, the status documents, the pages — sees the moved time.
 */
export class OffsetClock implements Clock {
  #offsetMs = 0;
  /**
   * Called after each move, before the answer (scripts/serve.ts: the every-minute jobs are sent and
   * the badge sightings written at once, not up to a minute later). A move of 0 ms only runs it.
   */
  onMove: () => Promise<void> = async () => {};

  now(): number {
    return Date.now() + this.#offsetMs;
  }
  setTimeout(fn: () => void, ms: number) {
    return systemClock.setTimeout(fn, ms);
  }
  clearTimeout(handle: unknown) {
    systemClock.clearTimeout(handle);
  }
  setInterval(fn: () => void, ms: number) {
    return systemClock.setInterval(fn, ms);
  }
  clearInterval(handle: unknown) {
    systemClock.clearInterval(handle);
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }
  advance(ms: number) {
    this.#offsetMs += ms;
  }
  reset() {
    this.#offsetMs = 0;
  }
}

export const TEST_CLOCK_PATH = '/__openseal/test-clock';

export const TEST_CLOCK_WARNING = [
  '',
  '!!! OPENSEAL_TEST_CLOCK is on: this server\'s clock can be moved by anyone on this machine',
  `!!! (POST ${TEST_CLOCK_PATH}). Seals may read expired and deadlines may pass early.`,
  '!!! It exists for the end-to-end tests only: never turn it on for a real installation.',
  '',
].join('\n');

const MAX_ADVANCE_MS = 20 * 366 * 24 * 60 * 60 * 1000;

const TestClockCommand = z.union([
  z.strictObject({ advanceMs: z.number().int().min(-MAX_ADVANCE_MS).max(MAX_ADVANCE_MS) }),
  z.strictObject({ reset: z.literal(true) }),
]);

let enabled: OffsetClock | null = null;

/** Turns the test clock on for this process (start-up, when OPENSEAL_TEST_CLOCK is set) and says so loudly. */
export function enableTestClock(log: (message: string) => void = console.warn): OffsetClock {
  enabled ??= new OffsetClock();
  log(TEST_CLOCK_WARNING);
  return enabled;
}

/** For tests of this module: the process goes back to having no movable clock. */
export function disableTestClock() {
  enabled = null;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function answer(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

/**
 * The server's hook (lib/server/http-server.ts): true when this request was the test clock's and
 * has been answered. With the clock off it takes nothing, so the path is an ordinary 404. A request
 * from another machine is refused whatever the headers say (the socket's address only), and only
 * JSON is read: a web page cannot send that cross-origin without a preflight this endpoint never
 * answers.
 */
export function handleTestClockRequest(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  const clock = enabled;
  if (!clock || request.url?.split('?')[0] !== TEST_CLOCK_PATH) return false;
  if (!isLoopbackAddress(request.socket.remoteAddress)) {
    answer(response, 403, { error: 'forbidden', message: 'The test clock answers only on this machine (loopback).' });
    return true;
  }
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'POST');
    answer(response, 405, { error: 'method_not_allowed', message: 'POST {"advanceMs": n} or {"reset": true}.' });
    return true;
  }
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    answer(response, 415, { error: 'unsupported_media_type', message: 'Send the command as application/json.' });
    return true;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= 4096) chunks.push(chunk);
  });
  request.on('end', () => {
    let command: z.infer<typeof TestClockCommand>;
    try {
      const parsed = TestClockCommand.safeParse(size > 4096 ? null : JSON.parse(Buffer.concat(chunks).toString('utf8')));
      if (!parsed.success) throw new Error('invalid');
      command = parsed.data;
    } catch {
      answer(response, 400, {
        error: 'invalid_command',
        message: `Send {"advanceMs": n} with a whole number of milliseconds (negative moves back), at most ${MAX_ADVANCE_MS} either way, or {"reset": true}.`,
      });
      return;
    }
    if ('reset' in command) clock.reset();
    else clock.advance(command.advanceMs);
    console.warn(`[openseal] test clock: offset now ${clock.offsetMs} ms (${new Date(clock.now()).toISOString()})`);
    clock.onMove().then(
      () => answer(response, 200, { offsetMs: clock.offsetMs, now: new Date(clock.now()).toISOString() }),
      (error: unknown) => answer(response, 500, { error: 'jobs_not_sent', message: error instanceof Error ? error.message : String(error) }),
    );
  });
  request.on('error', () => response.destroy());
  return true;
}
