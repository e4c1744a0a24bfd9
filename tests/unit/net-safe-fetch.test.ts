import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { safeFetchText, USER_AGENT, type SafeFetchResult } from '@/lib/net/safe-fetch';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server';
import { startHttpServer, type TestHttpServer } from '../helpers/http-server';

let dns: TestDnsServer;
let web: TestHttpServer;
let second: TestHttpServer;
let loopback: NetPolicy;

beforeAll(async () => {
  dns = await startDnsServer({
    'site.test': { A: ['127.0.0.1'] },
    'once.test': { A: ['127.0.0.1'] },
    'private.test': { A: ['10.0.0.1'] },
    'mixed.test': { A: ['127.0.0.1', '10.0.0.1'] },
    'second.test': { A: ['127.0.0.2'] },
  });
  second = await startHttpServer((_request, response) => {
    response.setHeader('content-type', 'text/plain');
    response.end('second host');
  }, '127.0.0.2');
  web = await startHttpServer((request, response) => {
    const path = request.url ?? '/';
    const redirect = /^\/redirect\/(\d+)$/.exec(path);
    if (redirect) {
      const left = Number(redirect[1]);
      if (left === 0) return response.writeHead(200, { 'content-type': 'text/plain' }).end('arrived');
      return response.writeHead(302, { location: `/redirect/${left - 1}` }).end();
    }
    switch (path) {
      case '/page':
        return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>Grüße aus Köln</p>');
      case '/latin1':
        return response.writeHead(200, { 'content-type': 'text/plain; charset=ISO-8859-1' }).end(Buffer.from('Grüße aus Köln', 'latin1'));
      case '/gzip':
        return response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(zlib.gzipSync('unpacked text'));
      case '/forbidden':
        return response.writeHead(403, { 'content-type': 'text/html' }).end('<h1>Forbidden</h1>');
      case '/image':
        return response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(64));
      case '/no-type':
        return response.writeHead(200).end('untyped');
      case '/big': {
        // Chunked, without Content-Length: only counting the bytes can stop it.
        response.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 50; i++) response.write('x'.repeat(100));
        return response.end();
      }
      case '/big-declared':
        return response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5000' }).end('y'.repeat(5000));
      case '/bomb':
        return response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(zlib.gzipSync('z'.repeat(200_000)));
      case '/hang':
        return; // never answers
      case '/to-second':
        return response.writeHead(302, { location: `http://second.test:${second.port}/` }).end();
      case '/to-private':
        return response.writeHead(301, { location: 'http://private.test/' }).end();
      case '/to-file':
        return response.writeHead(302, { location: 'file:///etc/passwd' }).end();
      default:
        return response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  loopback = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8'], dnsServers: [dns.server], timeoutMs: 3_000 };
});

afterAll(async () => {
  await Promise.all([web.close(), second.close(), dns.close()]);
});

const url = (path: string, host = 'site.test') => `http://${host}:${web.port}${path}`;

function problemOf(result: SafeFetchResult): string {
  if (result.ok) throw new Error(`expected a refusal, got ${result.status} ${result.contentType}`);
  return result.problem;
}

describe('safeFetchText: what it returns', () => {
  it('fetches a page by name, sending the name as Host and the verifier User-Agent', async () => {
    const result = await safeFetchText(url('/page'), loopback);
    expect(result).toEqual({ ok: true, finalUrl: url('/page'), redirectedFrom: [], status: 200, contentType: 'text/html; charset=utf-8', text: '<p>Grüße aus Köln</p>' });
    expect(web.requests.at(-1)).toEqual({ host: `site.test:${web.port}`, path: '/page', userAgent: USER_AGENT });
  });

  it('decodes the charset the Content-Type names, and gzip', async () => {
    expect(await safeFetchText(url('/latin1'), loopback)).toMatchObject({ ok: true, text: 'Grüße aus Köln' });
    expect(await safeFetchText(url('/gzip'), loopback)).toMatchObject({ ok: true, text: 'unpacked text' });
  });

  it('connects to the address it checked, without a second DNS question (no rebinding window)', async () => {
    const result = await safeFetchText(url('/page', 'once.test'), loopback);
    expect(result.ok).toBe(true);
    expect(dns.queries.get('once.test A')).toBe(1);
  });

  it('follows up to policy.maxRedirects redirects and reports where it ended', async () => {
    expect(await safeFetchText(url('/redirect/3'), loopback)).toMatchObject({
      ok: true,
      finalUrl: url('/redirect/0'),
      redirectedFrom: [url('/redirect/3'), url('/redirect/2'), url('/redirect/1')],
      text: 'arrived',
    });
  });

  it('asks the caller’s redirect rule before following a hop, and stops with its reason', async () => {
    const seen: string[] = [];
    const served = second.requests.length;
    const result = await safeFetchText(url('/to-second'), loopback, {
      redirectRule: (from, to) => {
        seen.push(`${from} -> ${to}`);
        return to.hostname === 'second.test' ? 'it went to another host' : null;
      },
    });
    expect(result).toMatchObject({ ok: false, kind: 'redirect-refused', problem: 'it went to another host' });
    expect(seen).toEqual([`${url('/to-second')} -> http://second.test:${second.port}/`]);
    expect(second.requests.length).toBe(served);
  });
});

describe('safeFetchText: refusals', () => {
  it('refuses a loopback address when the allow-list is empty, by IP and by name', async () => {
    const strict = { ...loopback, allow: [] };
    const before = web.requests.length;
    expect(problemOf(await safeFetchText(`http://127.0.0.1:${web.port}/page`, strict))).toBe('refused: 127.0.0.1 is a loopback address');
    expect(problemOf(await safeFetchText(url('/page'), strict))).toBe('refused: site.test resolves to 127.0.0.1, a loopback address');
    expect(web.requests.length).toBe(before);
  });

  it('refuses a name that resolves to a private address', async () => {
    const result = await safeFetchText('http://private.test/', loopback);
    expect(result).toMatchObject({ ok: false, kind: 'refused' });
    expect(problemOf(result)).toBe('refused: private.test resolves to 10.0.0.1, a private address');
  });

  it('refuses a name when any one of its addresses is forbidden', async () => {
    const before = web.requests.length;
    expect(problemOf(await safeFetchText(url('/page', 'mixed.test'), loopback))).toBe('refused: mixed.test resolves to 10.0.0.1, a private address');
    expect(web.requests.length).toBe(before);
  });

  it('checks every redirect hop again: a redirect to a second, forbidden loopback host is refused', async () => {
    // Reachable when allowed, so the refusal below is the policy's, not the network's.
    expect(await safeFetchText(`http://second.test:${second.port}/`, loopback)).toMatchObject({ ok: true, text: 'second host' });
    const served = second.requests.length;
    const onlyFirst = { ...loopback, allow: ['127.0.0.1/32'] };
    expect(problemOf(await safeFetchText(url('/to-second'), onlyFirst))).toBe('refused: second.test resolves to 127.0.0.2, a loopback address');
    expect(second.requests.length).toBe(served);
    expect(problemOf(await safeFetchText(url('/to-private'), loopback))).toBe('refused: private.test resolves to 10.0.0.1, a private address');
  });

  it('refuses schemes other than http and https, in the first address and in a redirect', async () => {
    expect(problemOf(await safeFetchText('file:///etc/passwd', loopback))).toBe('refused: file addresses cannot be fetched, only http and https');
    expect(problemOf(await safeFetchText(url('/to-file'), loopback))).toBe('refused: file addresses cannot be fetched, only http and https');
    expect(problemOf(await safeFetchText('not a url', loopback))).toBe('“not a url” is not a valid web address');
  });

  it('stops after more than policy.maxRedirects redirects', async () => {
    expect(problemOf(await safeFetchText(url('/redirect/4'), loopback))).toBe('the address redirected more than 3 times');
    expect(problemOf(await safeFetchText(url('/redirect/2'), { ...loopback, maxRedirects: 1 }))).toBe('the address redirected more than 1 time');
  });

  it('stops reading past policy.maxBytes, with or without a Content-Length, and after decompression', async () => {
    const small = { ...loopback, maxBytes: 1_000 };
    expect(problemOf(await safeFetchText(url('/big'), small))).toBe('the response is larger than 1 kB');
    expect(problemOf(await safeFetchText(url('/big-declared'), small))).toBe('the response is larger than 1 kB');
    expect(problemOf(await safeFetchText(url('/bomb'), { ...loopback, maxBytes: 100_000 }))).toBe('the response is larger than 100 kB');
    expect(await safeFetchText(url('/bomb'), loopback)).toMatchObject({ ok: true, text: 'z'.repeat(200_000) });
    expect(await safeFetchText(url('/big'), loopback)).toMatchObject({ ok: true, text: 'x'.repeat(5_000) });
  });

  it('gives up on a server that never answers, within policy.timeoutMs', async () => {
    const result = await safeFetchText(url('/hang'), { ...loopback, timeoutMs: 500 });
    expect(result).toMatchObject({ ok: false, kind: 'timeout' });
    expect(problemOf(result)).toBe('timed out after 0.5 s');
  });

  it('refuses content that is not text', async () => {
    expect(problemOf(await safeFetchText(url('/image'), loopback))).toBe('the response is not text (image/png)');
    expect(problemOf(await safeFetchText(url('/no-type'), loopback))).toBe('the response does not say what type of content it is');
  });

  it('reports a status other than 2xx', async () => {
    const result = await safeFetchText(url('/forbidden'), loopback);
    expect(result).toEqual({ ok: false, kind: 'status', status: 403, problem: 'the page answered 403' });
  });

  it('reports names that do not exist and ports that refuse connections, in words', async () => {
    expect(problemOf(await safeFetchText('http://nx.test/', loopback))).toBe('nx.test was not found in DNS');
    const closed = await safeFetchText(`http://site.test:1/`, loopback);
    expect(closed).toMatchObject({ ok: false, kind: 'connect', problem: 'site.test:1 refused the connection' });
  });
});
