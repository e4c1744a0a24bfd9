import type { SealStatusRecord } from './status-record';
import { isDatabaseUnavailable } from './database-outage';

/**
 * The status cache's background refresh of seals by id (status-cache.ts, ADR 0005): ids that come
 * due are gathered for a few milliseconds and refreshed in batches of `REFRESH_BATCH`, one batch at
 * a time. A batch first reads the seals' versions (when the loaders can) and renews every entry
 * whose seal is as held; only the others are read whole. Single flight per id: an id is queued
 * once, and an invalidation while its batch runs (`forget`) keeps that batch from storing an
 * answer that may predate the change.
 */

/** Ids refreshed by one background query. */
export const REFRESH_BATCH = 500;
/** After a failed background refresh, the entry is not queued again for this long. */
export const REFRESH_RETRY_MS = 5_000;

/** What the refresh needs of the cache that holds the entries; `E` is the cache's listener epoch. */
export type IdRefreshHost<E> = {
  /** The current versions of seals (SealStatusRecord.version); null when the loaders cannot read them. */
  readVersions: ((ids: string[]) => Promise<Map<string, string>>) | null;
  /** Whole records; an id absent from the answer has no seal. */
  readRecords(ids: string[]): Promise<SealStatusRecord[]>;
  /** The record held for an id: undefined when none is, null when the id is known to have no seal. */
  held(id: string): SealStatusRecord | null | undefined;
  /** The listener's epoch now: a read counts as heard through only if the epoch is the same at its end. */
  epoch(): E | null;
  /** Keeps the held entry, confirmed now (in `epoch`, or as a last known value). */
  renew(id: string, epoch: E | null): void;
  /** Stores what was read. */
  put(id: string, record: SealStatusRecord | null, epoch: E | null): void;
  /** After a failure: not due again before `at` (performance.now()). */
  postpone(id: string, at: number): void;
  /** True while a foreground read of the id runs: it will store a fresher answer anyway. */
  isLoading(id: string): boolean;
  isClosed(): boolean;
  answered(): void;
  failed(error: unknown): void;
  log(message: string): void;
};

export type IdRefresher = {
  queue(id: string): void;
  /** An invalidation: a queued refresh is dropped, a running one will not store its answer. */
  forget(id: string): void;
  clear(): void;
  stop(): void;
  /** `refreshes`: ids refreshed; `confirmed`: those renewed by their version alone. */
  counts(): { refreshes: number; confirmed: number };
};

export function createIdRefresher<E>(host: IdRefreshHost<E>): IdRefresher {
  const due = new Set<string>();
  // The batch each id is being refreshed by; an invalidation takes the token away.
  const refreshing = new Map<string, object>();
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let refreshes = 0;
  let confirmed = 0;

  const heardThrough = (startedIn: E | null) => (startedIn !== null && startedIn === host.epoch() ? startedIn : null);

  function queue(id: string) {
    if (due.has(id) || refreshing.has(id) || host.isLoading(id)) return;
    due.add(id);
    if (!running && !timer) {
      // A few milliseconds gather the ids that come due together into one query.
      timer = setTimeout(run, 5);
      timer.unref();
    }
  }

  /** Renews the ids whose seal is as held (same version, or still none); returns the others, to be read whole. */
  async function unconfirmed(ids: string[], token: object, startedIn: E | null): Promise<string[]> {
    if (!host.readVersions) return ids;
    const versions = await host.readVersions(ids);
    const epoch = heardThrough(startedIn);
    const changed: string[] = [];
    for (const id of ids) {
      const held = host.held(id);
      const same = held !== undefined && (held === null ? !versions.has(id) : versions.get(id) === held.version);
      if (!same) {
        changed.push(id);
        continue;
      }
      if (refreshing.get(id) !== token) continue;
      refreshing.delete(id);
      if (!host.isClosed()) host.renew(id, epoch);
      confirmed++;
    }
    return changed;
  }

  async function refreshBatch(ids: string[]) {
    const token = {};
    for (const id of ids) {
      due.delete(id);
      refreshing.set(id, token);
    }
    refreshes += ids.length;
    const startedIn = host.epoch();
    try {
      const changed = await unconfirmed(ids, token, startedIn);
      const records = changed.length === 0 ? [] : await host.readRecords(changed);
      host.answered();
      const byId = new Map(records.map((record) => [record.sealId, record]));
      const epoch = heardThrough(startedIn);
      for (const id of changed) {
        // An invalidation while the query ran took the token away: this read may predate the change.
        if (refreshing.get(id) !== token) continue;
        refreshing.delete(id);
        if (!host.isClosed()) host.put(id, byId.get(id) ?? null, epoch);
      }
    } catch (error) {
      if (host.isClosed()) return; // the database was closed under it
      host.failed(error);
      if (!isDatabaseUnavailable(error)) host.log(`[status-cache] a background reload of ${ids.length} statuses failed: ${error instanceof Error ? error.message : String(error)}`);
      const retryAt = performance.now() + REFRESH_RETRY_MS;
      for (const id of ids) {
        if (refreshing.get(id) === token) refreshing.delete(id);
        host.postpone(id, retryAt);
      }
    }
  }

  async function run() {
    timer = null;
    if (running || host.isClosed()) return;
    running = true;
    try {
      while (due.size > 0 && !host.isClosed()) await refreshBatch([...due].slice(0, REFRESH_BATCH));
    } finally {
      running = false;
    }
  }

  return {
    queue,
    forget(id) {
      due.delete(id);
      refreshing.delete(id);
    },
    clear() {
      due.clear();
      refreshing.clear();
    },
    stop() {
      if (timer) clearTimeout(timer);
    },
    counts: () => ({ refreshes, confirmed }),
  };
}
