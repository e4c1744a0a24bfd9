import { isStorageFull } from '@/lib/data-dir/storage-full';

/**
 * Whether a failed database read means "the database cannot be reached right now" (a restart, a
 * failover, a cut network) rather than a fault in our code or data. Only the former lets the public
 * endpoints answer from the last known status (docs/adr/0005): a bug must still surface as a 500
 * and a log line, not hide behind stale answers.
 */

// Socket-level failures: the server is not there, went away, or cannot be reached.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN']);

// PostgreSQL SQLSTATEs of a server going down or not up yet: class 08 (connection exception),
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now ("the database system is
// starting up"), and 53300 too_many_connections (a restart's reconnect storm).
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

// node-postgres reports a connection lost mid-query, or a connect that timed out, without a code.
const UNAVAILABLE_MESSAGES = [/^Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error and is not queryable/i];

export function isDatabaseUnavailable(error: unknown): boolean {
  // The embedded database stopped on a full disk: nothing is sent to it until a restart (ADR 0001).
  if (isStorageFull(error)) return true;
  // drizzle wraps the driver's error (DrizzleQueryError) in `cause`; look a few levels down.
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) return true;
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(current instanceof Error ? current.message : ''))) return true;
    // A connect that found no server at any of several addresses (localhost: ::1 and 127.0.0.1).
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}

/** The driver's own words for a failure (drizzle's wrapper repeats the whole query and its parameters). */
export function failureReason(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
