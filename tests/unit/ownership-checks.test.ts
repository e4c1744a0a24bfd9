import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { checkOwnership, ownershipInstructions, VERIFICATION_FILE_PATH } from '@/lib/sites/ownership/checks';
import { startDnsServer, type TestDnsServer, type TestZone } from '../helpers/dns-server';
import { startHttpServer, unusedPort, type TestHttpServer } from '../helpers/http-server';

const TOKEN = 'q7Xk2mPz9RtW4vLb';
const OTHER = 'Zz00000000000000';
const FILE = VERIFICATION_FILE_PATH;

type Page = { status?: number; type?: string; body: string };
/** What each test site serves, by host name and path. */
const SITES: Record<string, Record<string, Page>> = {
  'meta-ok.test': { '/': { body: `<!doctype html><html><head><title>Toys</title><meta name="openseal-verification" content="${TOKEN}"></head><body>Hi</body></html>` } },
  'meta-reversed.test': { '/': { body: `<html><head><meta content="${TOKEN}" name="openseal-verification" /></head></html>` } },
  'meta-single.test': { '/': { body: `<html><head><meta name='openseal-verification' content='${TOKEN}'></head></html>` } },
  'meta-upper.test': { '/': { body: `<HTML><HEAD><META NAME="OpenSeal-Verification" CONTENT="${TOKEN}"></HEAD></HTML>` } },
  'meta-unquoted.test': { '/': { body: `<head><meta charset=utf-8><meta name=openseal-verification content=${TOKEN}></head>` } },
  'meta-several.test': {
    '/': { body: `<head><meta name="openseal-verification" content="${OTHER}">\n<meta\n  content = "${TOKEN}"\n  name = "openseal-verification"\n></head>` },
  },
  'meta-403.test': { '/': { status: 403, body: '<h1>Forbidden</h1>' } },
  'meta-none.test': { '/': { body: '<html><head><title>No tag</title></head><body><p>Welcome</p></body></html>' } },
  'meta-wrong.test': { '/': { body: `<head><meta name="openseal-verification" content="${OTHER}"></head>` } },
  'meta-in-body.test': { '/': { body: `<head><title>x</title></head><body><p>A comment: <meta name="openseal-verification" content="${TOKEN}"></p></body>` } },
  'meta-commented.test': { '/': { body: `<head><!-- <meta name="openseal-verification" content="${TOKEN}"> --></head>` } },
  'file-ok.test': { [FILE]: { type: 'text/plain', body: `${TOKEN}\n` } },
  'file-prefixed.test': { [FILE]: { type: 'text/plain', body: `openseal-verification=${TOKEN}\r\n` } },
  'file-404.test': {},
  'file-wrong.test': { [FILE]: { type: 'text/plain', body: OTHER } },
  // Single-page apps answer every path with their index page.
  'file-spa.test': { [FILE]: { body: `<!doctype html><div id="app"></div>` } },
};

let dns: TestDnsServer;
let web: TestHttpServer;
let policy: NetPolicy;

beforeAll(async () => {
  web = await startHttpServer((request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const page = SITES[host]?.[request.url ?? '/'];
    if (!page) return response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    response.writeHead(page.status ?? 200, { 'content-type': page.type ?? 'text/html; charset=utf-8' }).end(page.body);
  });
  const zone: TestZone = {
    'dns-ok.test': { TXT: ['v=spf1 -all', `openseal-verification=${TOKEN}`, 'google-site-verification=abc'] },
    // A long record arrives as several character strings: their concatenation is the value.
    'dns-split.test': { TXT: [['openseal-verif', `ication=${TOKEN}`]] },
    'dns-none.test': { A: ['127.0.0.1'] },
    'dns-other.test': { TXT: ['v=spf1 -all', 'google-site-verification=abc'] },
    'dns-wrong.test': { TXT: [`openseal-verification=${OTHER}`] },
  };
  for (const host of Object.keys(SITES)) zone[host] = { A: ['127.0.0.1'] };
  dns = await startDnsServer(zone);
  // Nothing listens on the HTTPS port: every check falls back to HTTP, as for a site without TLS.
  policy = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8'], dnsServers: [dns.server], sitePorts: { http: web.port, https: await unusedPort() } };
});

afterAll(async () => {
  await Promise.all([web.close(), dns.close()]);
});

describe('checkOwnership by DNS TXT record', () => {
  it('finds the token among other TXT records, and in a record split into strings', async () => {
    expect(await checkOwnership('dns-ok.test', TOKEN, 'dns', policy)).toEqual({ ok: true });
    expect(await checkOwnership('dns-split.test', TOKEN, 'dns', policy)).toEqual({ ok: true });
  });

  it('says when the domain has no TXT records', async () => {
    expect(await checkOwnership('dns-none.test', TOKEN, 'dns', policy)).toEqual({ ok: false, problem: 'No TXT records were found for dns-none.test.' });
  });

  it('says when TXT records exist but none carries the token', async () => {
    const other = await checkOwnership('dns-other.test', TOKEN, 'dns', policy);
    expect(other).toMatchObject({ ok: false, problem: expect.stringContaining('TXT records were found for dns-other.test, but none carries this token') });
    const wrong = await checkOwnership('dns-wrong.test', TOKEN, 'dns', policy);
    expect(wrong).toMatchObject({ ok: false, problem: expect.stringContaining('has a different one') });
    expect(await checkOwnership('dns-ok.test', OTHER, 'dns', policy)).toMatchObject({ ok: false });
  });

  it('says when the domain does not exist', async () => {
    expect(await checkOwnership('nx.test', TOKEN, 'dns', policy)).toEqual({
      ok: false,
      problem: 'No TXT records were found for nx.test: the name does not exist in DNS.',
    });
  });
});

