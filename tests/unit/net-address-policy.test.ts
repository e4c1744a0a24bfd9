import { describe, expect, it } from 'vitest';
import { canonicalAddress, forbiddenAddressKind, isForbiddenAddress } from '@/lib/net/address-policy';

describe('isForbiddenAddress without an allow-list', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.255', 'shared (CGNAT)'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    // IPv4-mapped IPv6 reaches the IPv4 address: it is judged as that address.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:192.168.0.1', 'private'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['::ffff:100.64.0.1', 'shared (CGNAT)'],
    ['64:ff9b::a00:1', 'private'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'link-local'],
    ['not an address', 'reserved'],
  ])('refuses %s (%s)', (ip, kind) => {
    expect(isForbiddenAddress(ip, [])).toBe(true);
    expect(forbiddenAddressKind(ip, [])).toBe(kind);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2001:db8::1'])('allows the public address %s', (ip) => {
    expect(isForbiddenAddress(ip, [])).toBe(false);
    expect(forbiddenAddressKind(ip, [])).toBeNull();
  });
});

describe('isForbiddenAddress with an allow-list', () => {
  it.each([
    ['127.0.0.1', ['127.0.0.0/8'], false],
    ['127.0.0.2', ['127.0.0.0/8'], false],
    ['::ffff:127.0.0.1', ['127.0.0.0/8'], false],
    ['127.0.0.2', ['127.0.0.1/32'], true],
    ['127.0.0.1', ['127.0.0.1/32'], false],
    ['::1', ['127.0.0.0/8'], true],
    ['::1', ['127.0.0.0/8', '::1/128'], false],
    ['10.1.2.3', ['10.1.0.0/16'], false],
    ['10.2.0.1', ['10.1.0.0/16'], true],
    ['fd00::5', ['fd00::/8'], false],
    ['192.168.0.1', ['127.0.0.0/8'], true],
    // A broken entry allows nothing (fail closed), and does not throw.
    ['10.0.0.1', ['10.0.0.0/99', 'garbage', '10.0.0.0'], true],
  ] as const)('%s with allow %j → forbidden: %s', (ip, allow, forbidden) => {
    expect(isForbiddenAddress(ip, [...allow])).toBe(forbidden);
  });
});

describe('canonicalAddress', () => {
  it('turns IPv4-mapped IPv6 into IPv4 and strips brackets and zones', () => {
    expect(canonicalAddress('::ffff:7f00:1')).toEqual({ address: '127.0.0.1', family: 4 });
    expect(canonicalAddress('[::FFFF:10.0.0.1]')).toEqual({ address: '10.0.0.1', family: 4 });
    expect(canonicalAddress('FE80::1%eth0')).toEqual({ address: 'fe80::1', family: 6 });
    expect(canonicalAddress('2001:db8::1')).toEqual({ address: '2001:db8::1', family: 6 });
    expect(canonicalAddress('example.com')).toBeNull();
  });
});
