import { startSiteServers } from './site-server';
import { startLoopbackDns } from './loopback-dns';
import { E2E_SITE_PORT } from './fixtures';

/**
 * A subscriber's webhook receiver on loopback, as the e2e server reaches it (e2e/webhooks.spec.ts):
 * an https name that resolves to 127.0.0.1 through a DNS server on the port the e2e server asks
 * (OPENSEAL_DNS_SERVERS), which also answers the TXT records that prove the shop's domain; the
 * HTTPS site server (e2e/site-server.ts) with a certificate from the run's test authority. Every
 * POST is kept with the moment it arrived; the receiver answers 200, or what it is told to next.
 */

export type ReceivedWebhook = { path: string; headers: Record<string, string>; body: string; receivedAt: number; answered: number };

export async function startWebhookReceiver(hookHost: string) {
  const received: ReceivedWebhook[] = [];
  /** Statuses to answer next, per path, before going back to 200. */
  const failures = new Map<string, number[]>();
  const dns = await startLoopbackDns([hookHost]);
  const servers = await startSiteServers((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const path = request.url ?? '/';
      if (request.method !== 'POST' || (request.headers.host ?? '').split(':')[0] !== hookHost) return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      const answered = failures.get(path)?.shift() ?? 200;
      received.push({ path, headers: request.headers as Record<string, string>, body, receivedAt: Date.now(), answered });
      response.writeHead(answered, { 'Content-Type': 'text/plain' }).end(answered === 200 ? 'ok' : 'the receiver is down');
    });
  });
  return {
    received,
    /** The address of a receiver path, on the HTTPS port the site servers listen on. */
    urlOf: (path: string) => `https://${hookHost}:${E2E_SITE_PORT + 1}${path}`,
    /** The shop's ownership proof, as the portal asks for it. */
    publish: (domain: string, value: string) => dns.publishTxt(domain, value),
    /** The next POSTs to `path` are answered with these statuses. */
    failNext: (path: string, ...statuses: number[]) => void failures.set(path, [...(failures.get(path) ?? []), ...statuses]),
    /** The first POST to arrive (or already arrived) at `path` that `matches`, waiting up to `timeoutMs`. */
    async next(path: string, matches: (message: ReceivedWebhook) => boolean, { after = 0, timeoutMs = 10_000 }: { after?: number; timeoutMs?: number } = {}): Promise<ReceivedWebhook> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((message) => message.path === path && message.receivedAt >= after && matches(message));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`No webhook at ${path} within ${timeoutMs} ms; received: ${JSON.stringify(received.map(({ path: at, body, answered }) => ({ at, body, answered })))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: async () => {
      await dns.close();
      await servers.close();
    },
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
