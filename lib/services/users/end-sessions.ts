import { eq, sql } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';
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

/** The version a new session token is issued under. */
export async function currentSessionVersion(db: Executor, userId: string): Promise<number> {
  const [row] = await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.sessionVersion ?? 0;
}
