import fs from 'node:fs';

/**
 * The embedded database's disk running full (docs/adr/0001, amendment "disk full").
 *
 * PostgreSQL answers a full disk in two ways. Extending a table or index fails with an ERROR
 * (SQLSTATE 53100, disk_full): that statement and its transaction fail, nothing else; reads go on
 * and writes work again once there is room. Creating a WAL segment (or writing WAL at all) fails
 * with a PANIC: a server process would restart. PGlite cannot: its single WASM backend is left
 * mid-abort, and the next statement sent to it spins in WASM for ever, on the event loop's thread,
 * so no URL answers and no signal handler runs (reproduced: `select 1` after the PANIC never
 * returns). So after a PANIC nothing may be sent to that PGlite again: the guard in db/client.ts
 * refuses every statement at once with StorageFullError, and once there is room the server process
 * exits 75 for npm start (scripts/start.ts) to run a new one (WAL replay brings the database back
 * to its last commit).
 */
export const STORAGE_FULL_MESSAGE = "The server's storage is full; nothing was saved. Try again later.";

/** SQLSTATE disk_full. */
const DISK_FULL = '53100';

/** Free space at which a full disk counts as having room again: four WAL segments. */
export const ROOM_AGAIN_BYTES = 64 * 1024 * 1024;

export class StorageFullError extends Error {
  readonly code = DISK_FULL;
  constructor(detail: string) {
    super(`${STORAGE_FULL_MESSAGE} (${detail})`);
    this.name = 'StorageFullError';
  }
}

/** Whether a failure is the database's disk being full (our guard's refusal, or PostgreSQL's own 53100). */
export function isStorageFull(error: unknown): boolean {
  // drizzle wraps the driver's error (DrizzleQueryError) in `cause`.
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof StorageFullError || (current as { code?: unknown }).code === DISK_FULL) return true;
  }
  return false;
}

/** A PostgreSQL PANIC: the backend is gone (PGlite: wedged). */
export function isPanic(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if ((current as { severity?: unknown }).severity === 'PANIC') return true;
  }
  return false;
}

export type StorageCondition =
  /** Writing works (as far as we know). */
  | { state: 'ok' }
  /** A write failed for want of space; reads work. Clears itself when there is room again. */
  | { state: 'full'; since: Date; reason: string }
  /** The embedded database PANICked: nothing is sent to it again; a restart is needed once there is room. */
  | { state: 'wedged'; since: Date; reason: string };

export type StorageWatch = {
  condition(): StorageCondition;
  /** Called by the database guard on every failure it sees. */
  noteFailure(error: unknown): void;
  /** Free bytes on the data folder's file system, or null when it cannot be told. */
  freeBytes(): number | null;
  /** Re-checks the free space now (the watchdog does it every few seconds). */
  check(): void;
  /** Resolves the first time a wedged database has room again: the moment to restart. */
  roomForRestart: Promise<void>;
  stop(): void;
};

export type StorageWatchOptions = {
  dir: string;
  intervalMs?: number;
  roomAgainBytes?: number;
  log?: (message: string) => void;
};

export function watchStorage({ dir, intervalMs = 5_000, roomAgainBytes = ROOM_AGAIN_BYTES, log = (message) => console.error(message) }: StorageWatchOptions): StorageWatch {
  let condition: StorageCondition = { state: 'ok' };
  let resolveRoom!: () => void;
  const roomForRestart = new Promise<void>((resolve) => (resolveRoom = resolve));

  const freeBytes = () => {
    try {
      const stats = fs.statfsSync(dir);
      return stats.bavail * stats.bsize;
    } catch {
      return null;
    }
  };
  const check = () => {
    if (condition.state === 'ok') return;
    const free = freeBytes();
    if (free === null || free < roomAgainBytes) return;
    if (condition.state === 'full') {
      log(`[storage] ${Math.floor(free / 1024 / 1024)} MB free on the data folder's disk again: writes are accepted again`);
      condition = { state: 'ok' };
    } else {
      log(`[storage] ${Math.floor(free / 1024 / 1024)} MB free on the data folder's disk again; the embedded database is reopened in a new server process`);
      resolveRoom();
    }
  };
  const timer = setInterval(check, intervalMs);
  timer.unref();

  return {
    condition: () => condition,
    noteFailure(error) {
      if (condition.state === 'wedged') return;
      if (isPanic(error)) {
        const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        condition = { state: 'wedged', since: new Date(), reason };
        log(
          `[storage] the embedded database stopped (PANIC: ${reason}). Nothing more is sent to it: writes are refused, the badge and statuses are served from memory. Free space on the disk of ${dir}; a new server process then reopens it (npm start starts one by itself).`,
        );
      } else if (isStorageFull(error) && condition.state === 'ok') {
        const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        condition = { state: 'full', since: new Date(), reason };
        log(`[storage] the disk of ${dir} is full (${reason}): writes fail until there is room (at least ${Math.floor(roomAgainBytes / 1024 / 1024)} MB free)`);
      }
    },
    freeBytes,
    check,
    roomForRestart,
    stop: () => clearInterval(timer),
  };
}
