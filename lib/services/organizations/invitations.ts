import crypto from 'node:crypto';
import { z } from 'zod';
import { and, eq, gt, gte, isNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { invitations, memberships, organizations, users } from '@/db/schema';
import { requireRole, type Actor } from '@/lib/auth/actor';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';
import { sendMail } from '@/lib/notifications/notify';
import { absoluteLink } from '@/lib/notifications/mail-text';
import { MAIL_SECRET_PLACEHOLDER } from '@/lib/notifications/mail-secret';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { emailField } from '../users/fields';
import { requireMembership } from './membership';
import { isEmailVerified } from '../users/email-verification';
import { deferredDates, formatDateTime } from '@/lib/format/dates';

export const INVITATION_VALIDITY_DAYS = 7;

export function hashInvitationToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

const InviteInput = z.object({ organizationId: z.string(), email: emailField });

/**
 * An owner invites a colleague by email. The link carries a random token of 256 bits; only its
 * hash is stored on the invitation. Returns the token once (for the owner to copy) and mails the
 * link. The link is a bearer secret for its address: the stored mail keeps it apart from the body
 * only until it is sent (lib/notifications/mail-secret.ts), and the outbox never shows it.
 */
export async function inviteMember({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(InviteInput, input);
  const { actor, organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId, 'owner');
  const now = nowDate(ctx.clock);

  const [existingMember] = await ctx.db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organization.id), sql`lower(${users.email}) = ${data.email}`))
    .limit(1);
  if (existingMember) throw new ConflictError(`${data.email} is already a member of ${organization.legalName}.`);

  const invitation = await ctx.db.transaction(async (tx) => {
    const { invitation: row, token } = await issueInvitation(tx, { ctx, organization, inviter: actor, email: data.email, now });
    await recordAudit(tx, { actorId: actor.id, action: 'invitation.create', entityType: 'organization', entityId: organization.id, after: { invitationId: row.id, email: data.email, expiresAt: row.expiresAt.toISOString() }, at: now });
    return { row, token };
  });
  return { invitation: invitation.row, token: invitation.token };
}

/**
 * Writes a new invitation for `email` with a fresh token (only its hash is stored) and mails its
 * link, in the caller's transaction; the caller writes the audit event. Returns the token once.
 */
export async function issueInvitation(
  tx: Executor,
  { ctx, organization, inviter, email, now }: { ctx: ServiceContext; organization: { id: string; legalName: string }; inviter: Actor; email: string; now: Date },
) {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITATION_VALIDITY_DAYS * 24 * 60 * 60 * 1000);
  const [invitation] = await tx
    .insert(invitations)
    .values({ organizationId: organization.id, email, tokenSha256: hashInvitationToken(token), invitedById: inviter.id, expiresAt, createdAt: now })
    .returning();
  await sendMail(tx, { jobs: ctx.jobs, now }, {
    to: email,
    subject: `Invitation to join ${organization.legalName} on OpenSeal`,
    body: [
      `${inviter.name} invites you to join ${organization.legalName} on OpenSeal, where it applies for trust seals for its websites.`,
      `Open it here: ${MAIL_SECRET_PLACEHOLDER}`,
      `The invitation works once, for ${email}, until ${deferredDates.dateTime(expiresAt)}. Sign in (or sign up) with this address to accept it. If you did not expect it, ignore this mail.`,
    ].join('\n\n'),
    secret: absoluteLink(`/invitations/${token}`),
    organizationId: organization.id,
  });
  return { invitation: invitation!, token };
}

const TokenInput = z.object({ token: z.string().min(20, 'This invitation link is incomplete.').max(100) });

const newer = alias(invitations, 'newer_invitations');

/**
 * What the invitation page shows before accepting; null for a token that matches nothing.
 * `replaced`: the invitation was withdrawn when a newer one went to the same address (a resend).
 */
export async function findInvitation(ctx: ServiceContext, token: string) {
  const [row] = await ctx.db
    .select({
      invitation: invitations,
      organizationName: organizations.legalName,
      replaced: sql<boolean>`exists (${ctx.db
        .select({ one: sql`1` })
        .from(newer)
        .where(and(eq(newer.organizationId, invitations.organizationId), eq(newer.email, invitations.email), ne(newer.id, invitations.id), gte(newer.createdAt, invitations.revokedAt)))})`,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(eq(invitations.tokenSha256, hashInvitationToken(token)))
    .limit(1);
  return row ?? null;
}

export async function acceptInvitation({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'applicant');
  const { token } = parseInput(TokenInput, input);
  const now = nowDate(ctx.clock);
  const found = await findInvitation(ctx, token);
  if (!found) throw new NotFoundError('This invitation link is not valid. Ask the person who invited you for a new one.');
  const { invitation, organizationName } = found;
  if (invitation.revokedAt) throw new ConflictError(invitationWithdrawnMessage(found));
  if (invitation.acceptedAt) throw new ConflictError('This invitation has already been used.');
  if (invitation.expiresAt <= now) throw new ConflictError(`This invitation expired on ${formatDateTime(invitation.expiresAt, ctx.actor?.timeZone)}. Ask the organization’s owner for a new one.`);
  if (invitation.email !== actor.email.toLowerCase()) {
    throw new ValidationError(`This invitation was sent to ${invitation.email}. Sign in with that address to accept it (you are signed in as ${actor.email}).`);
  }
  // The invitation is for whoever reads that mailbox: the account must have proven it reads it.
  if (!(await isEmailVerified(ctx.db, actor.id))) {
    throw new ForbiddenError(`Verify your email address before you accept this invitation: open the link we mailed to ${actor.email}, or ask for a new one from the notice at the top of the page.`);
  }

  return ctx.db.transaction(async (tx) => {
    // Conditional: of two tabs accepting at once, one wins; an expiry in between is honoured.
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedById: actor.id })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
      .returning();
    if (!claimed) throw new ConflictError('This invitation is no longer valid.');
    const [member] = await tx
      .insert(memberships)
      .values({ organizationId: invitation.organizationId, userId: actor.id, role: 'member', createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!member) throw new ConflictError(`You are already a member of ${organizationName}.`);
    await recordAudit(tx, { actorId: actor.id, action: 'membership.join', entityType: 'organization', entityId: invitation.organizationId, after: { userId: actor.id, role: 'member', invitationId: invitation.id }, at: now });
    return { organizationId: invitation.organizationId, organizationName };
  });
}

/** Why a withdrawn invitation's link no longer works, and what to do. */
export function invitationWithdrawnMessage({ invitation, replaced }: { invitation: { email: string }; replaced: boolean }): string {
  return replaced
    ? `This link was replaced by a newer invitation, mailed to ${invitation.email}. Use the link in the most recent mail.`
    : 'This invitation was withdrawn. Ask the organization’s owner for a new one.';
}

const RevokeInput = z.object({ organizationId: z.string(), invitationId: z.uuid({ message: 'Unknown invitation.' }) });

export async function revokeInvitation({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(RevokeInput, input);
  const { actor, organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId, 'owner');
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.id, data.invitationId), eq(invitations.organizationId, organization.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    if (!row) throw new ConflictError('This invitation was already used or withdrawn.');
    await recordAudit(tx, { actorId: actor.id, action: 'invitation.revoke', entityType: 'organization', entityId: organization.id, after: { invitationId: row.id, email: row.email }, at: now });
    return row;
  });
}
