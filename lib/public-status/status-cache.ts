import type { DatabaseHandle } from '@/db/client';
import { loadSealStatusRecord, loadSealStatusRecords, loadSealStatusRecordsForHost, loadSealStatusVersions, type SealStatusRecord } from './status-record';
import { startStatusListener, type ListenerOptions, type StatusListener } from './status-listener';
import { parseStatusNotice } from './status-notify';
import { isSealPublicId } from '@/lib/seals/public-id';
import { failureReason, isDatabaseUnavailable } from './database-outage';
import { createStatusCacheStore, sameRecord, type StoreEntry } from './status-cache-store';
import { createIdRefresher } from './status-cache-refresh';
import { createMissReader } from './status-cache-misses';
import { createDomainAnswers } from './status-cache-domains';

/**
 * The in-memory status cache behind the public fast path: seal records by public id, and the
 * records that cover a host for `?domain=` queries. A cache hit costs no database query.
 *
 * Freshness: every change that alters what the public sees sends `pg_notify` inside its own
 * transaction (status-notify.ts), naming the seal and its domains, so the cache drops that seal
 * and those domains' answers the moment the change commits — on this instance and on every other
 * one listening to the same PostgreSQL database. While the listener is down no entry is served as
 * fresh (every request reads the database). The rule for what was loaded before (docs/adr/0005):
 * no answer rests on a confirmation older than `maxAgeMs` (the refresh period). An entry older than
 * that is reloaded before it is served — a backstop should a notification ever be lost unnoticed;
 * a read of an entry past its own refresh moment (a random point between half and three quarters of
 * the period, so entries loaded together do not come due together), or of one from before a
 * reconnect, answers it at once and queues one background reload (single flight per key, ids
 * reloaded in batches). A sweep (every twentieth of the period) queues the same reload for due
 * entries that were read since their load but not since they came due, so a seal read now and then
 * does not make its next request wait; entries nobody reads are left to age.
 *
 * Bounded: entries are kept within a memory budget (`budgetBytes`, each entry's size estimated
 * from its strings), the least recently used going first (approximately: a read marks an entry and
 * eviction passes over a marked one once, status-cache-store.ts); an evicted entry is read again on demand.
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
  /** What `get` would answer, when it can without waiting for the database; undefined otherwise. */
  peek(publicId: string): SealStatusRecord | null | undefined;
  /**
   * The last record known for this id (null: known not to exist) and when it was last confirmed,
   * fresh or not; undefined when the id was never loaded (or was evicted). For answering while the database is away.
   */
  lastKnown(publicId: string): LastKnown<SealStatusRecord | null> | undefined;
  /** The same for a domain's answer. */
  lastKnownForDomain(domain: string): LastKnown<SealStatusRecord[]> | undefined;
  /** Every seal that covers `domain` (normalised, without `www.`), oldest first. */
  forDomain(domain: string): Promise<SealStatusRecord[]>;
  /**
   * Counts `bytes` more against the budget for the cached entry of `record` (a badge image made from
   * it, kept as long as the record: prepared-documents.ts). Nothing when the record is not cached by id.
   */
  notePrepared(record: SealStatusRecord, bytes: number): void;
  /** Resolves once the listener is up, so that entries are cached from then on. */
  ready: Promise<void>;
  /**
   * Counters, for tests, benchmarks and diagnostics: `loads` is the number of database reads made
   * in the foreground (a request waited), `refreshes` the ids and domains refreshed in the background,
   * `confirmed` those of them found unchanged by their version alone (no record read).
   */
  stats(): StatusCacheStats;
  close(): Promise<void>;
};

export type StatusCacheStats = {
  loads: number;
  refreshes: number;
  confirmed: number;
  hits: number;
  evictions: number;
  listening: boolean;
  entries: number;
  /** The estimated size of what is cached, against `budgetBytes`. */
  bytes: number;
  budgetBytes: number;
};

