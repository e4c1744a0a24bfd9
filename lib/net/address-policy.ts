import { BlockList, isIP } from 'node:net';

/** Why an address may not be fetched from: the words end up in the problem a person reads. */
export type ForbiddenAddressKind = 'loopback' | 'private' | 'link-local' | 'unspecified' | 'shared (CGNAT)' | 'multicast' | 'reserved';

type Range = readonly [network: string, prefix: number];

// Outbound checks fetch what an applicant names; without these refusals an applicant could make the
// server read its own admin ports or the cloud metadata service (169.254.169.254) for them.
const FORBIDDEN: Record<ForbiddenAddressKind, { v4: Range[]; v6: Range[] }> = {
  loopback: { v4: [['127.0.0.0', 8]], v6: [['::1', 128]] },
  private: {
    v4: [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]],
    // fec0::/10 is the deprecated site-local range, private in the same sense.
    v6: [['fc00::', 7], ['fec0::', 10]],
  },
  'link-local': { v4: [['169.254.0.0', 16]], v6: [['fe80::', 10]] },
  // 0.0.0.0/8 means "this host" to most stacks: connecting to it reaches the local machine.
  unspecified: { v4: [['0.0.0.0', 8]], v6: [['::', 128]] },
  'shared (CGNAT)': { v4: [['100.64.0.0', 10]], v6: [] },
  multicast: { v4: [['224.0.0.0', 4]], v6: [['ff00::', 8]] },
  reserved: {
    // IETF protocol assignments, benchmarking, the old class E and broadcast; IPv4-compatible IPv6 (::/96).
    v4: [['192.0.0.0', 24], ['198.18.0.0', 15], ['240.0.0.0', 4]],
    v6: [['::', 96]],
  },
};

const BLOCK_LISTS = (Object.keys(FORBIDDEN) as ForbiddenAddressKind[]).map((kind) => {
  const list = new BlockList();
  for (const [network, prefix] of FORBIDDEN[kind].v4) list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of FORBIDDEN[kind].v6) list.addSubnet(network, prefix, 'ipv6');
  return { kind, list };
});

/** The eight 16-bit groups of a valid IPv6 address (a trailing dotted quad counts as two). */
function ipv6Groups(ipv6: string): number[] {
  let text = ipv6;
  const quad = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const headGroups = parse(head);
  const tailGroups = tail === undefined ? [] : parse(tail);
  return [...headGroups, ...new Array<number>(8 - headGroups.length - tailGroups.length).fill(0), ...tailGroups];
}

/**
 * The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d, ::ffff:7f00:1) or NAT64 (64:ff9b::/96)
 * IPv6 address: connecting to one of those reaches the IPv4 address, so it is judged as that.
 */
function embeddedIpv4(ipv6: string): string | null {
  const g = ipv6Groups(ipv6);
  const mapped = g.slice(0, 5).every((group) => group === 0) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((group) => group === 0);
  if (!mapped && !nat64) return null;
  const [high = 0, low = 0] = g.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The address in the form it is judged in: IPv4 for IPv4-mapped IPv6, without brackets or zone. */
export function canonicalAddress(ip: string): { address: string; family: 4 | 6 } | null {
  const bare = ip.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return { address: bare, family: 4 };
  if (family !== 6) return null;
  const v4 = embeddedIpv4(bare.toLowerCase());
  return v4 ? { address: v4, family: 4 } : { address: bare.toLowerCase(), family: 6 };
}

function allowList(allow: string[]): BlockList {
  const list = new BlockList();
  for (const entry of allow) {
    const [network = '', prefixText = ''] = entry.trim().split('/');
    const family = isIP(network);
    const prefix = Number(prefixText);
    if (!family || !/^\d{1,3}$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) continue; // a broken entry allows nothing
    try {
      list.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
    } catch {
      // Ignored for the same reason: failing closed refuses more, never less.
    }
  }
  return list;
}

/**
 * Why `ip` may not be fetched from (loopback, private …), or null when it may. An address inside
 * one of the `allow` CIDRs is always allowed (tests and local setups); anything that is not an IP
 * address is refused as `reserved`.
 */
export function forbiddenAddressKind(ip: string, allow: string[]): ForbiddenAddressKind | null {
  const canonical = canonicalAddress(ip);
  if (!canonical) return 'reserved';
  const type = canonical.family === 4 ? 'ipv4' : 'ipv6';
  if (allow.length > 0 && allowList(allow).check(canonical.address, type)) return null;
  return BLOCK_LISTS.find(({ list }) => list.check(canonical.address, type))?.kind ?? null;
}

/** True for loopback, private, link-local, unspecified, CGNAT, multicast and reserved addresses outside `allow`. */
export function isForbiddenAddress(ip: string, allow: string[]): boolean {
  return forbiddenAddressKind(ip, allow) !== null;
}

/** "a private address", "an unspecified address": for the sentences the fetcher returns. */
export function describeAddressKind(kind: ForbiddenAddressKind): string {
  return `${kind === 'unspecified' ? 'an' : 'a'} ${kind} address`;
}
