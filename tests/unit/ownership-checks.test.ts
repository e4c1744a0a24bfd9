import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { checkOwnership, ownershipInstructions, VERIFICATION_FILE_PATH } from '@/lib/sites/ownership/checks';
import { startDnsServer, type TestDnsServer, type TestZone } from '../helpers/dns-server';
import { startHttpServer, startHttpsServer, unusedPort, type TestHttpServer } from '../helpers/http-server';
import { createTestCertificateAuthority } from '../helpers/test-tls';

const TOKEN = 'q7Xk2mPz9RtW4vLb';
const OTHER = 'Zz00000000000000';
const FILE = VERIFICATION_FILE_PATH;

type Page = { status?: number; type?: string; body: string; location?: string };
const TAG = `<head><meta name="openseal-verification" content="${TOKEN}"></head>`;
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
  // Redirects: to the www name (accepted), to another host or to plain HTTP (refused). `{https}`
  // and `{http}` stand for the test servers' ports.
  'to-www.test': { '/': { status: 301, body: '', location: 'https://www.to-www.test:{https}/' } },
  'www.to-www.test': { '/': { body: TAG } },
  'from-www.test': { '/': { status: 301, body: '', location: 'https://www.from-www.test:{https}/' } },
  'www.from-www.test': { '/': { status: 302, body: '', location: 'https://from-www.test:{https}/home' } },
  'to-other.test': { '/': { status: 302, body: '', location: 'https://hosted-pages.test:{https}/to-other/' } },
  'hosted-pages.test': { '/to-other/': { body: TAG } },
  'to-http.test': { '/': { status: 301, body: '', location: 'http://to-http.test:{http}/' } },
  'http-only.test': {},
};
/** What the plain-HTTP server serves: the proof, where HTTPS has none. */
const HTTP_SITES: Record<string, Record<string, Page>> = {
  'to-http.test': { '/': { body: TAG } },
  'http-only.test': { '/': { body: TAG }, [FILE]: { type: 'text/plain', body: TOKEN } },
};

let dns: TestDnsServer;
let web: TestHttpServer;
let plain: TestHttpServer;
let policy: NetPolicy;

function serve(sites: Record<string, Record<string, Page>>): import('node:http').RequestListener {
  return (request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const page = sites[host]?.[request.url ?? '/'];
    if (!page) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    const location = page.location?.replace('{https}', String(web.port)).replace('{http}', String(plain.port));
    response.writeHead(page.status ?? 200, { 'content-type': page.type ?? 'text/html; charset=utf-8', ...(location ? { location } : {}) }).end(page.body);
  };
}

beforeAll(async () => {
  const authority = createTestCertificateAuthority();
  web = await startHttpsServer(serve(SITES), authority);
  plain = await startHttpServer(serve(HTTP_SITES));
  const zone: TestZone = {
    'dns-ok.test': { TXT: ['v=spf1 -all', `openseal-verification=${TOKEN}`, 'google-site-verification=abc'] },
    // A long record arrives as several character strings: their concatenation is the value.
    'dns-split.test': { TXT: [['openseal-verif', `ication=${TOKEN}`]] },
    'dns-none.test': { A: ['127.0.0.1'] },
    'dns-other.test': { TXT: ['v=spf1 -all', 'google-site-verification=abc'] },
    'dns-wrong.test': { TXT: [`openseal-verification=${OTHER}`] },
  };
  for (const host of [...Object.keys(SITES), ...Object.keys(HTTP_SITES)]) zone[host] = { A: ['127.0.0.1'] };
  dns = await startDnsServer(zone);
  // The sites serve HTTPS with certificates from the test authority, which the fetcher is told to trust.
  policy = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8'], extraCa: [authority.certificatePem], dnsServers: [dns.server], sitePorts: { http: plain.port, https: web.port } };
});

afterAll(async () => {
  await Promise.all([web.close(), plain.close(), dns.close()]);
});

