import pg from 'pg';
import type { DatabaseHandle } from '@/db/client';
import { SEAL_STATUS_CHANNEL } from './status-notify';

/** What a status listener tells the cache. */
export type ListenerEvents = {
  /** A seal's public status changed (committed). */
  onChange(publicId: string): void;
  /** Listening (again): notifications from now on arrive. After a gap, some may have been missed. */
  onUp(): void;
  /** No longer listening: notifications may be lost until the next onUp. */
  onDown(reason: string): void;
};

export type StatusListener = { stop(): Promise<void> };

/**
 * Listens on SEAL_STATUS_CHANNEL. The embedded database is one process, so PGlite's own `listen`
 * hears every change; on PostgreSQL a dedicated connection (not one of the pool's, which come and
 * go) runs LISTEN and is reconnected when it drops.
 */
export function startStatusListener(handle: DatabaseHandle, events: ListenerEvents): StatusListener {
  return handle.mode === 'embedded' ? pgliteListener(handle.client, events) : postgresListener(handle.pool.options, events);
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

function postgresListener(options: pg.PoolConfig, events: ListenerEvents): StatusListener {
  let stopped = false;
  let client: pg.Client | null = null;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: NodeJS.Timeout | null = null;

  const scheduleReconnect = (reason: string) => {
    if (stopped || retryTimer) return;
    events.onDown(reason);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  };

  const connect = async () => {
    const current = new pg.Client({ ...options, keepAlive: true });
    client = current;
    // A dropped connection emits 'error' and/or 'end'; either means: notifications may be lost.
    current.on('error', (error) => {
      if (client === current) scheduleReconnect(`connection error: ${error.message}`);
    });
    current.on('end', () => {
      if (client === current) scheduleReconnect('connection ended');
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
      retryMs = RETRY_MIN_MS;
      events.onUp();
    } catch (error) {
      if (client === current) {
        client = null;
        current.end().catch(() => {});
        scheduleReconnect(`could not LISTEN: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
