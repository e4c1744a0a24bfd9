import { describe, expect, it } from 'vitest';
import { clientAddressOf, normalizeAddress } from '@/lib/server/client-address';

const SOCKET = '::ffff:10.0.0.5'; // the nearest proxy, as a dual-stack socket reports it

describe('clientAddressOf: the entry as many trusted hops from the right', () => {
  it('takes the socket peer and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddressOf(SOCKET, '198.51.100.7', 0)).toBe('10.0.0.5');
    expect(clientAddressOf('2001:DB8::1', undefined, 0)).toBe('2001:db8::1');
  });

  it('counts from the right: a, b, c is c behind one proxy and b behind two', () => {
    const header = '192.0.2.1, 192.0.2.2, 192.0.2.3';
    expect(clientAddressOf(SOCKET, header, 1)).toBe('192.0.2.3');
    expect(clientAddressOf(SOCKET, header, 2)).toBe('192.0.2.2');
    expect(clientAddressOf(SOCKET, header, 3)).toBe('192.0.2.1');
  });

  it('never takes what the client wrote left of the proxies’ entries, however many it writes', () => {
    expect(clientAddressOf(SOCKET, '1.1.1.1, 8.8.8.8, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(clientAddressOf(SOCKET, '1.1.1.1,,garbage, 203.0.113.9', 1)).toBe('203.0.113.9');
    // Repeated headers are one list in order: the last one's last entry is the proxy's.
    expect(clientAddressOf(SOCKET, ['1.1.1.1', '203.0.113.9'], 1)).toBe('203.0.113.9');
  });

  it('answers the socket peer when the header is shorter than the configured chain: no entry is known to be a proxy’s', () => {
    // Behind two proxies, a one-entry header means a proxy was skipped, and that entry may be the client's own.
    expect(clientAddressOf(SOCKET, '198.51.100.7', 2)).toBe('10.0.0.5');
    expect(clientAddressOf(SOCKET, undefined, 1)).toBe('10.0.0.5');
    expect(clientAddressOf(SOCKET, '', 1)).toBe('10.0.0.5');
  });

  it('answers the socket peer when the chosen entry is not an address', () => {
    for (const header of ['192.0.2.1, unknown', '192.0.2.1, ', '192.0.2.1, _hidden', '192.0.2.1, 999.1.1.1', '192.0.2.1, 2001:db8::1::2', '192.0.2.1, <script>']) {
      expect(clientAddressOf(SOCKET, header, 1), header).toBe('10.0.0.5');
    }
  });

  it('reads IPv6 with brackets and ports, IPv4 with a port, and IPv4 mapped into IPv6', () => {
    expect(clientAddressOf(SOCKET, '[2001:DB8::7]:4711', 1)).toBe('2001:db8::7');
    expect(clientAddressOf(SOCKET, '[2001:db8::7]', 1)).toBe('2001:db8::7');
    expect(clientAddressOf(SOCKET, '2001:db8::7', 1)).toBe('2001:db8::7');
    expect(clientAddressOf(SOCKET, '192.0.2.44:51234', 1)).toBe('192.0.2.44');
    expect(clientAddressOf(SOCKET, '::ffff:192.0.2.44', 1)).toBe('192.0.2.44');
    expect(clientAddressOf(SOCKET, ' 192.0.2.44 ', 1)).toBe('192.0.2.44');
  });
});

describe('normalizeAddress', () => {
  it('keeps addresses, drops ports and brackets, refuses the rest', () => {
    expect(normalizeAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('::1')).toBe('::1');
    expect(normalizeAddress('[::1]:80')).toBe('::1');
    expect(normalizeAddress('[::1]x')).toBeNull();
    expect(normalizeAddress('1.2.3.4:99999999')).toBeNull();
    expect(normalizeAddress('localhost')).toBeNull();
    expect(normalizeAddress(undefined)).toBeNull();
  });
});
