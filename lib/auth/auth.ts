import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getRuntime } from '@/lib/runtime';
import { authenticate } from '@/lib/services/users/authenticate';
import { signInErrorCode } from './sign-in-errors';
import { CLIENT_IP_HEADER } from '@/lib/server/client-ip';

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    role?: string;
  }
}

// Lazy configuration: nothing touches the database or the secret until a request needs them,
// so `next build` can import this module without either.
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const runtime = await getRuntime();
  return {
    secret: runtime.authSecret,
    trustHost: runtime.env.AUTH_TRUST_HOST,
    // Credentials work only with JWT sessions. A JWT cannot be revoked, so the token carries the
    // user id and nothing is trusted from it beyond that: see lib/auth/session.ts.
    session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: '/login' },
    // A refused sign-in is an everyday event with its own record (sign_in_attempts), not a server error.
    logger: {
      error(error) {
        if (error.name === 'CredentialsSignin' || (error as { type?: string }).type === 'CredentialsSignin') return;
        console.error('[auth]', error);
      },
    },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(credentials, request) {
          const ipAddress = request.headers.get(CLIENT_IP_HEADER) ?? 'unknown';
          try {
            const actor = await authenticate({
              ctx: { db: runtime.db, clock: runtime.clock, actor: null },
              input: { email: credentials.email, password: credentials.password, ipAddress },
            });
            return { id: actor.id, email: actor.email, name: actor.name };
          } catch (error) {
            throw new SignInRefused(signInErrorCode(error));
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
});
