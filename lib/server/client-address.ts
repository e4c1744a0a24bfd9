import net from 'node:net';
import type http from 'node:http';
import { CLIENT_IP_HEADER } from './client-ip';

/**
 * One `X-Forwarded-For` entry as an address: `[v6]:port` and `v4:port` lose the port, an IPv4
 * address mapped into IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket reports) becomes plain
 * IPv4 so one client is one key whichever way it came. Anything else (`unknown`, an obfuscated
 * RFC 7239 name, garbage) is null.
 */
export function normalizeAddress(entry: string | undefined): string | null {
  let value = entry?.trim();
  if (!value) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[0-9.]+:\d{1,5}$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1]!;
  const family = net.isIP(value);
  if (family === 4) return value;
  if (family === 6) return value.toLowerCase();
  return null;
}

/**
 * The client's address. `trustedHops` is how many reverse proxies of ours stand in front of the
 * server (0: none, the socket's peer is the client).
 *
 * Each proxy appends the address of its own peer to `X-Forwarded-For`; whatever stands left of
 * that was sent by the client and is worth nothing (a client that sends `X-Forwarded-For: 1.2.3.4`
 * must not become 1.2.3.4). So the client is the entry `trustedHops` places from the right: with
 * one proxy the last entry, with two the one before it.
 *
 * When the header has fewer entries than that, or the chosen entry is not an address, the request
 * did not come through the proxies as configured (it skipped one, or a proxy wrote something we
 * cannot read) and no entry is known to be a proxy's word. The answer is then the socket's peer:
 * the one address nobody on the other side can forge. At worst it is a proxy's address, which
 * puts such requests under one shared limit: stricter, never looser.
 */
export function clientAddressOf(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const socket = normalizeAddress(socketAddress) ?? socketAddress ?? 'unknown';
  if (trustedHops < 1 || forwardedFor === undefined) return socket;
  // Repeated headers are one list, in order (RFC 9110 §5.3); positions are kept, empty entries
  // included, so an entry the client slipped in can never shift the proxies' entries.
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  if (entries.length < trustedHops) return socket;
  return normalizeAddress(entries[entries.length - trustedHops]) ?? socket;
}

/** Stamps the client's address on the request for the code behind the server (CLIENT_IP_HEADER). */
export function stampClientAddress(request: http.IncomingMessage, trustedHops: number): string {
  const address = clientAddressOf(request.socket.remoteAddress, request.headers['x-forwarded-for'], trustedHops);
  // Whatever the client sent under this name is dropped: only the server's word counts.
  request.headers[CLIENT_IP_HEADER] = address;
  return address;
}
