import { eq } from 'drizzle-orm';
import { users, type UserRole } from '@/db/schema';
import type { Executor } from '@/db/client';
import { ForbiddenError, UnauthenticatedError } from '@/lib/services/errors';

/**
 * `timeZone`: the zone dates are written in for this user (lib/format/dates.ts); absent or null is
 * UTC. `timeZoneChosen`: picked on the account page, so the browser's own zone does not replace it.
 */
export type Actor = { id: string; email: string; name: string; role: UserRole; timeZone?: string | null; timeZoneChosen?: boolean };

/**
 * Reads the user behind a session from the database. A JWT cannot be revoked, so the role and the
 * disabled flag in the token are never trusted: a disabled or deleted user yields null, and so does
 * a session token whose `sessionVersion` is no longer the user's.
 */
export async function loadActor(db: Executor, userId: string | undefined | null, sessionVersion?: number): Promise<Actor | null> {
  if (!userId || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabledAt: users.disabledAt, sessionVersion: users.sessionVersion, timeZone: users.timeZone, timeZoneChosen: users.timeZoneChosen })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row || row.disabledAt) return null;
  // A session issued before the user signed out, or changed or reset the password, is over (ADR 0002).
  if (sessionVersion !== undefined && row.sessionVersion !== sessionVersion) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, timeZone: row.timeZone, timeZoneChosen: row.timeZoneChosen };
}

const rank: Record<UserRole, number> = { applicant: 0, reviewer: 1, admin: 2 };

/** The first line of every privileged verb. Admins are reviewers too. */
export function requireRole(actor: Actor | null, role: UserRole): Actor {
  if (!actor) throw new UnauthenticatedError();
  if (rank[actor.role] < rank[role]) {
    throw new ForbiddenError(role === 'admin' ? 'Only an administrator can do this.' : 'Only a reviewer can do this.');
  }
  return actor;
}

export function hasRole(actor: Actor | null, role: UserRole): boolean {
  return !!actor && rank[actor.role] >= rank[role];
}
