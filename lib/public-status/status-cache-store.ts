import type { SealStatusRecord } from './status-record';

/**
 * The status cache's memory (status-cache.ts holds when entries are fresh, loaded and dropped): seal
 * records by public id, ids known to have no seal, and the records that cover a domain, each map in
 * least-recently-used order (approximated: `evictFrom`), with one memory budget across the three. An entry carries a `stamp`,
 * what the cache needs to judge its freshness; the store never reads it.
 */
export type StoreEntry<T, S> = {
  value: T;
  stamp: S;
  /** Estimated bytes held by the entry (and what is prepared from it: prepared-documents.ts). */
  bytes: number;
  /** Recency, for eviction across the three maps: when stored, or last given a second chance. */
  used: number;
  /** Read since it was stored or last passed over by eviction (its second chance: see `evictFrom`). */
  referenced: boolean;
  /** Read since it was stored: the cache's sweep reloads such an entry once it is due. */
  read: boolean;
};

export type StatusCacheStore<S> = ReturnType<typeof createStatusCacheStore<S>>;

/**
 * What one cached seal costs, estimated: the record (objects, dates, strings: about 1 KB for a
 * typical seal, measured on the heap with 20,000 records) and the status JSON without `checkedAt`
 * with its ETags that every answer prepares from it and keeps as long as the record lives (about
 * 1 KB more). Strings are counted again for each copy. A badge image prepared later is added when it
 * is made (`addBytes`). `npm run bench:status-cache` prints the measured heap per cached seal
 * beside this estimate.
 */
const RECORD_BASE_BYTES = 1_400;
const PER_DOMAIN_BYTES = 60;
const ENTRY_BASE_BYTES = 160;
export function estimateRecordBytes(record: SealStatusRecord): number {
  let chars = record.sealId.length + record.holder.name.length + record.holder.country.length + record.program.slug.length + record.program.name.length + (record.reason?.length ?? 0);
  for (const domain of record.domains) chars += domain.length;
  // The prepared JSON repeats every string once more; the SVG carries the holder's name again.
  return RECORD_BASE_BYTES + record.domains.length * PER_DOMAIN_BYTES + chars * 2 * 3;
}
const entryOverhead = (key: string) => ENTRY_BASE_BYTES + key.length * 2;

/** Whether two reads of a seal say the same: a reload that changed nothing keeps what was prepared from the first. */
export function sameRecord(a: SealStatusRecord, b: SealStatusRecord): boolean {
  return (
    a.sealId === b.sealId &&
    a.storedStatus === b.storedStatus &&
    a.holder.name === b.holder.name &&
    a.holder.country === b.holder.country &&
    a.program.slug === b.program.slug &&
    a.program.name === b.program.name &&
    a.criteriaVersion === b.criteriaVersion &&
    a.issuedAt.getTime() === b.issuedAt.getTime() &&
    a.expiresAt.getTime() === b.expiresAt.getTime() &&
    a.statusChangedAt.getTime() === b.statusChangedAt.getTime() &&
    a.reason === b.reason &&
    a.domains.length === b.domains.length &&
    a.domains.every((domain, i) => domain === b.domains[i]) &&
    a.log?.index === b.log?.index &&
    a.log?.treeSize === b.log?.treeSize
  );
}

