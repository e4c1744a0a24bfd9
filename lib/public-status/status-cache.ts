import type { DatabaseHandle } from '@/db/client';
import { loadSealStatusRecord, loadSealStatusRecordsForHost, type SealStatusRecord } from './status-record';
import { startStatusListener, type StatusListener } from './status-listener';
import { isSealPublicId } from '@/lib/seals/public-id';
import { failureReason, isDatabaseUnavailable } from './database-outage';

/**
 * The in-memory status cache behind the public fast path: seal records by public id, and the
 * records that cover a host for `?domain=` queries. A cache hit costs no database query.
 *
 * Freshness: every change that alters what the public sees sends `pg_notify` inside its own
 * transaction (status-notify.ts), so the cache drops the entry the moment the change commits —
 * on this instance and on every other one listening to the same PostgreSQL database. While the
 * listener is down no entry is served as fresh (every request reads the database), and when it
 * comes back every entry is reloaded before it is served again, since notifications may have been
 * missed meanwhile. An entry older than `maxAgeMs` is reloaded anyway: a backstop should a
 * notification ever be lost unnoticed.
 *
 * Outages: entries are kept, not dropped, when the listener goes down. They are no longer fresh,
 * but they are the last known statuses: when a reload fails because the database cannot be reached
 * (a restart, a failover), `lastKnown` gives the entry and the moment it was last confirmed, and
 * the public endpoints answer it marked stale (docs/adr/0005) instead of failing.
 *
 * Expiry needs no invalidation: records are clock-free, and `toStatusDocument` applies the clock
 * on every request, so a cached `active` seal reads `expired` the instant `expiresAt` passes.
 */
export type StatusCache = {
  /** The seal's record, or null when no seal with this public id was ever issued. */
  get(publicId: string): Promise<SealStatusRecord | null>;
  /** What `get` would answer, when it can without the database; undefined otherwise. */
  peek(publicId: string): SealStatusRecord | null | undefined;
  /**
   * The last record known for this id (null: known not to exist) and when it was last confirmed,
   * fresh or not; undefined when the id was never loaded. For answering while the database is away.
   */
  lastKnown(publicId: string): LastKnown<SealStatusRecord | null> | undefined;
  /** The same for a domain's answer. */
  lastKnownForDomain(domain: string): LastKnown<SealStatusRecord[]> | undefined;
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
  /** The clock that dates confirmations (the process's clock; a test clock in tests). */
  now?: () => Date;
  /** How records are read; the database's by default. A test wraps them to cut the database off. */
  loaders?: StatusLoaders;
};

export type StatusLoaders = {
  record(db: DatabaseHandle['db'], publicId: string): Promise<SealStatusRecord | null>;
  forHost(db: DatabaseHandle['db'], hostname: string): Promise<SealStatusRecord[]>;
};
const databaseLoaders: StatusLoaders = { record: loadSealStatusRecord, forHost: loadSealStatusRecordsForHost };

export type LastKnown<T> = { value: T; confirmedAt: Date };

/**
 * A span of time during which the listener heard every change: an entry loaded in it stayed true
 * until it ended. Entries loaded while nobody listened belong to none (epoch null).
 */
type Epoch = { endedAt: Date | null };
type Entry<T> = { value: T; loadedAt: number; loadedOn: Date; epoch: Epoch | null };

export const DEFAULT_MAX_AGE_MS = 5 * 60_000;

