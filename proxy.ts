import { NextResponse, type NextRequest } from 'next/server';

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

/**
 * Sends visitors without a session cookie to the sign-in page. Nothing more: it does not even
 * verify the cookie. Every page and verb re-reads the user from the database (docs/adr/0002), so
 * a forged or stale cookie gains nothing here.
 */
export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const next = new URLSearchParams({ next: request.nextUrl.pathname + request.nextUrl.search });
  // A relative Location (RFC 9110 §10.2.2): the browser stays on the origin it asked, and no Host a
  // client sent ends up in the answer (NextResponse.redirect would need an absolute URL).
  return new NextResponse(null, { status: 307, headers: { Location: `/login?${next}` } });
}

// Kept off the public paths: the badge and the status API must not pay for it.
export const config = { matcher: ['/portal/:path*', '/review/:path*'] };
