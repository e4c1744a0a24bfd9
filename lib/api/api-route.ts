import { connection } from 'next/server';
import { getRuntime } from '@/lib/runtime';
import { netPolicyFromEnv } from '@/lib/net/policy';
import { getPublicStatusService } from '@/lib/public-status/public-status-service';
import { serveApiCall, type ApiCall, type ApiRouteSpec } from './serve-api-call';
import { sharedRateLimiter } from './rate-limit';

/** An integrator API route (issue #17): what its key needs, and what it does for a key that has it. */
export type ApiRoute<Params = Record<string, never>> = { spec: ApiRouteSpec; handle: (call: ApiCall, params: Params) => Promise<unknown> };

/** The route handler Next serves for `route`: the runtime's database and clock, the call served by serveApiCall. */
export function apiRouteHandler<Params>(route: ApiRoute<Params>) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    await connection(); // never prerendered: `next build` has no database
    const runtime = await getRuntime();
    const params = await context.params;
    const services = { jobs: runtime.jobs ?? undefined, net: netPolicyFromEnv(runtime.env), secrets: runtime.secretBox };
    const statusCache = async () => (await getPublicStatusService()).cache;
    const statusSigner = async () => (await getPublicStatusService()).signer();
    // On PostgreSQL several processes may serve the API: they count each key's calls in the database.
    const rateLimiter = runtime.handle.mode === 'postgres' ? sharedRateLimiter(runtime.db) : undefined;
    return serveApiCall({ db: runtime.db, clock: runtime.clock, context: services, statusCache, statusSigner, publicOrigin: runtime.env.publicOrigin, rateLimiter }, request, route.spec, (call) =>
      route.handle(call, params),
    );
  };
}
