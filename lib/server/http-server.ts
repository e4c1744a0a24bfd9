import http from 'node:http';
import type { AddressInfo } from 'node:net';
import next from 'next';
import { stampClientAddress } from './client-address';
import { addMissingHeaders, baselineSecurityHeaders } from './security-headers';
import { handleTestClockRequest } from './test-clock';
import type { UploadGate } from './upload-gate';

export type HttpServer = { url: string; close(): Promise<void> };

export type StartHttpServerOptions = {
  dir: string;
  port: number;
  host: string;
  /** Reverse proxies of ours in front of this server (0: none); see clientAddressOf. */
  trustedProxyHops: number;
  /** The configured public origin (env.publicOrigin): HSTS is sent when it is https. */
  publicOrigin: string;
  /** The badge fast path (lib/public-status/fast-path.ts): asked first, Next.js gets what it does not answer. */
  fastPath?: { handle(request: http.IncomingMessage, response: http.ServerResponse): boolean } | null;
  /** Decides about request bodies before anything reads them (lib/server/upload-gate.ts). */
  uploadGate?: Pick<UploadGate, 'admit'> | null;
};

/**
 * Next.js behind a plain node:http server. The server is ours so that the process owns its
 * lifecycle (one database, a clean stop) and so that the badge fast path answers before the
 * page-rendering stack is reached (docs/adr/0005).
 */
export async function startHttpServer({ dir, port, host, trustedProxyHops, publicOrigin, fastPath, uploadGate }: StartHttpServerOptions): Promise<HttpServer> {
  const app = next({ dev: false, dir, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const securityHeaders = baselineSecurityHeaders(publicOrigin);

  const server = http.createServer((request, response) => {
    // Every answer, the fast path's included (docs/adr/0010); the pages' policy comes from proxy.ts.
    addMissingHeaders(response, securityHeaders);
    if (fastPath?.handle(request, response)) return;
    stampClientAddress(request, trustedProxyHops);
    if (handleTestClockRequest(request, response)) return;
    const failed = (error: unknown) => {
      console.error('[http] request failed:', error);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end('Internal error');
    };
    const admitted = uploadGate ? uploadGate.admit(request, response) : false;
    if (admitted === true) return;
    if (admitted === false) handle(request, response).catch(failed);
    else admitted.then((refused) => (refused ? undefined : handle(request, response)), failed).catch(failed);
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;

  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Stop accepting, let in-flight requests finish, drop idle keep-alive sockets at once,
        // and cut whatever is still open after 10 s.
        const force = setTimeout(() => server.closeAllConnections(), 10_000);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
