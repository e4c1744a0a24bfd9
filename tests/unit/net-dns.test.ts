import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver, DnsLookupError } from '@/lib/net/dns';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server';

let dns: TestDnsServer;
let silent: dgram.Socket;
let policy: NetPolicy;

beforeAll(async () => {
  dns = await startDnsServer({
    'txt.test': { TXT: ['v=spf1 -all', ['openseal-verification=', 'abc123']] },
    'dual.test': { A: ['127.0.0.1'], AAAA: ['::1'] },
    'v6.test': { AAAA: ['fd00::7'] },
    'nodata.test': { A: ['127.0.0.1'] },
  });
  // A DNS "server" that receives every question and answers none.
  silent = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  policy = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8'], dnsServers: [dns.server] };
});

afterAll(async () => {
  await dns.close();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

async function dnsError(promise: Promise<unknown>): Promise<DnsLookupError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DnsLookupError);
  return error as DnsLookupError;
}

describe('createResolver with configured servers', () => {
  it('returns TXT records as their character strings', async () => {
    const records = await createResolver(policy).resolveTxt('txt.test');
    expect(records).toEqual([['v=spf1 -all'], ['openseal-verification=', 'abc123']]);
  });

  it('returns IPv4 and IPv6 addresses with their families', async () => {
    const resolver = createResolver(policy);
    expect(await resolver.lookup('dual.test')).toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    expect(await resolver.lookup('v6.test')).toEqual([{ address: 'fd00::7', family: 6 }]);
  });

  it('resolves an IP literal to itself without asking DNS', async () => {
    expect(await createResolver(policy).lookup('10.0.0.1')).toEqual([{ address: '10.0.0.1', family: 4 }]);
    expect(await createResolver(policy).lookup('[::1]')).toEqual([{ address: '::1', family: 6 }]);
  });

  it('says "no such record" for a missing name and for a name without that record type', async () => {
    const missing = await dnsError(createResolver(policy).lookup('nx.test'));
    expect(missing.message).toBe('no such record');
    expect(missing.reason).toBe('not-found');
    const noTxt = await dnsError(createResolver(policy).resolveTxt('nodata.test'));
    expect(noTxt.message).toBe('no such record');
    expect(noTxt.reason).toBe('no-data');
  });

  it('says "timed out" when the DNS server never answers', async () => {
    const port = (silent.address() as AddressInfo).port;
    const slow = { ...policy, dnsServers: [`127.0.0.1:${port}`], timeoutMs: 300 };
    const error = await dnsError(createResolver(slow).resolveTxt('txt.test'));
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe('timed out after 0.3 s');
    expect((await dnsError(createResolver(slow).lookup('dual.test'))).message).toBe('timed out after 0.3 s');
  });
});
