import { and, eq, sql } from 'drizzle-orm';
import { memberships, organizations, type Organization } from '@/db/schema';
import type { Executor } from '@/db/client';
import { requireRole, type Actor } from '@/lib/auth/actor';
import { ForbiddenError, NotFoundError } from '../errors';

export type MemberRole = 'owner' | 'member';
export type OrganizationAccess = { actor: Actor; organization: Organization; role: MemberRole };

/**
 * The guard of every organization verb and page. A non-member is told the organization does not
 * exist: whether another organization exists, or what it holds, is not theirs to learn.
 */
export async function requireMembership(db: Executor, actor: Actor | null, organizationId: unknown, needed: MemberRole = 'member'): Promise<OrganizationAccess> {
  const signedIn = requireRole(actor, 'applicant');
  const id = typeof organizationId === 'string' && /^[0-9a-f-]{36}$/i.test(organizationId) ? organizationId : null;
  const [row] = id
    ? await db
        .select({ organization: organizations, role: memberships.role })
        .from(memberships)
        .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
        .where(and(eq(memberships.organizationId, id), eq(memberships.userId, signedIn.id)))
        .limit(1)
    : [];
  if (!row) throw new NotFoundError('This organization does not exist, or you are not a member of it.');
  if (needed === 'owner' && row.role !== 'owner') {
    throw new ForbiddenError(`Only an owner of ${row.organization.legalName} can do this.`);
  }
  return { actor: signedIn, organization: row.organization, role: row.role };
}

/** Owners other than `exceptUserId`, rows locked: an organization must never be left without one. */
export async function countOtherOwners(tx: Executor, organizationId: string, exceptUserId: string): Promise<number> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'owner'), sql`${memberships.userId} <> ${exceptUserId}`))
    .orderBy(memberships.userId)
    .for('update');
  return rows.length;
}
