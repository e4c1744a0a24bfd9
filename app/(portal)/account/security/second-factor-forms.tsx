'use client';

import Link from '@/components/link';
import { useRouter } from 'next/navigation';
import { useActionState, useState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { confirmSecondFactorAction, disableSecondFactorAction, regenerateRecoveryCodesAction, startSecondFactorAction } from './actions';

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
  if (state?.recoveryCodes) return <RecoveryCodesShownOnce success={state.success} recoveryCodes={state.recoveryCodes} />;
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

/**
 * New recovery codes, in place of the earlier ones. Once the person says they are saved, the form
 * starts afresh (a new key) and the page's count is read again: the codes are not shown twice.
 */
export function RegenerateRecoveryCodesForm() {
  const router = useRouter();
  const [round, setRound] = useState(0);
  return (
    <RegenerateRecoveryCodes
      key={round}
      onSaved={() => {
        setRound((n) => n + 1);
        router.refresh();
      }}
    />
  );
}

function RegenerateRecoveryCodes({ onSaved }: { onSaved: () => void }) {
  const [state, action, pending] = useActionState(regenerateRecoveryCodesAction, undefined);
  if (state?.recoveryCodes) return <RecoveryCodesShownOnce success={state.success} recoveryCodes={state.recoveryCodes} onSaved={onSaved} />;
  return (
    <form action={action} noValidate aria-labelledby="recovery-codes-heading">
      <h3 id="recovery-codes-heading" className="mt-0">
        New recovery codes
      </h3>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <TextField
        name="proof"
        label="Current code or password"
        type="password"
        autoComplete="off"
        hint="Used up your codes, or think someone saw them? Make ten new ones: your earlier codes stop working at once. Enter the current code from your app, or your password."
        state={state}
        idPrefix="recovery-codes"
      />
      <button type="submit" className="btn-secondary" disabled={pending}>
        Make new recovery codes
      </button>
    </form>
  );
}

/** `onSaved`: a button that hides the codes in place; without it, a link that reloads the page (which shows them no more). */
function RecoveryCodesShownOnce({ success, recoveryCodes, onSaved }: { success?: string; recoveryCodes: string[]; onSaved?: () => void }) {
  return (
    <div role="status" className="rounded-md border border-green-300 bg-green-50 p-4">
      <p className="mb-2 font-medium">{success}</p>
      <p className="mb-2">
        Keep these recovery codes somewhere safe, apart from your phone. Each works once, in place of a code, if you lose your phone. They are shown only now.
      </p>
      <ul data-testid="recovery-codes" className="mb-4 grid grid-cols-2 gap-1 font-mono">
        {recoveryCodes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      {onSaved ? (
        <button type="button" className="btn" onClick={onSaved}>
          I have saved my recovery codes
        </button>
      ) : (
        <Link href="/account/security" className="btn">
          I have saved my recovery codes
        </Link>
      )}
    </div>
  );
}
