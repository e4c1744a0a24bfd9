import { and, eq, sql } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Database, Executor } from '@/db/client';
import { nowDate, type Clock } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';

/**
 * Ends every session of the user: each session token carries the version it was issued under, and
 * getActor refuses a token whose version is no longer the user's (ADR 0002, amendment). Called on
 * sign-out, so that a copied cookie dies with the session it was copied from.
 */
export async function endAllSessions(db: Executor, userId: string): Promise<void> {
  await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId));
}

/**
 * Sign-out: ends every session of the signed-in user, this one and any copy of its cookie included.
 * Without a session there is nothing to end (and nothing to refuse: signing out is always allowed).
 */
export async function endSessions({ ctx }: { ctx: ServiceContext; input?: unknown }): Promise<void> {
  const actor = ctx.actor;
  if (!actor) return;
  const now = nowDate(ctx.clock);
  await ctx.db.transaction(async (tx) => {
    await endAllSessions(tx, actor.id);
    await recordAudit(tx, { actorId: actor.id, action: 'user.sign-out', entityType: 'user', entityId: actor.id, after: { sessionsEnded: true }, at: now });
  });
}

/**
 * Auth.js's own sign-out (its page at /api/auth/signout, or any POST to it): ends the sessions of the
 * version the token was issued under, so it kills copied cookies as our sign-out button does. Once:
 * when the button already ended them (it runs endSessions, then Auth.js's signOut), the version has
 * moved on and nothing is done or recorded again.
 */
export async function endSessionsOfToken(db: Database, clock: Clock, token: { userId: string; sessionVersion: number }): Promise<boolean> {
  const now = nowDate(clock);
  return db.transaction(async (tx) => {
    const ended = await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, token.userId), eq(users.sessionVersion, token.sessionVersion)))
      .returning({ id: users.id });
    if (ended.length === 0) return false;
    await recordAudit(tx, { actorId: token.userId, action: 'user.sign-out', entityType: 'user', entityId: token.userId, after: { sessionsEnded: true }, at: now });
    return true;
  });
}

/** The version a new session token is issued under. */
export async function currentSessionVersion(db: Executor, userId: string): Promise<number> {
  const [row] = await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.sessionVersion ?? 0;
}