export function createStatusCache({ handle, maxAgeMs = DEFAULT_MAX_AGE_MS, negativeLimit = 10_000, domainLimit = 10_000, log = (message) => console.log(message), now = () => new Date(), loaders = databaseLoaders }: StatusCacheOptions): StatusCache {
  const known = new Map<string, Entry<SealStatusRecord>>();
  const unknown = new Map<string, Entry<null>>(); // insertion order = age, for eviction
  const domains = new Map<string, Entry<SealStatusRecord[]>>();
  // Concurrent misses for one key share one query. A load stores its result only if it is still
  // the key's current load: an invalidation while it ran removes it from here, and a read that may
  // predate the change must not be cached.
  const inflight = new Map<string, Promise<unknown>>();
  /** The listener's current epoch; null while it is down. */
  let current: Epoch | null = null;
  let loads = 0;
  let hits = 0;
  let unreachable = false;

  const fresh = (entry: Entry<unknown> | undefined) => current !== null && entry !== undefined && entry.epoch === current && performance.now() - entry.loadedAt < maxAgeMs;
  const makeEntry = <T>(value: T, epoch: Epoch | null): Entry<T> => ({ value, loadedAt: performance.now(), loadedOn: now(), epoch });
  const remember = <T>(map: Map<string, Entry<T>>, key: string, value: Entry<T>, limit: number) => {
    map.delete(key);
    map.set(key, value);
    while (map.size > limit) map.delete(map.keys().next().value!);
  };
  // Confirmed until its epoch ended (the listener went down), or, still listening, as loaded.
  const lastKnownOf = <T>(found: Entry<T> | undefined): LastKnown<T> | undefined => found && { value: found.value, confirmedAt: found.epoch?.endedAt ?? found.loadedOn };

  /**
   * Loads `key` once for all concurrent callers. The result is stored only if no invalidation came
   * while the query ran (it may predate the change); it is stored fresh only if the listener heard
   * every change from the query's start to its end, and otherwise kept as the last known value.
   */
  function load<T>(key: string, query: () => Promise<T>, store: (value: T, epoch: Epoch | null) => void): Promise<T> {
    const running = inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    loads++;
    const startedIn = current;
    const promise: Promise<T> = query().then(
      (value) => {
        if (unreachable) {
          unreachable = false;
          log('[status-cache] the database answers again: statuses are served fresh');
        }
        if (inflight.get(key) === promise) {
          inflight.delete(key);
          store(value, startedIn !== null && startedIn === current ? current : null);
        }
        return value;
      },
      (error: unknown) => {
        if (inflight.get(key) === promise) inflight.delete(key);
        if (!unreachable && isDatabaseUnavailable(error)) {
          unreachable = true;
          log(`[status-cache] the database cannot be reached (${failureReason(error)}): answering the last known statuses, marked stale`);
        }
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
  // Entries stay as the last known statuses; only their freshness ends with the epoch.
  const endEpoch = () => {
    if (current) current.endedAt = now();
    current = null;
  };

  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const listener: StatusListener = startStatusListener(handle, {
    onChange: invalidate,
    onUp() {
      // Changes may have been missed while nobody listened: every entry is reloaded before it is
      // served fresh again (the new epoch makes them all stale), and kept until then.
      endEpoch();
      current = { endedAt: null };
      resolveReady();
    },
    onDown(reason) {
      if (current) log(`[status-cache] not listening for status changes (${reason}): reading the database on every request until it is back`);
      endEpoch();
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
      return load(`id:${publicId}`, () => loaders.record(handle.db, publicId), (record, epoch) => {
        if (record) {
          unknown.delete(publicId);
          known.set(publicId, makeEntry(record, epoch));
        } else {
          known.delete(publicId);
          remember(unknown, publicId, makeEntry(null, epoch), negativeLimit);
        }
      });
    },
    lastKnown: (publicId) => (isSealPublicId(publicId) ? lastKnownOf(known.get(publicId) ?? unknown.get(publicId)) : undefined),
    lastKnownForDomain: (domain) => lastKnownOf(domains.get(domain)),
    forDomain(domain) {
      const entry = domains.get(domain);
      if (fresh(entry)) {
        hits++;
        return Promise.resolve(entry!.value);
      }
      return load(`domain:${domain}`, () => loaders.forHost(handle.db, domain), (records, epoch) => {
        remember(domains, domain, makeEntry(records, epoch), domainLimit);
        // The records are as fresh as any loaded by id: share them.
        if (epoch) for (const record of records) if (!fresh(known.get(record.sealId))) known.set(record.sealId, makeEntry(record, epoch));
      });
    },
    ready,
    stats: () => ({ loads, hits, listening: current !== null }),
    async close() {
      current = null;
      clear();
      resolveReady();
      await listener.stop();
    },
  };
}
