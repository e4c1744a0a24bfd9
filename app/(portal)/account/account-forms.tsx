'use client';

import { useActionState } from 'react';
import { fieldErrorsFor, FormMessage, TextField } from '@/components/form-fields';
import { FOLLOW_BROWSER } from '@/lib/format/dates';
import { changeNameAction, changePasswordAction, changeTimeZoneAction, requestEmailChangeAction } from './actions';

export function ChangeNameForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState(changeNameAction, undefined);
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <TextField name="name" label="Your name" autoComplete="name" state={state} defaultValue={name} idPrefix="name" />
      <button type="submit" className="btn" disabled={pending}>
        Save name
      </button>
    </form>
  );
}

export function ChangeEmailForm() {
  const [state, action, pending] = useActionState(requestEmailChangeAction, undefined);
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <TextField name="email" label="New email address" type="email" autoComplete="email" state={state} idPrefix="email" />
      <TextField name="currentPassword" label="Current password" type="password" autoComplete="current-password" state={state} idPrefix="email" />
      <button type="submit" className="btn" disabled={pending}>
        Send a confirmation link
      </button>
    </form>
  );
}

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, undefined);
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <TextField name="currentPassword" label="Current password" type="password" autoComplete="current-password" state={state} idPrefix="password" />
      <TextField
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters. Changing it signs you out on every other device."
        state={state}
        idPrefix="password"
      />
      <button type="submit" className="btn" disabled={pending}>
        Change password
      </button>
    </form>
  );
}

/**
 * Where dates are written for this account: the browser's zone (kept up to date by
 * components/time-zone-sync.tsx) unless the user picks one here.
 */
export function TimeZoneForm({ timeZone, chosen, choices }: { timeZone: string | null; chosen: boolean; choices: string[] }) {
  const [state, action, pending] = useActionState(changeTimeZoneAction, undefined);
  const selected = state?.values?.timeZone ?? (chosen && timeZone ? timeZone : FOLLOW_BROWSER);
  const errors = fieldErrorsFor(state, 'timeZone');
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="source" value="account" />
      <div className="mb-4">
        <label htmlFor="time-zone" className="field-label">
          Time zone
        </label>
        <p id="time-zone-hint" className="mb-1 text-sm text-slate-600">
          Dates and times on every page and in your mail are written in this zone, with its name.
        </p>
        <select
          key={selected}
          id="time-zone"
          name="timeZone"
          className="field-input"
          defaultValue={selected}
          aria-describedby={errors ? 'time-zone-hint time-zone-error' : 'time-zone-hint'}
          aria-invalid={errors ? true : undefined}
        >
          <option value={FOLLOW_BROWSER}>Follow my browser{!chosen && timeZone ? ` (now ${timeZone})` : ''}</option>
          {choices.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        {errors && (
          <p id="time-zone-error" className="field-error">
            {errors.join(' ')}
          </p>
        )}
      </div>
      <button type="submit" className="btn" disabled={pending}>
        Save time zone
      </button>
    </form>
  );
}
