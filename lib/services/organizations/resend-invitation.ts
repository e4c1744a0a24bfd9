import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import { invitations } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, TooManyAttemptsError } from '../errors';
import { parseInput } from '../parse';
import { lockRateLimitKey, secondsToWait, waitWords, type RateLimit } from '../rate-limits';
import { issueInvitation } from './invitations';
import { requireMembership } from './membership';

/**
 * Invitations to one address from one organization, counted over a rolling day: the first one and
 * three resends. A mail that went to spam or a link that expired needs one or two; more would make
 * OpenSeal a way to send someone the same mail over and over.
 */
export const INVITATION_RESEND_LIMIT: RateLimit = { max: 4, windowMs: 24 * 60 * 60_000, window: 'day' };

const ResendInput = z.object({ organizationId: z.string(), invitationId: z.uuid({ message: 'Unknown invitation.' }) });

/**
 * An owner sends an invitation again — the mail was lost, or the link expired. A new invitation
 * with a new token and a full validity replaces it; the old one is withdrawn in the same
 * transaction, so its link stops working (its page says a newer one was mailed). Mailed like the
 * first, audited, and limited per address (INVITATION_RESEND_LIMIT). Returns the new token once.
 */
export async function resendInvitation({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(ResendInput, input);
  const { actor, organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId, 'owner');
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [old] = await tx.select().from(invitations).where(and(eq(invitations.id, data.invitationId), eq(invitations.organizationId, organization.id))).limit(1);
    if (!old) throw new NotFoundError(`This invitation does not exist, or is not one of ${organization.legalName}’s.`);
    await lockRateLimitKey(tx, `invitation:${organization.id}:${old.email}`);
    const wait = await secondsToWait(tx, {
      table: invitations,
      at: invitations.createdAt,
      where: and(eq(invitations.organizationId, organization.id), eq(invitations.email, old.email)),
      limit: INVITATION_RESEND_LIMIT,
      now,
    });
    if (wait !== null) {
      throw new TooManyAttemptsError(`${old.email} has been sent ${INVITATION_RESEND_LIMIT.max} invitations to ${organization.legalName} in the last ${INVITATION_RESEND_LIMIT.window}. Try again in ${waitWords(wait)}, or check the address with them.`, wait);
    }
    // Conditional: an invitation accepted or withdrawn meanwhile is not sent again.
    const [withdrawn] = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.id, old.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    if (!withdrawn) throw new ConflictError(old.acceptedAt ? `${old.email} has already accepted this invitation.` : 'This invitation was withdrawn; invite the address again instead.');
    const { invitation, token } = await issueInvitation(tx, { ctx, organization, inviter: actor, email: old.email, now });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'invitation.resend',
      entityType: 'organization',
      entityId: organization.id,
      before: { invitationId: old.id, email: old.email, expiresAt: old.expiresAt.toISOString() },
      after: { invitationId: invitation.id, email: invitation.email, expiresAt: invitation.expiresAt.toISOString() },
      at: now,
    });
    return { invitation, token, replaced: old };
  });
}
