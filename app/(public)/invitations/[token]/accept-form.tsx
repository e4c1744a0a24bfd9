'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-fields';
import { acceptInvitationAction } from '@/app/(portal)/portal/actions';

export function AcceptInvitationForm({ token, signedInAs }: { token: string; signedInAs: string }) {
  const [state, action, pending] = useActionState(acceptInvitationAction, undefined);
  return (
    <form action={action}>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <p className="mb-3 text-sm">You are signed in as {signedInAs}.</p>
      <button type="submit" className="btn" disabled={pending}>
        Accept the invitation
      </button>
    </form>
  );
}
