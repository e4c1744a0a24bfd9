import type { Runtime } from '@/lib/runtime';
import { getRuntime } from '@/lib/runtime';
import { nowDate } from '@/lib/clock';
import { createStatusCache, type StatusCache, type StatusLoaders } from './status-cache';
import type { ListenerOptions } from './status-listener';
import { loadStatusSigner, type StatusSigner } from './signing';
import { loadLogSigner, type LogSigner } from '@/lib/log/log-signer';
import { createBadgeSightings, type BadgeSightings } from './badge-sightings';

/** What the public endpoints need of the process: its environment, database and clock. */
export type PublicStatusRuntime = Pick<Runtime, 'env' | 'handle' | 'db' | 'clock'>;

/**
 * The state behind the public endpoints, one per process, shared by the fast path (the custom
 * server) and the Next.js route handlers at the same URLs (`next dev`): the status cache, the
 * signer and the copied-badge counter.
 */
export type PublicStatusService = {
  runtime: PublicStatusRuntime;
  cache: StatusCache;
  signer(): StatusSigner;
  /** The public log's key: its name and verifier key are public (/log/key), the checkpointer signs with it. */
  logSigner: LogSigner;
  sightings: BadgeSightings;
  now(): Date;
  /** Resolves once status changes are being heard (entries are cached from then on). */
  ready: Promise<void>;
  close(): Promise<void>;
};

export type PublicStatusOptions = {
  runtime: PublicStatusRuntime;
  /** The cache's refresh period; OPENSEAL_STATUS_CACHE_REFRESH_SECONDS by default. */
  cacheMaxAgeMs?: number;
  /** The cache's memory budget; OPENSEAL_STATUS_CACHE_MB by default. */
  cacheBudgetBytes?: number;
  sightingsFlushIntervalMs?: number;
  cacheLoaders?: StatusLoaders;
  cacheListener?: ListenerOptions;
  cacheLog?: (message: string) => void;
};

export function createPublicStatusService({ runtime, cacheMaxAgeMs, cacheBudgetBytes, sightingsFlushIntervalMs, cacheLoaders, cacheListener, cacheLog }: PublicStatusOptions): PublicStatusService {
  // Loaded first: a PostgreSQL deployment without its signing key must not start (signing.ts).
  const logSigner = loadLogSigner(runtime.env);
  const signer = loadStatusSigner(runtime.env, [logSigner.publicJwk]);
  const cache = createStatusCache({
    handle: runtime.handle,
    maxAgeMs: cacheMaxAgeMs ?? runtime.env.OPENSEAL_STATUS_CACHE_REFRESH_SECONDS * 1000,
    budgetBytes: cacheBudgetBytes ?? runtime.env.OPENSEAL_STATUS_CACHE_MB * 1024 * 1024,
    now: () => nowDate(runtime.clock),
    loaders: cacheLoaders,
    listener: cacheListener,
    log: cacheLog,
  });
  const sightings = createBadgeSightings({ db: runtime.db, clock: runtime.clock, flushIntervalMs: sightingsFlushIntervalMs });
  let closing: Promise<void> | null = null;
  return {
    runtime,
    cache,
    signer: () => signer,
    logSigner,
    sightings,
    // Read per request, not captured: a test clock may be moved (or swapped in) while serving.
    now: () => nowDate(runtime.clock),
    ready: cache.ready,
    close() {
      closing ??= (async () => {
        try {
          await sightings.stop();
        } finally {
          await cache.close();
        }
      })();
      return closing;
    },
  };
}

type Holder = { __opensealPublicStatus?: Promise<PublicStatusService> };
const holder = globalThis as Holder;

/** Makes `service` the one the Next.js route handlers of this process use (the server's own). */
export function installPublicStatusService(service: PublicStatusService) {
  holder.__opensealPublicStatus = Promise.resolve(service);
}

/** The process's service; under `next dev` (no custom server) it is created on first use. */
export function getPublicStatusService(): Promise<PublicStatusService> {
  holder.__opensealPublicStatus ??= getRuntime()
    .then((runtime) => createPublicStatusService({ runtime }))
    .catch((error: unknown) => {
      holder.__opensealPublicStatus = undefined;
      throw error;
    });
  return holder.__opensealPublicStatus;
}
