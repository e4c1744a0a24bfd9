import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { memberships } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { countOtherOwners, requireMembership } from './membership';

const MemberInput = z.object({ organizationId: z.string(), userId: z.uuid({ message: 'Unknown member.' }) });
const LAST_OWNER = 'An organization needs at least one owner: make another member an owner first.';

/** An owner removes another member. Leaving oneself is `leaveOrganization`. */
export async function removeMember({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(MemberInput, input);
  const { actor, organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId, 'owner');
  if (data.userId === actor.id) throw new ConflictError('To leave the organization yourself, use “Leave organization”.');
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(memberships)
      .where(and(eq(memberships.organizationId, organization.id), eq(memberships.userId, data.userId)))
      .returning();
    if (!removed) throw new NotFoundError('This person is not a member of the organization.');
    await recordAudit(tx, { actorId: actor.id, action: 'membership.remove', entityType: 'organization', entityId: organization.id, before: { userId: removed.userId, role: removed.role }, at: now });
    return removed;
  });
}

export async function leaveOrganization({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(z.object({ organizationId: z.string() }), input);
  const { actor, organization, role } = await requireMembership(ctx.db, ctx.actor, data.organizationId);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    if (role === 'owner' && (await countOtherOwners(tx, organization.id, actor.id)) === 0) throw new ConflictError(LAST_OWNER);
    const [left] = await tx.delete(memberships).where(and(eq(memberships.organizationId, organization.id), eq(memberships.userId, actor.id))).returning();
    if (!left) throw new ConflictError('You are no longer a member of this organization.');
    await recordAudit(tx, { actorId: actor.id, action: 'membership.leave', entityType: 'organization', entityId: organization.id, before: { userId: actor.id, role: left.role }, at: now });
  });
}

const RoleInput = MemberInput.extend({ role: z.enum(['owner', 'member'], { message: 'Choose owner or member.' }) });

/**
 * An owner makes a member an owner, or an owner a member (themselves included: stepping down).
 * Transferring ownership is making someone else an owner, then stepping down.
 */
export async function setMemberRole({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(RoleInput, input);
  const { actor, organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId, 'owner');
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    if (data.role === 'member' && (await countOtherOwners(tx, organization.id, data.userId)) === 0) throw new ConflictError(LAST_OWNER);
    const [before] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, organization.id), eq(memberships.userId, data.userId)))
      .for('update');
    if (!before) throw new NotFoundError('This person is not a member of the organization.');
    if (before.role === data.role) throw new ConflictError(`This person is already ${data.role === 'owner' ? 'an owner' : 'a member'}.`);
    await tx.update(memberships).set({ role: data.role }).where(and(eq(memberships.organizationId, organization.id), eq(memberships.userId, data.userId)));
    await recordAudit(tx, { actorId: actor.id, action: 'membership.change-role', entityType: 'organization', entityId: organization.id, before: { userId: data.userId, role: before.role }, after: { userId: data.userId, role: data.role }, at: now });
  });
}

/** Hands ownership to another member and makes the current owner a member, in one step. */
export async function transferOwnership({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(MemberInput, input);
  const { actor, organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId, 'owner');
  if (data.userId === actor.id) throw new ConflictError('Choose another member to hand ownership to.');
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [target] = await tx
      .update(memberships)
      .set({ role: 'owner' })
      .where(and(eq(memberships.organizationId, organization.id), eq(memberships.userId, data.userId)))
      .returning();
    if (!target) throw new NotFoundError('This person is not a member of the organization.');
    await tx.update(memberships).set({ role: 'member' }).where(and(eq(memberships.organizationId, organization.id), eq(memberships.userId, actor.id)));
    await recordAudit(tx, { actorId: actor.id, action: 'membership.transfer-ownership', entityType: 'organization', entityId: organization.id, before: { owner: actor.id }, after: { owner: data.userId, previousOwnerNowMember: actor.id }, at: now });
  });
}