describe('checkOwnership by DNS TXT record', () => {
  it('finds the token among other TXT records, and in a record split into strings', async () => {
    expect(await checkOwnership('dns-ok.test', TOKEN, 'dns', policy)).toEqual({ ok: true, foundAt: `Found the TXT record openseal-verification=${TOKEN} on dns-ok.test.` });
    expect(await checkOwnership('dns-split.test', TOKEN, 'dns', policy)).toMatchObject({ ok: true });
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
      expect(await checkOwnership(domain, TOKEN, 'meta', policy)).toEqual({ ok: true, foundAt: `Found the meta tag on https://${domain}:${web.port}/.` });
    },
  );

  it('reports the status of a home page that does not answer 200', async () => {
    expect(await checkOwnership('meta-403.test', TOKEN, 'meta', policy)).toEqual({
      ok: false,
      problem: `The home page answered 403 (https://meta-403.test:${web.port}/).`,
    });
  });

  it('says when there is no tag, also when the only one is in the body or in a comment', async () => {
    for (const domain of ['meta-none.test', 'meta-in-body.test', 'meta-commented.test']) {
      expect(await checkOwnership(domain, TOKEN, 'meta', policy)).toEqual({
        ok: false,
        problem: `The home page has no openseal-verification meta tag in its <head> (https://${domain}:${web.port}/).`,
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
    expect(await checkOwnership('file-ok.test', TOKEN, 'file', policy)).toEqual({ ok: true, foundAt: `Found the file on https://file-ok.test:${web.port}${FILE}.` });
    expect(await checkOwnership('file-prefixed.test', TOKEN, 'file', policy)).toMatchObject({ ok: true });
  });

  it('reports a missing file', async () => {
    expect(await checkOwnership('file-404.test', TOKEN, 'file', policy)).toEqual({
      ok: false,
      problem: `The file /.well-known/openseal-verification.txt answered 404 (https://file-404.test:${web.port}${FILE}).`,
    });
  });

  it('says when the file holds something else', async () => {
    for (const domain of ['file-wrong.test', 'file-spa.test']) {
      const result = await checkOwnership(domain, TOKEN, 'file', policy);
      expect(result).toMatchObject({ ok: false, problem: expect.stringContaining('/.well-known/openseal-verification.txt does not contain this site’s token') });
    }
  });
});

describe('checkOwnership across redirects (only the domain and its www name, only HTTPS)', () => {
  it('accepts the tag after a redirect to the www name, and says where it was found', async () => {
    expect(await checkOwnership('to-www.test', TOKEN, 'meta', policy)).toEqual({
      ok: true,
      foundAt: `Found the meta tag on https://www.to-www.test:${web.port}/ after a redirect from https://to-www.test:${web.port}/.`,
    });
  });

  it('follows redirects between the two names back and forth, and names every hop', async () => {
    SITES['from-www.test']!['/home'] = { body: TAG };
    const result = await checkOwnership('from-www.test', TOKEN, 'meta', policy);
    expect(result).toEqual({
      ok: true,
      foundAt: `Found the meta tag on https://from-www.test:${web.port}/home after a redirect from https://from-www.test:${web.port}/ and https://www.from-www.test:${web.port}/.`,
    });
  });

  it('refuses a redirect to another host, with the reason, although the tag is there', async () => {
    const result = await checkOwnership('to-other.test', TOKEN, 'meta', policy);
    expect(result).toEqual({
      ok: false,
      problem: `The home page could not be fetched (https://to-other.test:${web.port}/): it redirected from https://to-other.test:${web.port}/ to https://hosted-pages.test:${web.port}/to-other/, another host; a proof is accepted only on to-other.test or www.to-other.test.`,
    });
    expect(web.requests.some((request) => request.host.startsWith('hosted-pages.test'))).toBe(false);
  });

  it('refuses a redirect from HTTPS to plain HTTP, although the tag is there', async () => {
    const result = await checkOwnership('to-http.test', TOKEN, 'meta', policy);
    expect(result).toMatchObject({ ok: false, problem: expect.stringContaining(`it redirected from https://to-http.test:${web.port}/ to http://to-http.test:${plain.port}/, plain HTTP; a proof is read over HTTPS only`) });
    expect(plain.requests.some((request) => request.host.startsWith('to-http.test'))).toBe(false);
  });

  it('does not fall back to plain HTTP when HTTPS cannot be reached', async () => {
    const closed = { ...policy, sitePorts: { http: plain.port, https: await unusedPort() } };
    for (const method of ['meta', 'file'] as const) {
      const result = await checkOwnership('http-only.test', TOKEN, method, closed);
      expect(result).toMatchObject({ ok: false, problem: expect.stringMatching(/could not be fetched over HTTPS \(https:\/\/http-only\.test:\d+\/.*\): .*refused the connection\. Proofs are read over HTTPS only; a site without HTTPS can prove ownership with the DNS record\.$/) });
    }
    expect(plain.requests.some((request) => request.host.startsWith('http-only.test'))).toBe(false);
  });
});

describe('checkOwnership when the site cannot be reached', () => {

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
        expect(await checkOwnership('published.test', TOKEN, method, published)).toMatchObject({ ok: true });
      }
    } finally {
      await own.close();
    }
  });
});
