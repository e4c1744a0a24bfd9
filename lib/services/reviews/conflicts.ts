import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import { conflictDeclarations, memberships, organizations } from '@/db/schema';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';
import { requireRole } from '@/lib/auth/actor';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { conflictedOrganizations } from '@/lib/review/queue';

const uuid = z.string().uuid('Choose an organization from the list.');

/**
 * The guard of every review verb: a reviewer tied to an organization (as its member, or by a
 * declaration of their own) must not claim, assess or decide its applications. Checked in the
 * services, so no crafted request gets round a button the page hides.
 *
 * Call it inside the transaction of the change. It locks the organization row FOR UPDATE, the one
 * lock mode that conflicts with the FOR KEY SHARE that PostgreSQL's foreign-key check takes when a
 * conflict declaration or a membership naming this organization is inserted. So a declaration
 * being written at the same moment either committed before the lock was granted (and the reads
 * below, a new snapshot each under READ COMMITTED, see it) or waits until the change is committed:
 * it cannot slip in between the check and the change.
 */
export async function assertNoConflict(tx: Executor, reviewerId: string, organizationId: string, subject = 'its applications'): Promise<void> {
  const [organization] = await tx.select({ legalName: organizations.legalName }).from(organizations).where(eq(organizations.id, organizationId)).for('update');
  const name = organization?.legalName ?? 'this organization';
  const [member] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, reviewerId)))
    .limit(1);
  if (member) throw new ForbiddenError(`You are a member of ${name}, so you cannot act on ${subject}.`);
  const [declared] = await tx
    .select({ id: conflictDeclarations.id })
    .from(conflictDeclarations)
    .where(and(eq(conflictDeclarations.reviewerId, reviewerId), eq(conflictDeclarations.organizationId, organizationId), isNull(conflictDeclarations.withdrawnAt)))
    .limit(1);
  if (declared) throw new ForbiddenError(`You declared a conflict of interest with ${name}, so you cannot act on ${subject}.`);
}

/**
 * The conflict-of-interest rule for reads (a complaint's or a case's page, files, the dossier): a
 * reviewer tied to the organization must not even see what it is accused of. No lock: nothing changes.
 */
export async function assertMaySeeAsReviewer(db: Executor, reviewerId: string, organizationId: string, subject: string, unnamed: string): Promise<void> {
  const conflicted = await conflictedOrganizations(db, reviewerId);
  if (!conflicted.has(organizationId)) return;
  const [organization] = await db.select({ legalName: organizations.legalName }).from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  throw new ForbiddenError(`You have a conflict of interest with ${organization?.legalName ?? unnamed} (you are a member, or you declared one), so another reviewer handles ${subject}.`);
}

/** A reviewer declares a tie (paid by, related to, competing with) to an organization. */
export async function declareConflict({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const { organizationId, reason } = parseInput(
    z.object({ organizationId: uuid, reason: z.string().trim().min(3, 'Say what ties you to this organization (for example: “former employer, until 2025”).').max(2000) }),
    input,
  );
  const [organization] = await ctx.db.select().from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  if (!organization) throw new NotFoundError('This organization does not exist.');
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [active] = await tx
      .select({ id: conflictDeclarations.id })
      .from(conflictDeclarations)
      .where(and(eq(conflictDeclarations.reviewerId, actor.id), eq(conflictDeclarations.organizationId, organizationId), isNull(conflictDeclarations.withdrawnAt)))
      .limit(1);
    if (active) throw new ConflictError(`You have already declared a conflict of interest with ${organization.legalName}.`);
    const [declaration] = await tx.insert(conflictDeclarations).values({ reviewerId: actor.id, organizationId, reason, declaredAt: now }).returning();
    await recordAudit(tx, { actorId: actor.id, action: 'conflict.declare', entityType: 'conflict_declaration', entityId: declaration!.id, after: { organizationId, organization: organization.legalName, reason }, at: now });
    return declaration!;
  });
}

/** A reviewer withdraws their own declaration; it stays on record with its withdrawal time. */
export async function withdrawConflict({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const { declarationId } = parseInput(z.object({ declarationId: z.string().uuid('This declaration does not exist.') }), input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [withdrawn] = await tx
      .update(conflictDeclarations)
      .set({ withdrawnAt: now })
      .where(and(eq(conflictDeclarations.id, declarationId), eq(conflictDeclarations.reviewerId, actor.id), isNull(conflictDeclarations.withdrawnAt)))
      .returning();
    if (!withdrawn) throw new ConflictError('This declaration is not yours, or it was already withdrawn.');
    await recordAudit(tx, { actorId: actor.id, action: 'conflict.withdraw', entityType: 'conflict_declaration', entityId: withdrawn.id, before: { withdrawnAt: null }, after: { withdrawnAt: now.toISOString() }, at: now });
    return withdrawn;
  });
}
