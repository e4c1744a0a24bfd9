import { NextResponse, type NextRequest } from 'next/server';

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

/**
 * Sends visitors without a session cookie to the sign-in page. Nothing more: it does not even
 * verify the cookie. Every page and verb re-reads the user from the database (docs/adr/0002), so
 * a forged or stale cookie gains nothing here.
 */
export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const url = new URL('/login', request.nextUrl.origin);
  url.searchParams.set('next', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
}

// Kept off the public paths: the badge and the status API must not pay for it.
export const config = { matcher: ['/portal/:path*', '/review/:path*'] };