export type StatusCacheOptions = {
  handle: DatabaseHandle;
  /** The refresh period: no entry older than this is served without reading it again. */
  maxAgeMs?: number;
  /** The memory budget: the least recently used entries (approximately) are dropped beyond it. */
  budgetBytes?: number;
  /** How many unknown ids are remembered (a flood of bogus ids must not reach the database each time, nor push out real seals). */
  negativeLimit?: number;
  /** How many domains' answers are remembered. */
  domainLimit?: number;
  log?: (message: string) => void;
  /** The clock that dates confirmations (the process's clock; a test clock in tests). */
  now?: () => Date;
  /** How records are read; the database's by default. A test wraps them to cut the database off. */
  loaders?: StatusLoaders;
  /** The listener's keep-alive check (status-listener.ts). */
  listener?: ListenerOptions;
  /** Where in [0, 1) each entry's refresh moment falls (Math.random; a test pins it). */
  random?: () => number;
  /** How often due entries read since their load are queued for a background reload (default: a twentieth of the period, at least 1 s). */
  sweepIntervalMs?: number;
};

export type StatusLoaders = {
  record(db: DatabaseHandle['db'], publicId: string): Promise<SealStatusRecord | null>;
  forHost(db: DatabaseHandle['db'], hostname: string): Promise<SealStatusRecord[]>;
  /** Several records in one read (background refresh); an id absent from the answer has no seal. Without it, `record` one by one. */
  records?(db: DatabaseHandle['db'], publicIds: string[]): Promise<SealStatusRecord[]>;
  /**
   * The current versions of several seals (SealStatusRecord.version), in one light read: a background
   * refresh reads whole records only for the seals whose version moved. Without it, every due record is read.
   */
  versions?(db: DatabaseHandle['db'], publicIds: string[]): Promise<Map<string, string>>;
};
const databaseLoaders: StatusLoaders = { record: loadSealStatusRecord, forHost: loadSealStatusRecordsForHost, records: loadSealStatusRecords, versions: loadSealStatusVersions };

export type LastKnown<T> = { value: T; confirmedAt: Date };

/**
 * A span of time during which the listener heard every change: an entry loaded in it stayed true
 * until it ended. Entries loaded while nobody listened belong to none (epoch null).
 */
type Epoch = { endedAt: Date | null; endedAtMs: number | null };
/** What the cache keeps with each stored entry to judge its freshness. */
type Stamp = {
  /** performance.now() when loaded. */
  loadedAt: number;
  loadedOn: Date;
  epoch: Epoch | null;
  /** performance.now() from which a read queues a background reload. */
  refreshAt: number;
};
type Entry<T> = StoreEntry<T, Stamp>;

export const DEFAULT_MAX_AGE_MS = 5 * 60_000;
export const DEFAULT_BUDGET_BYTES = 256 * 1024 * 1024;

