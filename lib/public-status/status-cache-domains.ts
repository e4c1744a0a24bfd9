import type { SealStatusRecord } from './status-record';
import { sameRecord, type StatusCacheStore, type StoreEntry } from './status-cache-store';
import { REFRESH_RETRY_MS } from './status-cache-refresh';
import { isDatabaseUnavailable } from './database-outage';

/**
 * The status cache's answers by domain (status-cache.ts, ADR 0005): every seal that covers a host,
 * for `?domain=` queries. Each domain is loaded once for all concurrent callers, under the same rules
 * as the cache's other loads (its `inflight` map, key `domain:{domain}`): stored only if no
 * invalidation came while the query ran, and stored fresh only if the listener heard every change
 * from the query's start to its end. An answer read since its load is reloaded in the background
 * once due; a change to a seal drops the answers that held it and those of its domains.
 */
export type DomainAnswersHost<E, S> = {
  store: StatusCacheStore<S>;
  /** The cache's in-flight loads by key: single flight with its other loads. */
  inflight: Map<string, Promise<unknown>>;
  readForHost(domain: string): Promise<SealStatusRecord[]>;
  epoch(): E | null;
  stamp(epoch: E | null): S;
  freshness(entry: StoreEntry<unknown, S>): 'fresh' | 'due' | 'expired';
  /** Stores a record by id (the cache's `putRecord`, which keeps a held record that reads the same). */
  put(publicId: string, record: SealStatusRecord | null, epoch: E | null): void;
  isClosed(): boolean;
  /** A database read is about to be made in the foreground (the cache's `loads` counter). */
  counted(): void;
  /** An answer served from the cache (the cache's `hits` counter). */
  hit(): void;
  answered(): void;
  failed(error: unknown): void;
  log(message: string): void;
};

export type DomainAnswers = {
  /** Every seal that covers `domain`: from the cache when it can, from the database otherwise. */
  get(domain: string): Promise<SealStatusRecord[]>;
  /** Queues the background reload of the answers read since their load and due at `at` (performance.now()). */
  sweep(at: number): void;
  /** A change to `publicId`, whose domains are now `changedDomains`: the answers of its domains, old and new, are dropped. */
  invalidate(publicId: string, changedDomains: string[]): void;
  /** Domains refreshed in the background. */
  refreshes(): number;
};

export function createDomainAnswers<E, S extends { refreshAt: number }>(host: DomainAnswersHost<E, S>): DomainAnswers {
  const { store, inflight } = host;
  let refreshes = 0;

  const domainKey = (domain: string) => `domain:${domain}`;

  // A reload that finds what is held keeps the held record objects (prepared-documents.ts).
  function putDomain(domain: string, records: SealStatusRecord[], epoch: E | null) {
    const reused = records.map((record) => {
      const held = store.known.get(record.sealId)?.value;
      return held && sameRecord(held, record) ? held : record;
    });
    store.putDomain(domain, reused, host.stamp(epoch));
  }

  function storeDomain(domain: string, records: SealStatusRecord[], epoch: E | null) {
    putDomain(domain, records, epoch);
    // The records are as fresh as any loaded by id: share them.
    if (epoch) {
      for (const record of records) {
        const entry = store.known.get(record.sealId);
        if (!entry || host.freshness(entry) !== 'fresh') host.put(record.sealId, record, epoch);
      }
    }
  }

  /**
   * Loads `domain` once for all concurrent callers. The result is stored only if no invalidation came
   * while the query ran (it may predate the change); it is stored fresh only if the listener heard
   * every change from the query's start to its end, and otherwise kept as the last known value.
   */
  function load(domain: string, background = false): Promise<SealStatusRecord[]> {
    const key = domainKey(domain);
    const running = inflight.get(key) as Promise<SealStatusRecord[]> | undefined;
    if (running) return running;
    if (background) refreshes++;
    else host.counted();
    const startedIn = host.epoch();
    const promise: Promise<SealStatusRecord[]> = host.readForHost(domain).then(
      (records) => {
        host.answered();
        if (inflight.get(key) === promise) {
          inflight.delete(key);
          if (!host.isClosed()) storeDomain(domain, records, startedIn !== null && startedIn === host.epoch() ? startedIn : null);
        }
        return records;
      },
      (error: unknown) => {
        if (inflight.get(key) === promise) inflight.delete(key);
        host.failed(error);
        throw error;
      },
    );
    inflight.set(key, promise);
    return promise;
  }

  function refreshDomain(domain: string, entry: StoreEntry<SealStatusRecord[], S>) {
    load(domain, true).catch((error: unknown) => {
      entry.stamp.refreshAt = performance.now() + REFRESH_RETRY_MS;
      if (!isDatabaseUnavailable(error)) host.log(`[status-cache] a background reload of the seals of ${domain} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  function dropDomain(domain: string) {
    store.removeDomain(domain);
    inflight.delete(domainKey(domain));
  }

  return {
    get(domain) {
      const entry = store.domains.get(domain);
      const state = entry ? host.freshness(entry) : 'expired';
      if (entry && state !== 'expired') {
        if (state === 'due' && !inflight.has(domainKey(domain))) refreshDomain(domain, entry);
        host.hit();
        store.touchDomain(domain, entry);
        return Promise.resolve(entry.value);
      }
      return load(domain);
    },
    sweep(at) {
      for (const [domain, entry] of store.domains) {
        if (entry.read && at >= entry.stamp.refreshAt && host.freshness(entry) === 'due' && !inflight.has(domainKey(domain))) refreshDomain(domain, entry);
      }
    },
    invalidate(publicId, changedDomains) {
      // Answers that held the seal (its domains before the change) and the answers of the domains it
      // has now (a new seal, or a renewal with other domains): no other domain's answer changes.
      for (const domain of store.domainsHolding(publicId)) dropDomain(domain);
      for (const domain of changedDomains) {
        dropDomain(domain);
        dropDomain(`www.${domain}`);
      }
    },
    refreshes: () => refreshes,
  };
}
