import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getRuntime } from '@/lib/runtime';
import { authenticate } from '@/lib/services/users/authenticate';
import { currentSessionVersion, endSessionsOfToken } from '@/lib/services/users/end-sessions';
import { signInErrorCode } from './sign-in-errors';
import { CLIENT_IP_HEADER } from '@/lib/server/client-ip';
import { safeReturnPath } from '@/lib/safe-redirect';

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    role?: string;
    /** The user's session version when the token was issued (ADR 0002, amendment). */
    sv?: number;
  }
}

declare module 'next-auth' {
  interface Session {
    sessionVersion?: number;
  }
}

// Lazy configuration: nothing touches the database or the secret until a request needs them,
// so `next build` can import this module without either.
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const runtime = await getRuntime();
  const origin = runtime.env.publicOrigin;
  // next-auth builds its own URLs (the action URL of signIn/signOut, the base of every redirect and
  // of the /api/auth handlers) from AUTH_URL, read from process.env at each call, and without it
  // from X-Forwarded-Host or Host, which a client writes. Pinning it to the configured origin is
  // what makes trusting "the host" safe: the host is ours, not the request's.
  process.env.AUTH_URL = origin;
  return {
    secret: runtime.authSecret,
    trustHost: true,
    // Credentials work only with JWT sessions. A JWT cannot be revoked, so the token carries the
    // user id and nothing is trusted from it beyond that: see lib/auth/session.ts.
    session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
    // Auth.js's own sign-out page (GET /api/auth/signout) would render a form whose action it builds
    // itself (seen pointing at localhost behind `next start`): it redirects to ours instead, whose
    // form posts back to the page it is on, and which ends every session as our button does.
    pages: { signIn: '/login', signOut: '/logout' },
    // A refused sign-in is an everyday event with its own record (sign_in_attempts), not a server error.
    logger: {
      error(error) {
        if (error.name === 'CredentialsSignin' || (error as { type?: string }).type === 'CredentialsSignin') return;
        console.error('[auth]', error);
      },
    },
    providers: [
      Credentials({
        credentials: { email: {}, password: {}, code: {} },
        async authorize(credentials, request) {
          const ipAddress = request.headers.get(CLIENT_IP_HEADER) ?? 'unknown';
          try {
            const actor = await authenticate({
              ctx: { db: runtime.db, clock: runtime.clock, actor: null, secrets: runtime.secretBox },
              // The session is issued only when this returns: after the password and, when the account has
              // one, the second factor (ADR 0011).
              input: { email: credentials.email, password: credentials.password, code: credentials.code || undefined, ipAddress },
            });
            return { id: actor.id, email: actor.email, name: actor.name };
          } catch (error) {
            throw new SignInRefused(signInErrorCode(error));
          }
        },
      }),
    ],
    events: {
      // Auth.js's own sign-out page ends every session too, not just this cookie (ADR 0002).
      async signOut(message) {
        const token = 'token' in message ? message.token : null;
        if (token?.sub && typeof token.sv === 'number') await endSessionsOfToken(runtime.db, runtime.clock, { userId: token.sub, sessionVersion: token.sv });
      },
    },
    callbacks: {
      // Only our own origin, and only plain paths on it (a callbackUrl is client input).
      redirect({ url }) {
        if (url.startsWith('/')) return `${origin}${safeReturnPath(url, '/')}`;
        if (URL.canParse(url) && new URL(url).origin === origin) return `${origin}${safeReturnPath(url.slice(origin.length) || '/', '/')}`;
        return origin;
      },
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.sv = await currentSessionVersion(runtime.db, user.id);
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.sessionVersion = token.sv;
        return session;
      },
    },
  };
});
