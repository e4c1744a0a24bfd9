import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { TestCertificateAuthority } from './test-tls';

export type TestHttpServer = {
  port: number;
  /** Requests received, in order: Host header, path and User-Agent. */
  requests: Array<{ host: string; path: string; userAgent: string }>;
  close(): Promise<void>;
};

/** Records each request, then hands it to `handler`. */
function recording(handler: http.RequestListener, requests: TestHttpServer['requests']): http.RequestListener {
  return (request, response) => {
    requests.push({ host: request.headers.host ?? '', path: request.url ?? '', userAgent: request.headers['user-agent'] ?? '' });
    handler(request, response);
  };
}

/** Listens on `address` at a free port and gives the test its handle. */
async function listening(server: http.Server, requests: TestHttpServer['requests'], address: string): Promise<TestHttpServer> {
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Servers that never answer keep their sockets open: end them, or close() waits forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A real HTTP server on `address` (127.0.0.1 by default) at a free port. */
export async function startHttpServer(handler: http.RequestListener, address = '127.0.0.1'): Promise<TestHttpServer> {
  const requests: TestHttpServer['requests'] = [];
  return listening(http.createServer(recording(handler, requests)), requests, address);
}

/** A port nothing listens on (taken free, then released): connecting to it is refused. */
export async function unusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A real HTTPS server on `address` at a free port, with a certificate from `authority` for
 * whatever name the client asks for (SNI), so any test host name verifies against the authority.
 */
export async function startHttpsServer(handler: http.RequestListener, authority: TestCertificateAuthority, address = '127.0.0.1'): Promise<TestHttpServer> {
  const requests: TestHttpServer['requests'] = [];
  const options = { ...authority.issue('localhost'), SNICallback: (name: string, callback: (error: Error | null, context: tls.SecureContext) => void) => callback(null, tls.createSecureContext(authority.issue(name))) };
  return listening(https.createServer(options, recording(handler, requests)), requests, address);
}
