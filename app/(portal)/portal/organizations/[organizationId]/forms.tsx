'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { ActionButton } from '@/components/action-button';
import { addSiteAction, inviteMemberAction, organizationMemberAction, resendInvitationAction } from '../../actions';

export function AddSiteForm({ organizationId }: { organizationId: string }) {
  const [state, action, pending] = useActionState(addSiteAction, undefined);
  return (
    <form action={action} noValidate className="max-w-lg">
      <FormMessage state={state} />
      <input type="hidden" name="organizationId" value={organizationId} />
      <TextField name="domain" label="Domain" hint="e.g. toysmart.example — www. is covered automatically; other subdomains are separate sites." state={state} />
      <button type="submit" className="btn" disabled={pending}>
        Add site
      </button>
    </form>
  );
}

export function InviteForm({ organizationId }: { organizationId: string }) {
  const [state, action, pending] = useActionState(inviteMemberAction, undefined);
  return (
    <form action={action} noValidate className="max-w-lg">
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="organizationId" value={organizationId} />
      <TextField name="email" label="Colleague’s email address" type="email" state={state} />
      <button type="submit" className="btn" disabled={pending}>
        Create invitation
      </button>
    </form>
  );
}

type PendingInvitation = { id: string; email: string; expiresAt: string; expired: boolean };

/**
 * The owner's pending invitations, each with "Send again" and "Withdraw". The outcome of a resend
 * (with the new link, shown once) is said above the list: the list itself changes under it, since
 * the resent invitation is replaced by a new one.
 */
export function PendingInvitations({ organizationId, invitations }: { organizationId: string; invitations: PendingInvitation[] }) {
  const [state, resend, pending] = useActionState(resendInvitationAction, undefined);
  if (invitations.length === 0 && !state) return null;
  return (
    <div data-testid="pending-invitations">
      <h3 className="mt-4 font-semibold">Pending invitations</h3>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <ul className="text-sm">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="flex flex-wrap items-center gap-3 py-1" data-testid={`invitation-${invitation.email}`}>
            {invitation.email} — {invitation.expired ? 'expired' : 'expires'} {invitation.expiresAt}
            <form action={resend} className="inline-flex">
              <input type="hidden" name="organizationId" value={organizationId} />
              <input type="hidden" name="invitationId" value={invitation.id} />
              <button type="submit" className="btn-secondary" disabled={pending} aria-label={`Send the invitation of ${invitation.email} again`}>
                Send again
              </button>
            </form>
            <ActionButton action={organizationMemberAction} fields={{ intent: 'revoke-invitation', organizationId, invitationId: invitation.id }} label="Withdraw" ariaLabel={`Withdraw the invitation of ${invitation.email}`} />
          </li>
        ))}
      </ul>
    </div>
  );
}