describe('checkOwnership by meta tag', () => {
  it.each(['meta-ok.test', 'meta-reversed.test', 'meta-single.test', 'meta-upper.test', 'meta-unquoted.test', 'meta-several.test'])(
    'finds the tag on %s',
    async (domain) => {
      expect(await checkOwnership(domain, TOKEN, 'meta', policy)).toEqual({ ok: true });
    },
  );

  it('reports the status of a home page that does not answer 200', async () => {
    expect(await checkOwnership('meta-403.test', TOKEN, 'meta', policy)).toEqual({
      ok: false,
      problem: `The home page answered 403 (http://meta-403.test:${web.port}/).`,
    });
  });

  it('says when there is no tag, also when the only one is in the body or in a comment', async () => {
    for (const domain of ['meta-none.test', 'meta-in-body.test', 'meta-commented.test']) {
      expect(await checkOwnership(domain, TOKEN, 'meta', policy)).toEqual({
        ok: false,
        problem: `The home page has no openseal-verification meta tag in its <head> (http://${domain}:${web.port}/).`,
      });
    }
  });

  it('says when the tag carries another token', async () => {
    const result = await checkOwnership('meta-wrong.test', TOKEN, 'meta', policy);
    expect(result).toEqual({ ok: false, problem: `The meta tag carries a different token (“${OTHER}”); it should carry “${TOKEN}”.` });
  });
});

describe('checkOwnership by well-known file', () => {
  it('accepts the token alone with a trailing newline, or as openseal-verification=<token>', async () => {
    expect(await checkOwnership('file-ok.test', TOKEN, 'file', policy)).toEqual({ ok: true });
    expect(await checkOwnership('file-prefixed.test', TOKEN, 'file', policy)).toEqual({ ok: true });
  });

  it('reports a missing file', async () => {
    expect(await checkOwnership('file-404.test', TOKEN, 'file', policy)).toEqual({
      ok: false,
      problem: `The file /.well-known/openseal-verification.txt answered 404 (http://file-404.test:${web.port}${FILE}).`,
    });
  });

  it('says when the file holds something else', async () => {
    for (const domain of ['file-wrong.test', 'file-spa.test']) {
      const result = await checkOwnership(domain, TOKEN, 'file', policy);
      expect(result).toMatchObject({ ok: false, problem: expect.stringContaining('/.well-known/openseal-verification.txt does not contain this site’s token') });
    }
  });
});

describe('checkOwnership when the site cannot be reached', () => {
  it('names both schemes when neither HTTPS nor HTTP connects', async () => {
    const closed = { ...policy, sitePorts: { http: await unusedPort(), https: policy.sitePorts.https } };
    const result = await checkOwnership('meta-ok.test', TOKEN, 'meta', closed);
    expect(result).toMatchObject({ ok: false, problem: expect.stringMatching(/^The home page could not be fetched over HTTPS \(.*refused the connection\) nor over HTTP \(.*refused the connection\)\.$/) });
  });

  it('does not fetch from a private address', async () => {
    const result = await checkOwnership('meta-ok.test', TOKEN, 'meta', { ...policy, allow: [] });
    expect(result).toEqual({
      ok: false,
      problem: `The home page could not be fetched (https://meta-ok.test:${policy.sitePorts.https}/): refused: meta-ok.test resolves to 127.0.0.1, a loopback address.`,
    });
  });

  it('refuses an empty token instead of finding it everywhere', async () => {
    await expect(checkOwnership('file-ok.test', ' ', 'file', policy)).rejects.toThrow('verification token');
  });
});

describe('ownershipInstructions', () => {
  it('states what to publish for each method', () => {
    const steps = ownershipInstructions('toysmart.example', TOKEN);
    expect(steps.dns).toMatchObject({ recordType: 'TXT', name: 'toysmart.example', value: `openseal-verification=${TOKEN}` });
    expect(steps.meta).toMatchObject({ page: 'https://toysmart.example/', tag: `<meta name="openseal-verification" content="${TOKEN}">` });
    expect(steps.file).toMatchObject({ path: FILE, url: `https://toysmart.example${FILE}`, content: TOKEN });
  });

  it('is exactly what the checks accept', async () => {
    const steps = ownershipInstructions('published.test', TOKEN);
    SITES['published.test'] = {
      '/': { body: `<!doctype html><html><head>${steps.meta.tag}</head><body></body></html>` },
      [steps.file.path]: { type: 'text/plain', body: steps.file.content },
    };
    const zone = { 'published.test': { A: ['127.0.0.1'], TXT: [steps.dns.value] } };
    const own = await startDnsServer(zone);
    try {
      const published = { ...policy, dnsServers: [own.server] };
      for (const method of ['dns', 'meta', 'file'] as const) {
        expect(await checkOwnership('published.test', TOKEN, method, published)).toEqual({ ok: true });
      }
    } finally {
      await own.close();
    }
  });
});
