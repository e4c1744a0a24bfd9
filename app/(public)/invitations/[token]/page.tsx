import type { Metadata } from 'next';
import Link from '@/components/link';
import { getActor, getServiceContext } from '@/lib/auth/session';
import { findInvitation, invitationWithdrawnMessage } from '@/lib/services/organizations/invitations';
import { nowDate } from '@/lib/clock';
import { AcceptInvitationForm } from './accept-form';
import { viewerTimeZone } from '@/components/date-time';
import { formatDateTime } from '@/lib/format/dates';

export const metadata: Metadata = { title: 'Invitation' };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const ctx = await getServiceContext();
  const found = token.length >= 20 && token.length <= 100 ? await findInvitation(ctx, token) : null;
  const actor = await getActor();
  const here = `/invitations/${token}`;

  if (!found) {
    return (
      <div className="card mx-auto max-w-lg">
        <h1>Invitation not found</h1>
        <p>This invitation link is not valid. Check that you copied all of it, or ask the person who invited you for a new one.</p>
      </div>
    );
  }
  const { invitation, organizationName } = found;
  const askOwner = 'Ask the organization’s owner for a new invitation.';
  const problem = invitation.revokedAt
    ? invitationWithdrawnMessage(found)
    : invitation.acceptedAt
      ? `This invitation has already been used. ${askOwner}`
      : invitation.expiresAt <= nowDate(ctx.clock)
        ? `This invitation expired on ${formatDateTime(invitation.expiresAt, await viewerTimeZone())}. ${askOwner}`
        : null;

  return (
    <div className="card mx-auto max-w-lg">
      <h1>Join {organizationName}</h1>
      <p className="mb-4">
        You are invited to join <strong>{organizationName}</strong> on OpenSeal as a member. The invitation is for <strong>{invitation.email}</strong>.
      </p>
      {problem ? (
        <p role="alert">{problem}</p>
      ) : actor ? (
        <AcceptInvitationForm token={token} signedInAs={actor.email} />
      ) : (
        <p>
          To accept, <Link href={`/login?next=${encodeURIComponent(here)}`}>sign in</Link> with {invitation.email}, or{' '}
          <Link href={`/signup?next=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`}>create an account</Link> with that address.
        </p>
      )}
    </div>
  );
}
