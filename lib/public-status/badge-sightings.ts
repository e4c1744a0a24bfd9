import { isIP } from 'node:net';
import type { Database } from '@/db/client';
import type { Clock } from '@/lib/clock';
import { isSealPublicId } from '@/lib/seals/public-id';
import { DEFAULT_NEW_HOSTS_PER_SEAL_PER_DAY, writeBatch, type TurnedAway } from './badge-sightings-store';

/**
 * Copied badges, counted. The fast path calls `record` for every status or badge request whose
 * page (`Origin`, else `Referer`) is on a host the seal does not cover. Recording is a map update
 * (no I/O, nothing awaited), so a fraud shop with heavy traffic costs the fast path nothing; the
 * counts reach the database in one statement per flush, which also bounds how many new hosts a
 * seal gets a row for each day (lib/public-status/badge-sightings-store.ts).
 */
export type BadgeSightings = {
  record(sealId: string, host: string): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
  /** What is waiting for the next flush, and what the size cap turned away since the last one. */
  stats(): { pendingEntries: number; droppedRequests: number; droppedRequestsTotal: number };
};

export const DEFAULT_SIGHTINGS_FLUSH_INTERVAL_MS = 30_000;
/**
 * Distinct (seal, host) pairs held between two flushes. A page that forges ever new host names
 * cannot grow the process's memory past this; requests from new hosts beyond it are counted as
 * dropped and reported at the flush, while hosts already held keep counting.
 */
export const DEFAULT_SIGHTINGS_MAX_ENTRIES = 10_000;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * The host as stored: lowercase, no port, no trailing dot; null when it is not worth a reviewer's
 * look. Dropped: the `null` origin (sandboxed frames, file:// pages), single-label names such as
 * `localhost`, and IP literals: a reviewer acts against a site by its name, and an address is
 * almost always a developer's local preview (127.0.0.1, 192.168.…), which would bury the fraud
 * shops in noise. Unicode names arrive as punycode (browsers serialise Origin and Referer so);
 * anything else that is not a DNS name is dropped.
 */
export function normalizeSightingHost(input: string): string | null {
  let host = input.trim().toLowerCase();
  if (host.startsWith('[') || isIP(host)) return null;
  host = host.replace(/:\d{0,5}$/, '').replace(/\.$/, '');
  if (host.length === 0 || host.length > 253 || isIP(host)) return null;
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  if (/^\d+$/.test(labels.at(-1)!)) return null; // 10.1.2 and the like are addresses, not names
  return host;
}

type Tally = { sealId: string; host: string; count: number; firstSeenAt: number; lastSeenAt: number };

export type BadgeSightingsOptions = {
  db: Database;
  clock: Clock;
  flushIntervalMs?: number;
  maxEntries?: number;
  /** New hosts recorded per seal and UTC day (lib/public-status/badge-sightings-store.ts). */
  maxNewHostsPerDay?: number;
  log?: Pick<Console, 'warn' | 'error'>;
};

export function createBadgeSightings({
  db,
  clock,
  flushIntervalMs = DEFAULT_SIGHTINGS_FLUSH_INTERVAL_MS,
  maxEntries = DEFAULT_SIGHTINGS_MAX_ENTRIES,
  maxNewHostsPerDay = DEFAULT_NEW_HOSTS_PER_SEAL_PER_DAY,
  log = console,
}: BadgeSightingsOptions): BadgeSightings {
  let pending = new Map<string, Tally>();
  let droppedRequests = 0;
  let droppedRequestsTotal = 0;
  let stopped = false;
  // Flushes run one after another: a timer flush and stop()'s flush never write the same batch twice.
  let queue: Promise<void> = Promise.resolve();

  function add(tally: Tally) {
    const key = `${tally.sealId} ${tally.host}`;
    const held = pending.get(key);
    if (held) {
      held.count += tally.count;
      held.firstSeenAt = Math.min(held.firstSeenAt, tally.firstSeenAt);
      held.lastSeenAt = Math.max(held.lastSeenAt, tally.lastSeenAt);
    } else if (pending.size < maxEntries) {
      pending.set(key, tally);
    } else {
      droppedRequests += tally.count;
      droppedRequestsTotal += tally.count;
    }
  }

  async function write() {
    const batch = pending;
    const dropped = droppedRequests;
    pending = new Map();
    droppedRequests = 0;
    if (dropped > 0) {
      log.warn(`[badge-sightings] ${dropped} requests from further hosts were not counted: more than ${maxEntries} seal/host pairs were seen between two flushes`);
    }
    if (batch.size === 0) return;
    const rows = [...batch.values()].map((tally) => ({
      public_id: tally.sealId,
      host: tally.host,
      first_seen_at: new Date(tally.firstSeenAt).toISOString(),
      last_seen_at: new Date(tally.lastSeenAt).toISOString(),
      request_count: tally.count,
    }));
    let turnedAway: TurnedAway[];
    try {
      turnedAway = await writeBatch(db, rows, maxNewHostsPerDay);
    } catch (error) {
      // Kept for the next flush rather than lost (the cap still applies).
      for (const tally of batch.values()) add(tally);
      throw error;
    }
    if (turnedAway.length > 0) {
      const hosts = turnedAway.reduce((sum, row) => sum + Number(row.host_count), 0);
      const requests = turnedAway.reduce((sum, row) => sum + Number(row.request_count), 0);
      const named = turnedAway
        .slice(0, 3)
        .map((row) => `${row.public_id} on ${row.day} (${row.host_count})`)
        .join(', ');
      log.warn(
        `[badge-sightings] ${hosts} new ${hosts === 1 ? 'host' : 'hosts'} (${requests} ${requests === 1 ? 'request' : 'requests'}) not recorded: past ${maxNewHostsPerDay} new hosts per seal and day, counted as overflow instead: ${named}${turnedAway.length > 3 ? ` and ${turnedAway.length - 3} more seals` : ''}`,
      );
    }
  }

  function flush(): Promise<void> {
    const run = queue.then(write);
    queue = run.catch(() => {});
    return run;
  }

  const timer = clock.setInterval(() => {
    flush().catch((error: unknown) => log.error('[badge-sightings] could not write the counts; keeping them for the next flush:', error instanceof Error ? error.message : error));
  }, flushIntervalMs);
  // The timer alone must not keep a process alive (a script, a test, a server shutting down).
  (timer as { unref?: () => void } | null)?.unref?.();

  return {
    record(sealId, host) {
      if (stopped || !isSealPublicId(sealId)) return;
      const name = normalizeSightingHost(host);
      if (!name) return;
      const now = clock.now();
      const held = pending.get(`${sealId} ${name}`);
      if (held) {
        held.count += 1;
        held.lastSeenAt = Math.max(held.lastSeenAt, now);
      } else {
        add({ sealId, host: name, count: 1, firstSeenAt: now, lastSeenAt: now });
      }
    },
    flush,
    async stop() {
      if (!stopped) {
        stopped = true;
        clock.clearInterval(timer);
      }
      await flush();
    },
    stats: () => ({ pendingEntries: pending.size, droppedRequests, droppedRequestsTotal }),
  };
}
