import type http from 'node:http';
import { answerPublicRequest, matchPublicRoute } from './public-routes';
import { createPublicStatusService, type PublicStatusRuntime, type PublicStatusService } from './public-status-service';
import type { PublicRequest, PublicResponse } from './request-context';

/**
 * The badge fast path: the public endpoints that every page view of every certified site calls
 * (status JSON, signed status, SVG badge, `seal.js` from `badgeScriptAsset()`, the JWKS), answered
 * by the plain node:http server before Next.js sees the request — the page-rendering stack costs
 * some 35× a bare response (docs/adr/0005). Statuses come from the in-memory status cache.
 */
export type FastPath = {
  /** Answers the request and returns true when it is a fast-path URL; returns false (and does nothing) otherwise. */
  handle(request: http.IncomingMessage, response: http.ServerResponse): boolean;
  /** Resolves once status changes are heard, so that statuses are cached from then on. */
  ready: Promise<void>;
  service: PublicStatusService;
  /** Stops listening and writes the copied-badge counts still held in memory. */
  close(): Promise<void>;
};

export type FastPathOptions = { runtime: PublicStatusRuntime; service?: PublicStatusService };

export function createFastPath({ runtime, service = createPublicStatusService({ runtime }) }: FastPathOptions): FastPath {
  return {
    handle(request, response) {
      const url = request.url ?? '/';
      const queryAt = url.indexOf('?');
      const path = queryAt === -1 ? url : url.slice(0, queryAt);
      const route = matchPublicRoute(path);
      if (!route) return false;
      const publicRequest: PublicRequest = {
        method: request.method ?? 'GET',
        path,
        query: queryAt === -1 ? '' : url.slice(queryAt + 1),
        header: (name) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value.join(', ') : value;
        },
      };
      const answer = answerPublicRequest(service, route, publicRequest);
      // A cached seal is answered in this very call, without a promise in between.
      if (!(answer instanceof Promise)) write(response, publicRequest.method, answer);
      else {
        // answerPublicRequest catches its own failures; this is the last line of defence, and it
        // also covers a failure while writing, which would otherwise be an unhandled rejection.
        answer
          .then((settled) => write(response, publicRequest.method, settled))
          .catch((error: unknown) => {
            console.error(`[fast-path] ${publicRequest.method} ${path} failed:`, error);
            if (response.headersSent) response.destroy();
            else write(response, 'GET', { status: 500, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{"error":"internal"}' });
          });
      }
      return true;
    },
    ready: service.ready,
    service,
    close: () => service.close(),
  };
}

function write(response: http.ServerResponse, method: string, answer: PublicResponse) {
  if (response.headersSent) return response.end();
  const { body } = answer;
  const headers: Record<string, string | number> = answer.headers;
  if (body !== null) headers['Content-Length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  response.writeHead(answer.status, headers);
  response.end(method === 'HEAD' || body === null ? undefined : body);
}
