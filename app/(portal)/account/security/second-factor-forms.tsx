'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { confirmSecondFactorAction, disableSecondFactorAction, startSecondFactorAction } from './actions';

export function StartSecondFactorForm() {
  const [state, action, pending] = useActionState(startSecondFactorAction, undefined);
  return (
    <form action={action}>
      <FormMessage state={state} />
      <button type="submit" className="btn" disabled={pending}>
        Set up two-factor sign-in
      </button>
    </form>
  );
}

export function ConfirmSecondFactorForm() {
  const [state, action, pending] = useActionState(confirmSecondFactorAction, undefined);
  if (state?.recoveryCodes) {
    return (
      <div role="status" className="rounded-md border border-green-300 bg-green-50 p-4">
        <p className="mb-2 font-medium">{state.success}</p>
        <p className="mb-2">
          Keep these recovery codes somewhere safe, apart from your phone. Each works once, in place of a code, if you lose your phone. They are shown only now.
        </p>
        <ul data-testid="recovery-codes" className="mb-4 grid grid-cols-2 gap-1 font-mono">
          {state.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <Link href="/account/security" className="btn">
          I have saved my recovery codes
        </Link>
      </div>
    );
  }
  return (
    <form action={action} noValidate>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <TextField name="code" label="Code from the app" autoComplete="one-time-code" state={state} />
      <button type="submit" className="btn" disabled={pending}>
        Switch on
      </button>
    </form>
  );
}

export function DisableSecondFactorForm() {
  const [state, action, pending] = useActionState(disableSecondFactorAction, undefined);
  return (
    <form action={action} noValidate>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <TextField
        name="proof"
        label="Current code or password"
        type="password"
        autoComplete="off"
        hint="To switch two-factor sign-in off, enter a code from your app, a recovery code, or your password."
        state={state}
      />
      <button type="submit" className="btn-secondary" disabled={pending}>
        Switch off
      </button>
    </form>
  );
}