export function createStatusCacheStore<S>({ budgetBytes, negativeLimit, domainLimit }: { budgetBytes: number; negativeLimit: number; domainLimit: number }) {
  const known = new Map<string, StoreEntry<SealStatusRecord, S>>();
  const unknown = new Map<string, StoreEntry<null, S>>();
  const domains = new Map<string, StoreEntry<SealStatusRecord[], S>>();
  /** Which cached domain answers hold a seal: a change to it drops them, whatever its domains are now. */
  const domainsHolding = new Map<string, Set<string>>();
  let bytes = 0;
  let tick = 0;
  let evictions = 0;

  const entry = <T>(value: T, stamp: S, size: number): StoreEntry<T, S> => ({ value, stamp, bytes: size, used: ++tick, read: false, referenced: false });

  function removeDomain(domain: string) {
    const found = domains.get(domain);
    if (!found) return;
    domains.delete(domain);
    bytes -= found.bytes;
    for (const record of found.value) {
      const holders = domainsHolding.get(record.sealId);
      holders?.delete(domain);
      if (holders?.size === 0) domainsHolding.delete(record.sealId);
    }
  }
  function removeId(publicId: string) {
    const found = known.get(publicId) ?? unknown.get(publicId);
    if (!found) return;
    known.delete(publicId);
    unknown.delete(publicId);
    bytes -= found.bytes;
  }

  /**
   * Evicts the oldest entry of `map` that nobody read since it was stored or last passed over; one
   * read since is its second chance: it moves to the end, unmarked (the CLOCK approximation of least
   * recently used). Reads only mark an entry: moving it on every read cost a delete and an insert
   * into a map of 100,000 entries per request, and the rehashing of its table (issue #12, item 10).
   */
  function evictFrom<T>(map: Map<string, StoreEntry<T, S>>, remove: (key: string) => void) {
    for (;;) {
      const oldest = map.entries().next();
      if (oldest.done) return;
      const [key, found] = oldest.value;
      if (!found.referenced) {
        remove(key);
        evictions++;
        return;
      }
      found.referenced = false;
      found.used = ++tick;
      map.delete(key);
      map.set(key, found);
    }
  }

  /** Drops least recently used entries, across ids and domains, until the estimate fits the budget. */
  function evictToBudget() {
    while (bytes > budgetBytes) {
      let victim: { map: Map<string, StoreEntry<unknown, S>>; remove: (key: string) => void } | null = null;
      let oldestUse = Infinity;
      for (const candidate of [
        { map: known as Map<string, StoreEntry<unknown, S>>, remove: removeId },
        { map: unknown as Map<string, StoreEntry<unknown, S>>, remove: removeId },
        { map: domains as Map<string, StoreEntry<unknown, S>>, remove: removeDomain },
      ]) {
        const first = candidate.map.values().next();
        if (!first.done && first.value.used < oldestUse) {
          oldestUse = first.value.used;
          victim = candidate;
        }
      }
      if (!victim) return;
      evictFrom(victim.map, victim.remove);
    }
  }

  /** Marks an entry as just read: eviction passes over it once (`evictFrom`). */
  function touch<T>(found: StoreEntry<T, S>) {
    found.read = true;
    found.referenced = true;
  }

  return {
    /** For iteration and look-ups; change them only through the functions below. */
    known: known as ReadonlyMap<string, StoreEntry<SealStatusRecord, S>>,
    unknown: unknown as ReadonlyMap<string, StoreEntry<null, S>>,
    domains: domains as ReadonlyMap<string, StoreEntry<SealStatusRecord[], S>>,
    /** The entry for an id: its record, or null when the id is known to have no seal. */
    id: (publicId: string): StoreEntry<SealStatusRecord | null, S> | undefined => known.get(publicId) ?? unknown.get(publicId),
    /** The domains whose cached answers hold the seal. */
    domainsHolding: (publicId: string): string[] => [...(domainsHolding.get(publicId) ?? [])],

    putRecord(publicId: string, record: SealStatusRecord | null, stamp: S) {
      removeId(publicId);
      if (record) {
        const stored = entry(record, stamp, entryOverhead(publicId) + estimateRecordBytes(record));
        known.set(publicId, stored);
        bytes += stored.bytes;
      } else {
        const stored = entry(null, stamp, entryOverhead(publicId));
        unknown.set(publicId, stored);
        bytes += stored.bytes;
        while (unknown.size > negativeLimit) evictFrom(unknown, removeId);
      }
      evictToBudget();
    },
    putDomain(domain: string, records: SealStatusRecord[], stamp: S) {
      removeDomain(domain);
      // The records themselves are counted as well: they may outlive their own id's entry.
      let size = entryOverhead(domain) + records.length * 16;
      for (const record of records) size += estimateRecordBytes(record);
      const stored = entry(records, stamp, size);
      domains.set(domain, stored);
      bytes += stored.bytes;
      for (const record of records) {
        let holders = domainsHolding.get(record.sealId);
        if (!holders) domainsHolding.set(record.sealId, (holders = new Set()));
        holders.add(domain);
      }
      while (domains.size > domainLimit) evictFrom(domains, removeDomain);
      evictToBudget();
    },
    /**
     * Keeps the entry of `publicId` (its value, so what was prepared from it, and its size) with a
     * new stamp: a reload that found the same record. False when there is no such entry.
     */
    renew(publicId: string, stamp: S): boolean {
      const found = known.get(publicId) ?? unknown.get(publicId);
      if (!found) return false;
      found.stamp = stamp;
      found.read = false;
      return true;
    },
    removeId,
    removeDomain,
    touchId: (_publicId: string, found: StoreEntry<SealStatusRecord | null, S>) => touch(found),
    touchDomain: (_domain: string, found: StoreEntry<SealStatusRecord[], S>) => touch(found),
    /** Counts `extra` bytes more for a cached record (a badge image made from it). */
    addBytes(found: StoreEntry<unknown, S>, extra: number) {
      found.bytes += extra;
      bytes += extra;
      evictToBudget();
    },
    clear() {
      known.clear();
      unknown.clear();
      domains.clear();
      domainsHolding.clear();
      bytes = 0;
    },
    stats: () => ({ evictions, entries: known.size + unknown.size + domains.size, bytes, budgetBytes }),
  };
}
