import type net from 'node:net';
import pg from 'pg';
import type { DatabaseHandle } from '@/db/client';
import { SEAL_STATUS_CHANNEL } from './status-notify';

/** What a status listener tells the cache. */
export type ListenerEvents = {
  /** A seal's public status changed (committed); the payload as sent (status-notify.ts). */
  onChange(payload: string): void;
  /** Listening (again): notifications from now on arrive. After a gap, some may have been missed. */
  onUp(): void;
  /**
   * No longer listening: notifications may be lost until the next onUp. `silentForMs`: how long
   * before this call the connection was last known to work (a keep-alive check that got no answer).
   */
  onDown(reason: string, silentForMs?: number): void;
};

export type ListenerOptions = {
  /** How often the PostgreSQL listener's connection is checked with `select 1`. */
  pingIntervalMs?: number;
  /** How long that check may take before the connection counts as dead and is replaced. */
  pingTimeoutMs?: number;
};

export type StatusListener = { stop(): Promise<void> };

export const PING_INTERVAL_MS = 5_000;
export const PING_TIMEOUT_MS = 3_000;
/** TCP keep-alive on the listener's socket: the first probe after this much silence (the OS default is 2 hours). */
const TCP_KEEPALIVE_DELAY_MS = 10_000;

/**
 * Listens on SEAL_STATUS_CHANNEL. The embedded database is one process, so PGlite's own `listen`
 * hears every change; on PostgreSQL a dedicated connection (not one of the pool's, which come and
 * go) runs LISTEN and is reconnected when it drops.
 */
export function startStatusListener(handle: DatabaseHandle, events: ListenerEvents, options: ListenerOptions = {}): StatusListener {
  return handle.mode === 'embedded' ? pgliteListener(handle.client, events) : postgresListener(handle.pool.options, events, options);
}

function pgliteListener(client: Extract<DatabaseHandle, { mode: 'embedded' }>['client'], events: ListenerEvents): StatusListener {
  let stopped = false;
  const subscribed = client.listen(SEAL_STATUS_CHANNEL, (payload) => events.onChange(payload)).then(
    (unlisten) => {
      if (!stopped) events.onUp();
      return unlisten;
    },
    (error: unknown) => {
      events.onDown(`LISTEN failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    },
  );
  return {
    async stop() {
      stopped = true;
      const unlisten = await subscribed;
      try {
        await unlisten?.();
      } catch {
        // The database is already closed: there is nothing left to stop.
      }
    },
  };
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * A dead connection is found three ways: an error or end event (the server closed it, as on a
 * restart or `pg_terminate_backend`); TCP keep-alive after 10 s of silence (then the operating
 * system's probe interval, minutes on Linux); and, within seconds, a `select 1` every
 * `pingIntervalMs` that must answer within `pingTimeoutMs` — a connection whose packets vanish
 * (a network partition, a frozen host) raises no event at all.
 */
function postgresListener(options: pg.PoolConfig, events: ListenerEvents, { pingIntervalMs = PING_INTERVAL_MS, pingTimeoutMs = PING_TIMEOUT_MS }: ListenerOptions): StatusListener {
  let stopped = false;
  let client: pg.Client | null = null;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: NodeJS.Timeout | null = null;
  let pingTimer: NodeJS.Timeout | null = null;

  const scheduleReconnect = (reason: string, silentForMs?: number) => {
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = null;
    if (stopped || retryTimer) return;
    events.onDown(reason, silentForMs);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  };

  /** Gives a connection up for good: events from it are ignored from now on, its socket is closed. */
  const abandon = (dead: pg.Client) => {
    if (client === dead) client = null;
    // end() says goodbye and waits for the server, which may never answer: the socket goes too.
    dead.end().catch(() => {});
    (dead as unknown as { connection?: { stream?: net.Socket } }).connection?.stream?.destroy();
  };

  const startPings = (listening: pg.Client) => {
    let lastAnswer = performance.now();
    let checking = false;
    pingTimer = setInterval(() => {
      if (checking || client !== listening) return;
      checking = true;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), pingTimeoutMs)));
      Promise.race([listening.query('select 1').then(() => 'ok' as const), timedOut])
        .then(
          (outcome) => {
            if (outcome === 'ok') lastAnswer = performance.now();
            else if (client === listening) {
              abandon(listening);
              scheduleReconnect(`no answer to a keep-alive check within ${pingTimeoutMs / 1000} s`, performance.now() - lastAnswer);
            }
          },
          // A failed check: the connection's own error or end event says why and reconnects.
          () => {},
        )
        .finally(() => {
          clearTimeout(timer);
          checking = false;
        });
    }, pingIntervalMs);
    pingTimer.unref();
  };

  const connect = async () => {
    const current = new pg.Client({ ...options, keepAlive: true, keepAliveInitialDelayMillis: TCP_KEEPALIVE_DELAY_MS });
    client = current;
    // A dropped connection emits 'error' and/or 'end'; either means: notifications may be lost.
    current.on('error', (error) => {
      if (client === current) {
        abandon(current);
        scheduleReconnect(`connection error: ${error.message}`);
      }
    });
    current.on('end', () => {
      if (client === current) {
        client = null;
        scheduleReconnect('connection ended');
      }
    });
    current.on('notification', (message) => {
      if (message.channel === SEAL_STATUS_CHANNEL && message.payload) events.onChange(message.payload);
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${SEAL_STATUS_CHANNEL}`);
      if (stopped) {
        await current.end().catch(() => {});
        return;
      }
      if (client !== current) return; // it failed meanwhile, and a reconnect is scheduled
      retryMs = RETRY_MIN_MS;
      startPings(current);
      events.onUp();
    } catch (error) {
      if (client === current) {
        abandon(current);
        scheduleReconnect(`could not LISTEN: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (pingTimer) clearInterval(pingTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
