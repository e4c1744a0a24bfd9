import { answerPublicRequest, matchPublicRoute } from './public-routes';
import { getPublicStatusService } from './public-status-service';

/**
 * The same public endpoints as Next.js route handlers, for `next dev` (which has no custom server)
 * and for `OPENSEAL_FAST_PATH=false`; under `npm start` the fast path answers these URLs first.
 * They share the process's status cache, signer and copied-badge counter with the fast path.
 */
export async function answerWithNext(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const route = matchPublicRoute(url.pathname);
  if (!route) return Response.json({ error: 'not_found' }, { status: 404 });
  const service = await getPublicStatusService();
  const answer = await answerPublicRequest(service, route, {
    method: request.method,
    path: url.pathname,
    query: url.search.slice(1),
    header: (name) => request.headers.get(name) ?? undefined,
  });
  const withoutBody = request.method === 'HEAD' || answer.status === 204 || answer.status === 304;
  const body = withoutBody || answer.body === null ? null : typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body);
  return new Response(body, { status: answer.status, headers: answer.headers });
}

