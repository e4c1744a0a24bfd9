'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { addSiteAction, inviteMemberAction } from '../../actions';

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
