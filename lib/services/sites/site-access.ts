import { eq } from 'drizzle-orm';
import { sites, type Site } from '@/db/schema';
import type { Executor } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { NotFoundError } from '../errors';
import { requireMembership, type OrganizationAccess } from '../organizations/membership';

/** A site and the actor's membership of its organization; a non-member is told it does not exist. */
export async function requireSiteMember(db: Executor, actor: Actor | null, siteId: unknown): Promise<OrganizationAccess & { site: Site }> {
  const id = typeof siteId === 'string' && /^[0-9a-f-]{36}$/i.test(siteId) ? siteId : null;
  const [site] = id ? await db.select().from(sites).where(eq(sites.id, id)).limit(1) : [];
  if (!site) throw new NotFoundError('This site does not exist, or you are not a member of its organization.');
  try {
    return { ...(await requireMembership(db, actor, site.organizationId)), site };
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError('This site does not exist, or you are not a member of its organization.');
    throw error;
  }
}