export function createStatusCache({
  handle,
  maxAgeMs = DEFAULT_MAX_AGE_MS,
  budgetBytes = DEFAULT_BUDGET_BYTES,
  negativeLimit = 10_000,
  domainLimit = 10_000,
  log = (message) => console.log(message),
  now = () => new Date(),
  loaders = databaseLoaders,
  listener: listenerOptions,
  random = Math.random,
  sweepIntervalMs = Math.max(1_000, maxAgeMs / 20),
}: StatusCacheOptions): StatusCache {
  const store = createStatusCacheStore<Stamp>({ budgetBytes, negativeLimit, domainLimit });
  // Concurrent misses for one key share one query. A load stores its result only if it is still
  // the key's current load: an invalidation while it ran removes it from here, and a read that may
  // predate the change must not be cached. Background reloads of ids hold a token here the same way.
  const inflight = new Map<string, Promise<unknown>>();
  /** The listener's current epoch; null while it is down. */
  let current: Epoch | null = null;
  let everUp = false;
  let downSince: number | null = null;
  let closed = false;
  let loads = 0;
  let hits = 0;
  let unreachable = false;

  function stamp(epoch: Epoch | null): Stamp {
    const loadedAt = performance.now();
    // A random point between half and three quarters of the period: entries loaded together come due apart.
    return { loadedAt, loadedOn: now(), epoch, refreshAt: loadedAt + maxAgeMs * (0.5 + 0.25 * random()) };
  }
  // A reload that finds what is held keeps the held record object: the answers prepared from it (the
  // status JSON, its signature and ETags, badges: prepared-documents.ts) stay, instead of being made
  // again on the next request of every seal reloaded each period.
  function putRecord(publicId: string, record: SealStatusRecord | null, epoch: Epoch | null) {
    const held = store.id(publicId);
    if (held && (record === null ? held.value === null : held.value !== null && sameRecord(held.value, record))) store.renew(publicId, stamp(epoch));
    else store.putRecord(publicId, record, stamp(epoch));
  }

  // ---- freshness ----

  /** performance.now() of the last moment the entry was known true. */
  const confirmedAtMs = ({ stamp }: Entry<unknown>) => (stamp.epoch === current || stamp.epoch?.endedAtMs == null ? stamp.loadedAt : Math.max(stamp.loadedAt, stamp.epoch.endedAtMs));
  /** 'fresh': serve; 'due': serve and reload in the background; 'expired': reload before serving. */
  function freshness(entry: Entry<unknown>): 'fresh' | 'due' | 'expired' {
    if (current === null) return 'expired';
    const at = performance.now();
    if (at - confirmedAtMs(entry) >= maxAgeMs) return 'expired';
    return entry.stamp.epoch !== current || at >= entry.stamp.refreshAt ? 'due' : 'fresh';
  }
  // Confirmed until its epoch ended (the listener went down), or, still listening, as loaded.
  const lastKnownOf = <T>(found: Entry<T> | undefined): LastKnown<T> | undefined => {
    if (!found) return undefined;
    const endedAt = found.stamp.epoch?.endedAt;
    return { value: found.value, confirmedAt: endedAt && endedAt.getTime() > found.stamp.loadedOn.getTime() ? endedAt : found.stamp.loadedOn };
  };

  const noteAnswered = () => {
    if (unreachable) {
      unreachable = false;
      log('[status-cache] the database answers again: statuses are served fresh');
    }
  };
  const noteFailure = (error: unknown) => {
    if (!unreachable && isDatabaseUnavailable(error)) {
      unreachable = true;
      log(`[status-cache] the database cannot be reached (${failureReason(error)}): answering the last known statuses, marked stale`);
    }
  };

  // ---- foreground reads of ids, batched ----

  // Misses (status-cache-misses.ts): a lone one by its own query, several in one turn of the loop by one batch query.
  const readMisses = (ids: string[]): Promise<SealStatusRecord[]> =>
    ids.length === 1 || !loaders.records
      ? Promise.all(ids.map((id) => loaders.record(handle.db, id))).then((found) => found.filter((record) => record !== null))
      : loaders.records(handle.db, ids);

  const misses = createMissReader<Epoch>({
    inflight,
    readRecords: readMisses,
    epoch: () => current,
    put: putRecord,
    isClosed: () => closed,
    counted: () => void loads++,
    answered: noteAnswered,
    failed: noteFailure,
  });
  const loadId = misses.loadId;

  // ---- background refreshes ----

  const refresher = createIdRefresher<Epoch>({
    readVersions: loaders.versions ? (ids) => loaders.versions!(handle.db, ids) : null,
    readRecords: (ids) => (loaders.records ? loaders.records(handle.db, ids) : Promise.all(ids.map((id) => loaders.record(handle.db, id))).then((found) => found.filter((record) => record !== null))),
    held: (id) => store.id(id)?.value,
    epoch: () => current,
    renew: (id, epoch) => store.renew(id, stamp(epoch)),
    put: putRecord,
    postpone(id, at) {
      const entry = store.id(id);
      if (entry) entry.stamp.refreshAt = at;
    },
    isLoading: (id) => inflight.has(`id:${id}`),
    isClosed: () => closed,
    answered: noteAnswered,
    failed: noteFailure,
    log,
  });

  // Answers by domain (status-cache-domains.ts): loaded, reloaded in the background and dropped there.
  const domains = createDomainAnswers<Epoch, Stamp>({
    store,
    inflight,
    readForHost: (domain) => loaders.forHost(handle.db, domain),
    epoch: () => current,
    stamp,
    freshness,
    put: putRecord,
    isClosed: () => closed,
    counted: () => void loads++,
    hit: () => void hits++,
    answered: noteAnswered,
    failed: noteFailure,
    log,
  });

  /**
   * Entries read since their load are reloaded in the background once due, whether or not they are
   * read again in their due window: an entry read now and then (less often than the window is long)
   * would otherwise pass the period unseen and make its next request wait for the database. An
   * entry nobody read since its load is left to age; it is read again on demand.
   */
  function sweep() {
    if (closed || current === null) return;
    const at = performance.now();
    for (const map of [store.known, store.unknown] as Array<ReadonlyMap<string, Entry<unknown>>>) {
      for (const [publicId, entry] of map) {
        if (entry.read && at >= entry.stamp.refreshAt && freshness(entry) === 'due') refresher.queue(publicId);
      }
    }
    domains.sweep(at);
  }
  const sweepTimer = setInterval(sweep, sweepIntervalMs);
  sweepTimer.unref();

  // ---- invalidation ----

  /** A change to `publicId`, whose domains are now `changedDomains`: that seal, and the answers of its domains, old and new. */
  function invalidate(publicId: string, changedDomains: string[]) {
    store.removeId(publicId);
    refresher.forget(publicId);
    inflight.delete(`id:${publicId}`);
    domains.invalidate(publicId, changedDomains);
  }
  const clear = () => {
    store.clear();
    inflight.clear();
    refresher.clear();
  };
  // Entries stay as the last known statuses; only their freshness ends with the epoch.
  const endEpoch = (silentForMs = 0) => {
    if (current) {
      // A listener found dead by its keep-alive check may have heard nothing since its last answer.
      current.endedAtMs = performance.now() - silentForMs;
      current.endedAt = new Date(now().getTime() - silentForMs);
    }
    current = null;
  };

  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const listener: StatusListener = startStatusListener(
    handle,
    {
      onChange(payload) {
        const notice = parseStatusNotice(payload);
        if (notice) invalidate(notice.publicId, notice.domains);
      },
      onUp() {
        // Changes may have been missed while nobody listened: the new epoch makes every entry due
        // for a reload, served meanwhile only if confirmed within the period (the rule above).
        endEpoch();
        current = { endedAt: null, endedAtMs: null };
        if (everUp && downSince !== null) log(`[status-cache] listening for status changes again after ${((performance.now() - downSince) / 1000).toFixed(1)} s: cached statuses are checked again on their next read`);
        everUp = true;
        downSince = null;
        resolveReady();
      },
      onDown(reason, silentForMs) {
        if (current) {
          downSince = performance.now();
          log(`[status-cache] not listening for status changes (${reason}): reading the database on every request until it is back`);
        }
        endEpoch(silentForMs);
      },
    },
    listenerOptions,
  );

  function peek(publicId: string): SealStatusRecord | null | undefined {
    if (!isSealPublicId(publicId)) return null; // not an id we ever issue: no query, no room taken
    const entry = store.id(publicId);
    if (!entry) return undefined;
    const state = freshness(entry);
    if (state === 'expired') return undefined;
    if (state === 'due') refresher.queue(publicId);
    hits++;
    store.touchId(publicId, entry);
    return entry.value;
  }

  return {
    peek,
    get(publicId) {
      const cached = peek(publicId);
      if (cached !== undefined) return Promise.resolve(cached);
      return loadId(publicId);
    },
    lastKnown: (publicId) => (isSealPublicId(publicId) ? lastKnownOf<SealStatusRecord | null>(store.id(publicId)) : undefined),
    lastKnownForDomain: (domain) => lastKnownOf(store.domains.get(domain)),
    forDomain: domains.get,
    notePrepared(record, extra) {
      const entry = store.known.get(record.sealId);
      if (entry?.value !== record) return;
      store.addBytes(entry, extra);
    },
    ready,
    stats: () => {
      const ids = refresher.counts();
      return { loads, refreshes: domains.refreshes() + ids.refreshes, confirmed: ids.confirmed, hits, listening: current !== null, ...store.stats() };
    },
    async close() {
      closed = true;
      current = null;
      refresher.stop();
      misses.stop();
      clearInterval(sweepTimer);
      clear();
      resolveReady();
      await listener.stop();
    },
  };
}
