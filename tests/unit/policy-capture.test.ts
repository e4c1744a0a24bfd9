import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock } from '@/lib/clock';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { capturePolicyFromText, capturePolicyFromUrl, extractReadableText, MIN_POLICY_CHARACTERS } from '@/lib/policies/capture';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server';
import { startHttpServer, type TestHttpServer } from '../helpers/http-server';

const sha256 = (text: string) => crypto.createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

const PROMISE = 'Personal information voluntarily submitted by visitors to our site, such as name, address, billing information and shopping preferences, is never shared with a third party. We collect it only to fill your orders and to tell you about new toys.';
const POLICY_PAGE = `<!doctype html>
<html lang="en"><head><title>Privacy</title><style>body { color: red }</style><script>var tracking = "secret-script-text";</script></head>
<body>
  <header><a href="/">Toysmart</a> <span>Logo text</span></header>
  <nav><ul><li><a href="/toys">Toys</a></li><li><a href="/cart">Cart</a></li></ul></nav>
  <main>
    <h1>Privacy&nbsp;Policy</h1>
    <p>${PROMISE}</p>
    <p>We use cookies &amp; similar tools. Questions? Write to <a href="mailto:privacy@toysmart.example">privacy@toysmart.example</a>.</p>
    <h2>Your choices</h2>
    <ul><li>See your data</li><li>Correct it&#8230;</li><li>Delete it&#x21;</li></ul>
    <script type="application/ld+json">{"@type": "WebPage"}</script>
    <noscript>Please enable JavaScript</noscript>
  </main>
  <footer>© 2000 Toysmart.com, LLC</footer>
</body></html>`;

let dns: TestDnsServer;
let web: TestHttpServer;
let policy: NetPolicy;

beforeAll(async () => {
  dns = await startDnsServer({ 'toysmart.test': { A: ['127.0.0.1'] } });
  web = await startHttpServer((request, response) => {
    switch (request.url) {
      case '/privacy':
        return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(POLICY_PAGE);
      case '/privacy.txt':
        return response.writeHead(200, { 'content-type': 'text/plain' }).end(`  Privacy policy\r\n\r\n${PROMISE}\r\n  Indented line stays.\n`);
      case '/old-privacy':
        return response.writeHead(301, { location: '/privacy' }).end();
      case '/app':
        return response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><div id="root"></div><script src="/app.js"></script><p>Loading policy…</p></body></html>');
      default:
        return response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  });
  policy = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8'], dnsServers: [dns.server] };
});

afterAll(async () => {
  await Promise.all([web.close(), dns.close()]);
});

const url = (path: string) => `http://toysmart.test:${web.port}${path}`;

describe('capturePolicyFromUrl', () => {
  it('keeps the readable text of an HTML policy and hashes exactly that text', async () => {
    const clock = createTestClock(new Date('2000-06-09T12:00:00Z'));
    const result = await capturePolicyFromUrl(url('/privacy'), policy, { clock });
    if (!result.ok) throw new Error(result.problem);
    expect(result.url).toBe(url('/privacy'));
    expect(result.capturedAt).toEqual(new Date('2000-06-09T12:00:00Z'));
    expect(result.sha256).toBe(sha256(result.text));
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.text).toContain(PROMISE);
    expect(result.text.startsWith('Privacy Policy\n\n')).toBe(true);
    expect(result.text).toContain('We use cookies & similar tools. Questions? Write to privacy@toysmart.example.');
    expect(result.text).toContain('• See your data\n• Correct it…\n• Delete it!');
    for (const hidden of ['secret-script-text', 'color: red', 'WebPage', 'Please enable JavaScript', 'Logo text', 'Cart', '2000 Toysmart.com', '<']) {
      expect(result.text).not.toContain(hidden);
    }
  });

  it('keeps plain text as it is, with normalised line ends, and follows a redirect', async () => {
    const plain = await capturePolicyFromUrl(url('/privacy.txt'), policy);
    expect(plain).toMatchObject({ ok: true, text: `Privacy policy\n\n${PROMISE}\n  Indented line stays.` });
    const moved = await capturePolicyFromUrl(url('/old-privacy'), policy);
    expect(moved).toMatchObject({ ok: true, url: url('/privacy') });
  });

  it('refuses a page with too little text, asking for the text instead', async () => {
    expect(await capturePolicyFromUrl(url('/app'), policy)).toEqual({
      ok: false,
      problem: 'Only 15 characters of text were found at that address; paste the policy text instead.',
    });
  });

  it('says why a page could not be fetched', async () => {
    expect(await capturePolicyFromUrl(url('/gone'), policy)).toEqual({
      ok: false,
      problem: `The policy could not be fetched from ${url('/gone')}: the page answered 404.`,
    });
    const strict = await capturePolicyFromUrl(url('/privacy'), { ...policy, allow: [] });
    expect(strict).toMatchObject({ ok: false, problem: expect.stringContaining('refused: toysmart.test resolves to 127.0.0.1, a loopback address') });
  });
});

describe('capturePolicyFromText', () => {
  it('trims, normalises line ends and hashes the stored UTF-8 text', () => {
    const result = capturePolicyFromText(`\r\n  Datenschutzerklärung\r\n\r\n${PROMISE}\r\n\n`);
    expect(result).toEqual({ ok: true, text: `Datenschutzerklärung\n\n${PROMISE}`, sha256: sha256(`Datenschutzerklärung\n\n${PROMISE}`) });
  });

  it('gives the same hash to the same words in composed and decomposed Unicode', () => {
    const composed = capturePolicyFromText(`Café policy. ${PROMISE}`);
    const decomposed = capturePolicyFromText(`Cafe\u0301 policy. ${PROMISE}`);
    expect(composed.ok && decomposed.ok && composed.sha256 === decomposed.sha256).toBe(true);
  });

  it('refuses empty and too short text', () => {
    expect(capturePolicyFromText(' \n ')).toEqual({ ok: false, problem: 'Paste the text of the privacy policy.' });
    expect(capturePolicyFromText('We never share your data.')).toEqual({
      ok: false,
      problem: `The policy text has only 25 characters; paste the whole policy (at least ${MIN_POLICY_CHARACTERS}).`,
    });
  });
});

describe('extractReadableText', () => {
  it('puts block elements on their own lines and decodes entities', () => {
    expect(extractReadableText('<div>One<br>Two</div><p>Three &lt;b&gt; &quot;four&quot; &#39;five&#39;</p>')).toBe('One\nTwo\n\nThree <b> "four" \'five\'');
  });

  it('collapses whitespace and joins inline elements without adding spaces', () => {
    expect(extractReadableText('<p>  a\n\n   b\t<b>c</b><i>d</i>  </p>\n\n\n\n<p>e</p>')).toBe('a b cd\n\ne');
  });

  it('ignores a ">" inside an attribute value and keeps unknown entities', () => {
    expect(extractReadableText('<p title="a > b">text &unknown; &amp;</p>')).toBe('text &unknown; &');
  });
});
