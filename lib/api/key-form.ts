import { formText, type FormState } from '@/lib/forms';
import { formatDateTime, type TimeZone } from '@/lib/format/dates';
import type { ApiKey } from '@/db/schema';

/*
 * What the forms that make a key send (the portal's and the staff workspace's), and what they show
 * back: the token once, and on a refusal the scopes that were ticked (a FormState keeps one text
 * per field, so they travel as one space-separated value).
 */

/** The scopes a form ticked: the checkboxes named `scopes`, one value each. */
export function chosenScopes(formData: FormData): string[] {
  return formData.getAll('scopes').filter((value): value is string => typeof value === 'string');
}

/** The fields every key has, as the verbs take them. */
export function keyFormInput(formData: FormData) {
  return { name: formText(formData, 'name'), scopes: chosenScopes(formData), expiresOn: formText(formData, 'expiresOn') };
}

/** A refusal keeps what was typed; this adds what was ticked. */
export function keepingScopes(state: FormState, formData: FormData): FormState {
  return state.values ? { ...state, values: { ...state.values, scopes: chosenScopes(formData).join(' ') } } : state;
}

/** The answer to a key made: its token, shown this once, and what it is. */
export function keyMadeState(key: ApiKey, token: string, zone: TimeZone | null | undefined): FormState {
  const until = key.expiresAt ? `It works until ${formatDateTime(key.expiresAt, zone)}.` : 'It does not expire; revoke it when it is no longer needed.';
  return {
    success: `API key “${key.name}” is made. ${until} Copy its token below now: it is shown this once and cannot be shown again.`,
    secret: token,
    secretLabel: 'API key token (shown once)',
  };
}
