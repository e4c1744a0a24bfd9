import { NextResponse, type NextRequest } from 'next/server';
import { parseEnv } from '@/lib/env';
import { contentSecurityPolicy, FILE_ROUTE, newNonce } from '@/lib/server/security-headers';

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
const SIGNED_IN_AREAS = ['/portal', '/review'];

// The configured public origin (lib/env.ts), read once: the environment does not change while the
// process runs.
let publicOrigin: string | undefined;

/**
 * Two jobs, both before a page renders. Sends visitors without a session cookie away from the
 * signed-in areas to the sign-in page (nothing more: it does not even verify the cookie; every page
 * and verb re-reads the user from the database, docs/adr/0002, so a forged or stale cookie gains
 * nothing here). And gives every page its Content-Security-Policy with a fresh nonce (docs/adr/0010):
 * Next.js reads the nonce from the request's policy header and puts it on its own scripts.
 */
export function proxy(request: NextRequest) {
  publicOrigin ??= parseEnv().publicOrigin;
  const { pathname } = request.nextUrl;
  const signedInArea = SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
  if (signedInArea && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    // On the configured origin, never the Host the client named. When the request came to that very
    // origin, Next.js sends the Location relative, so the browser stays on the host it asked.
    const url = new URL('/login', publicOrigin);
    url.searchParams.set('next', pathname + request.nextUrl.search);
    return NextResponse.redirect(url);
  }
  if (FILE_ROUTE.test(pathname)) return NextResponse.next();

  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    development: process.env.NODE_ENV === 'development',
    https: publicOrigin.startsWith('https:'),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

// Every page; not the public endpoints (the fast path answers them first, docs/adr/0005, and they
// must not pay for this when it is off), Next.js's static files or the health check.
export const config = {
  matcher: ['/((?!_next/static/|_next/image|favicon\\.ico|api/|embed/|\\.well-known/|log/|healthz$|__openseal/).*)'],
};
