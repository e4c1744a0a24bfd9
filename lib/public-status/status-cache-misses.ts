import type { SealStatusRecord } from './status-record';
import { REFRESH_BATCH } from './status-cache-refresh';

/**
 * The status cache's reads of ids it does not hold (status-cache.ts, ADR 0005). Misses that arrive
 * while the event loop is busy (a cold start under load, a burst of new ids) are sent as one query
 * at the next turn of the loop, instead of one query each; a lone miss is sent at once, alone. Each
 * id keeps its own promise in the cache's `inflight` map, under the same rules as the cache's other
 * loads: stored only if no invalidation came while the query ran (`epoch` unchanged).
 */
export type MissReaderHost<E> = {
  /** The cache's in-flight loads by key (`id:{publicId}`): single flight with its other loads. */
  inflight: Map<string, Promise<unknown>>;
  readRecords(ids: string[]): Promise<SealStatusRecord[]>;
  epoch(): E | null;
  put(publicId: string, record: SealStatusRecord | null, epoch: E | null): void;
  isClosed(): boolean;
  /** A database read is about to be made (the cache's `loads` counter). */
  counted(): void;
  answered(): void;
  failed(error: unknown): void;
};

type Waiting = { promise: Promise<SealStatusRecord | null>; resolve: (record: SealStatusRecord | null) => void; reject: (error: unknown) => void };

/**
 * `loadId`: the record of `publicId` from the database, read with the other misses of this turn;
 * `stop`: the cache closes, and the misses not sent yet are refused.
 */
export function createMissReader<E>(host: MissReaderHost<E>): { loadId: (publicId: string) => Promise<SealStatusRecord | null>; stop: () => void } {
  const missed = new Map<string, Waiting>();
  let missFlush: NodeJS.Immediate | null = null;

  async function readMisses(batch: Array<[string, Waiting]>) {
    const startedIn = host.epoch();
    let byId: Map<string, SealStatusRecord>;
    try {
      const records = await host.readRecords(batch.map(([publicId]) => publicId));
      host.answered();
      byId = new Map(records.map((record) => [record.sealId, record]));
    } catch (error) {
      host.failed(error);
      for (const [publicId, waiting] of batch) {
        if (host.inflight.get(`id:${publicId}`) === waiting.promise) host.inflight.delete(`id:${publicId}`);
        waiting.reject(error);
      }
      return;
    }
    const epoch = startedIn !== null && startedIn === host.epoch() ? startedIn : null;
    for (const [publicId, waiting] of batch) {
      const record = byId.get(publicId) ?? null;
      if (host.inflight.get(`id:${publicId}`) === waiting.promise) {
        host.inflight.delete(`id:${publicId}`);
        if (!host.isClosed()) host.put(publicId, record, epoch);
      }
      waiting.resolve(record);
    }
  }

  function flushMisses() {
    missFlush = null;
    while (missed.size > 0) {
      const batch = [...missed].slice(0, REFRESH_BATCH);
      for (const [publicId] of batch) missed.delete(publicId);
      void readMisses(batch);
    }
  }

  function loadId(publicId: string): Promise<SealStatusRecord | null> {
    const key = `id:${publicId}`;
    const running = host.inflight.get(key) as Promise<SealStatusRecord | null> | undefined;
    if (running) return running;
    host.counted();
    let resolve!: (record: SealStatusRecord | null) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<SealStatusRecord | null>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    host.inflight.set(key, promise);
    missed.set(publicId, { promise, resolve, reject });
    missFlush ??= setImmediate(flushMisses);
    return promise;
  }

  function stop() {
    if (missFlush) clearImmediate(missFlush);
    for (const waiting of missed.values()) waiting.reject(new Error('The status cache is closed.'));
    missed.clear();
  }

  return { loadId, stop };
}
