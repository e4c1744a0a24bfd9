import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { startDnsServer, type TestDnsServer, type TestZone } from '../helpers/dns-server';
import { startHttpServer, unusedPort, type TestHttpServer } from '../helpers/http-server';

/**
 * Other people's websites for the copied-badge monitor: a DNS server that sends the names a test
 * serves to loopback, and one HTTP server that answers each name with its page. Names nobody
 * serves are not in DNS. HTTPS goes to a port nothing listens on, so the monitor falls back to HTTP.
 */
export async function startHostSites() {
  const zone: TestZone = {};
  const pages = new Map<string, string>();
  const dns: TestDnsServer = await startDnsServer(zone);
  const web: TestHttpServer = await startHttpServer((request, response) => {
    const html = pages.get((request.headers.host ?? '').replace(/:\d+$/, ''));
    if (html === undefined || request.url !== '/') return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  const net: NetPolicy = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8'], dnsServers: [dns.server], timeoutMs: 2_000, sitePorts: { http: web.port, https: await unusedPort() } };
  return {
    net,
    /** Serves `html` as the home page of `host` (or changes it). */
    serve(host: string, html: string) {
      zone[host] = { A: ['127.0.0.1'] };
      pages.set(host, html);
    },
    /** The hosts whose home page was fetched, in order, once per fetch. */
    fetchedHosts: () => web.requests.map((request) => request.host.replace(/:\d+$/, '')),
    /** The URL the monitor reads a served host's home page from. */
    homeUrl: (host: string) => `http://${host}:${web.port}/`,
    async close() {
      await web.close();
      await dns.close();
    },
  };
}

export type HostSites = Awaited<ReturnType<typeof startHostSites>>;

/** The snippet a site owner pastes (README, "Embedding the badge"). */
export const scriptSnippet = (sealId: string) => `<script async src="https://seal.example.org/embed/v1/seal.js" data-seal-id="${sealId}"></script>`;

/** What the monitor records of it: the element's start tag, as on the page. */
export const scriptTag = (sealId: string) => scriptSnippet(sealId).replace('</script>', '');

export const homePage = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>${body}</body></html>`;
