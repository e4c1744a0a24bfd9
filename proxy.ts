import { NextResponse, type NextRequest } from 'next/server';
import { parseEnv } from '@/lib/env';

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

// The configured public origin (lib/env.ts), read once: the environment does not change while the
// process runs.
let publicOrigin: string | undefined;

/**
 * Sends visitors without a session cookie to the sign-in page. Nothing more: it does not even
 * verify the cookie. Every page and verb re-reads the user from the database (docs/adr/0002), so
 * a forged or stale cookie gains nothing here.
 */
export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  // On the configured origin, never the Host the client named. When the request came to that very
  // origin, Next.js sends the Location relative, so the browser stays on the host it asked.
  publicOrigin ??= parseEnv().publicOrigin;
  const url = new URL('/login', publicOrigin);
  url.searchParams.set('next', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
}

// Kept off the public paths: the badge and the status API must not pay for it.
export const config = { matcher: ['/portal/:path*', '/review/:path*'] };
