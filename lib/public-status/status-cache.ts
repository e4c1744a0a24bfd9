import type { DatabaseHandle } from '@/db/client';
import { loadSealStatusRecord, loadSealStatusRecordsForHost, type SealStatusRecord } from './status-record';
import { startStatusListener, type StatusListener } from './status-listener';
import { isSealPublicId } from '@/lib/seals/public-id';

/**
 * The in-memory status cache behind the public fast path: seal records by public id, and the
 * records that cover a host for `?domain=` queries. A cache hit costs no database query.
 *
 * Freshness: every change that alters what the public sees sends `pg_notify` inside its own
 * transaction (status-notify.ts), so the cache drops the entry the moment the change commits —
 * on this instance and on every other one listening to the same PostgreSQL database. While the
 * listener is down nothing is cached (every request reads the database), and when it comes back
 * the whole cache is dropped, since notifications may have been missed meanwhile. An entry older
 * than `maxAgeMs` is reloaded anyway: a backstop should a notification ever be lost unnoticed.
 *
 * Expiry needs no invalidation: records are clock-free, and `toStatusDocument` applies the clock
 * on every request, so a cached `active` seal reads `expired` the instant `expiresAt` passes.
 */
export type StatusCache = {
  /** The seal's record, or null when no seal with this public id was ever issued. */
  get(publicId: string): Promise<SealStatusRecord | null>;
  /** What `get` would answer, when it can without the database; undefined otherwise. */
  peek(publicId: string): SealStatusRecord | null | undefined;
  /** Every seal that covers `domain` (normalised, without `www.`), oldest first. */
  forDomain(domain: string): Promise<SealStatusRecord[]>;
  /** Resolves once the listener is up, so that entries are cached from then on. */
  ready: Promise<void>;
  /** Counters, for tests and diagnostics: `loads` is the number of database reads made. */
  stats(): { loads: number; hits: number; listening: boolean };
  close(): Promise<void>;
};

export type StatusCacheOptions = {
  handle: DatabaseHandle;
  /** Backstop: entries older than this are reloaded even without a notification. */
  maxAgeMs?: number;
  /** How many unknown ids are remembered (a flood of bogus ids must not reach the database each time). */
  negativeLimit?: number;
  /** How many domains' answers are remembered. */
  domainLimit?: number;
  log?: (message: string) => void;
};

type Entry<T> = { value: T; loadedAt: number };

export const DEFAULT_MAX_AGE_MS = 5 * 60_000;

export function createStatusCache({ handle, maxAgeMs = DEFAULT_MAX_AGE_MS, negativeLimit = 10_000, domainLimit = 10_000, log = (message) => console.log(message) }: StatusCacheOptions): StatusCache {
  const known = new Map<string, Entry<SealStatusRecord>>();
  const unknown = new Map<string, Entry<null>>(); // insertion order = age, for eviction
  const domains = new Map<string, Entry<SealStatusRecord[]>>();
  // Concurrent misses for one key share one query. A load stores its result only if it is still
  // the key's current load: an invalidation while it ran removes it from here, and a read that may
  // predate the change must not be cached.
  const inflight = new Map<string, Promise<unknown>>();
  let listening = false;
  let loads = 0;
  let hits = 0;

  const fresh = (entry: Entry<unknown> | undefined) => entry !== undefined && performance.now() - entry.loadedAt < maxAgeMs;
  const remember = <T>(map: Map<string, Entry<T>>, key: string, value: T, limit: number) => {
    map.delete(key);
    map.set(key, { value, loadedAt: performance.now() });
    while (map.size > limit) map.delete(map.keys().next().value!);
  };

  function load<T>(key: string, query: () => Promise<T>, store: (value: T) => void): Promise<T> {
    const running = inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    loads++;
    const cacheable = listening;
    const promise: Promise<T> = query().then(
      (value) => {
        if (inflight.get(key) === promise) {
          inflight.delete(key);
          if (cacheable && listening) store(value);
        }
        return value;
      },
      (error: unknown) => {
        if (inflight.get(key) === promise) inflight.delete(key);
        throw error;
      },
    );
    inflight.set(key, promise);
    return promise;
  }

  const dropDomains = () => {
    domains.clear();
    for (const key of [...inflight.keys()]) if (key.startsWith('domain:')) inflight.delete(key);
  };
  const invalidate = (publicId: string) => {
    known.delete(publicId);
    unknown.delete(publicId);
    inflight.delete(`id:${publicId}`);
    // A change may add or remove the seal from any domain's answer (issue, renewal with other
    // domains): domain answers are few and cheap to reload, so all go.
    dropDomains();
  };
  const clear = () => {
    known.clear();
    unknown.clear();
    domains.clear();
    inflight.clear();
  };

  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const listener: StatusListener = startStatusListener(handle, {
    onChange: invalidate,
    onUp() {
      clear();
      listening = true;
      resolveReady();
    },
    onDown(reason) {
      if (listening) log(`[status-cache] not listening for status changes (${reason}): serving from the database until it is back`);
      listening = false;
      clear();
    },
  });

  function peek(publicId: string): SealStatusRecord | null | undefined {
    if (!isSealPublicId(publicId)) return null; // not an id we ever issue: no query, no room taken
    const entry = known.get(publicId) ?? unknown.get(publicId);
    if (!fresh(entry)) return undefined;
    hits++;
    return entry!.value;
  }

  return {
    peek,
    get(publicId) {
      const cached = peek(publicId);
      if (cached !== undefined) return Promise.resolve(cached);
      return load(`id:${publicId}`, () => loadSealStatusRecord(handle.db, publicId), (record) => {
        if (record) {
          unknown.delete(publicId);
          known.set(publicId, { value: record, loadedAt: performance.now() });
        } else {
          known.delete(publicId);
          remember(unknown, publicId, null, negativeLimit);
        }
      });
    },
    forDomain(domain) {
      const entry = domains.get(domain);
      if (fresh(entry)) {
        hits++;
        return Promise.resolve(entry!.value);
      }
      return load(`domain:${domain}`, () => loadSealStatusRecordsForHost(handle.db, domain), (records) => {
        remember(domains, domain, records, domainLimit);
        // The records are as fresh as any loaded by id: share them.
        for (const record of records) if (!known.has(record.sealId)) known.set(record.sealId, { value: record, loadedAt: performance.now() });
      });
    },
    ready,
    stats: () => ({ loads, hits, listening }),
    async close() {
      listening = false;
      clear();
      resolveReady();
      await listener.stop();
    },
  };
}
