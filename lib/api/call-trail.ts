import type { Database } from '@/db/client';
import type { Clock } from '@/lib/clock';
import { writeApiCalls, type ApiCallRow } from './call-trail-store';

/**
 * A key's trail, written in batches (ADR 0026, amendment). Serving a call only appends its row to
 * this process's buffer (nothing awaited), as the badge sightings are counted: on the embedded
 * database every statement waits for the one before it, and a busy key paid two writes a call.
 * The buffer reaches the database in one statement per `flushRows` rows
 * (lib/api/call-trail-store.ts): a second after its first row, at once when it holds `flushRows`,
 * and when the server stops (lib/runtime.ts). A crash loses at most the last second of trail; a
 * failed flush keeps its rows for the next one, up to `maxPendingRows`.
 */
export type CallTrail = {
  record(row: ApiCallRow): void;
  /** Writes what is waiting; resolves once it is written (rejects if it could not be, the rows kept). */
  flush(): Promise<void>;
  stats(): { pendingRows: number; droppedRows: number };
};

export const CALL_TRAIL_FLUSH_INTERVAL_MS = 1_000;
/** Rows that make a flush start at once, and the most one statement writes. */
export const CALL_TRAIL_FLUSH_ROWS = 500;
/**
 * Rows held while the database refuses them (about 200 bytes each); past this, new calls are
 * counted as dropped and the count logged at the next flush, so an outage cannot exhaust memory.
 */
export const CALL_TRAIL_MAX_PENDING_ROWS = 20_000;

export type CallTrailOptions = {
  clock: Clock;
  write: (rows: readonly ApiCallRow[]) => Promise<void>;
  flushIntervalMs?: number;
  flushRows?: number;
  maxPendingRows?: number;
  log?: Pick<Console, 'warn' | 'error'>;
};

export function createCallTrail({
  clock,
  write,
  flushIntervalMs = CALL_TRAIL_FLUSH_INTERVAL_MS,
  flushRows = CALL_TRAIL_FLUSH_ROWS,
  maxPendingRows = CALL_TRAIL_MAX_PENDING_ROWS,
  log = console,
}: CallTrailOptions): CallTrail {
  let pending: ApiCallRow[] = [];
  let dropped = 0;
  let droppedTotal = 0;
  let timer: ReturnType<Clock['setTimeout']> | null = null;
  // A flush asked for by the buffer's size and not yet begun: one is enough, however many rows follow.
  let fullFlushQueued = false;
  // Flushes run one after another: the timer's, a full buffer's and the server's last never write a row twice.
  let queue: Promise<void> = Promise.resolve();

  function arm() {
    if (timer !== null) return;
    timer = clock.setTimeout(() => {
      timer = null;
      flushLogged();
    }, flushIntervalMs);
    // The timer alone must not keep a process alive (a script, a test, a server shutting down).
    (timer as { unref?: () => void }).unref?.();
  }

  function disarm() {
    if (timer === null) return;
    clock.clearTimeout(timer);
    timer = null;
  }

  function drop(rows: number) {
    dropped += rows;
    droppedTotal += rows;
  }

  /** Writes the rows waiting when it begins, `flushRows` a statement; calls served meanwhile wait for the next flush. */
  async function writeWaiting() {
    fullFlushQueued = false;
    disarm(); // calls served during this write arm it again
    if (dropped > 0) {
      log.warn(`[api-call-trail] ${dropped} calls were not written to their keys' trail: ${maxPendingRows} were already waiting for the database`);
      dropped = 0;
    }
    const waiting = pending;
    pending = [];
    for (let start = 0; start < waiting.length; start += flushRows) {
      try {
        await write(waiting.slice(start, start + flushRows));
      } catch (error) {
        // Kept, oldest first, for the next flush rather than lost; the bound still applies.
        pending = waiting.slice(start).concat(pending);
        if (pending.length > maxPendingRows) {
          drop(pending.length - maxPendingRows);
          pending.length = maxPendingRows;
        }
        arm();
        throw error;
      }
    }
  }

  function flush(): Promise<void> {
    const run = queue.then(writeWaiting);
    queue = run.catch(() => {});
    return run;
  }

  function flushLogged() {
    flush().catch((error: unknown) => log.error("[api-call-trail] could not write the keys' trail; keeping the calls for the next flush:", error instanceof Error ? error.message : error));
  }

  return {
    record(row) {
      if (pending.length >= maxPendingRows) return drop(1);
      pending.push(row);
      if (pending.length >= flushRows && !fullFlushQueued) {
        fullFlushQueued = true;
        flushLogged();
      } else {
        arm();
      }
    },
    flush,
    stats: () => ({ pendingRows: pending.length, droppedRows: droppedTotal }),
  };
}

// On globalThis, not in this module: the custom server (which flushes at shutdown) and the Next
// bundle (which serves the calls) each load their own copy of it, as lib/runtime.ts explains.
type Holder = { __opensealCallTrails?: WeakMap<Database, CallTrail> };
const holder = globalThis as Holder;
const trails = (holder.__opensealCallTrails ??= new WeakMap());

/**
 * The trail of the keys used on `db`: one per database, since tests open many in one process. Its
 * timer runs on the clock of the first call (a process has one clock; a test's moves only when told).
 */
export function apiCallTrailOf(db: Database, clock: Clock): CallTrail {
  let trail = trails.get(db);
  if (!trail) {
    trail = createCallTrail({ clock, write: (rows) => writeApiCalls(db, rows) });
    trails.set(db, trail);
  }
  return trail;
}

/** Writes the calls waiting for `db` now: for tests that read the trail, and the server's last flush before its database closes (lib/runtime.ts). */
export async function flushApiCallTrail(db: Database): Promise<void> {
  await trails.get(db)?.flush();
}
