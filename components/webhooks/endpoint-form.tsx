'use client';

import Link from '@/components/link';
import { useActionState } from 'react';
import { fieldErrorsFor, TextField } from '@/components/form-fields';
import { SecretShownOnceAnswer } from '@/components/secret-shown-once';
import type { FormState } from '@/lib/forms';

/*
 * The form that registers a webhook endpoint (the portal's, for an organization; the staff
 * workspace's, for a relying party): the https address, what it is, the events it wants as
 * checkboxes; for a relying party, optionally the seals it follows. The signing secret appears
 * above it, once, with how to check a delivery with it.
 */

export type EventTypeOption = { value: string; label: string };

type Props = {
  action: (previous: FormState | undefined, formData: FormData) => Promise<FormState>;
  /** Whose endpoint it is: `organizationId` or `keyId`, sent as hidden fields. */
  owner: Record<string, string>;
  eventTypes: EventTypeOption[];
  /** A relying party's endpoint may follow some seals only. */
  withSealFilter?: boolean;
};

/** The form's answer; an endpoint registered comes with its secret, to copy now, and how a receiver checks a delivery with it (Standard Webhooks). */
function EndpointFormAnswer({ state }: { state: FormState | undefined }) {
  return (
    <SecretShownOnceAnswer
      state={state}
      testId="webhook-secret"
      label="Signing secret (shown once)"
      rows={1}
      copyNow="Copy this secret now and keep it with your receiver."
      ifLost="It will not be shown again. If it is lost, delete the endpoint and register it again."
    >
      <p>
        Every delivery is signed as <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> says: check that <code>webhook-signature</code> holds <code>v1,</code> followed by the base64 HMAC-SHA256 of{' '}
        <code>webhook-id.webhook-timestamp.body</code>, keyed with the base64-decoded part of the secret after <code>whsec_</code>, and that the timestamp is recent. The{' '}
        <Link href="/developers/api#tag-webhooks">API reference</Link> has the payloads and a verification example.
      </p>
    </SecretShownOnceAnswer>
  );
}

export function WebhookEndpointForm({ action, owner, eventTypes, withSealFilter = false }: Props) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const typeErrors = fieldErrorsFor(state, 'eventTypes');
  // A fresh form asks for status changes, what most subscribers want; a refused one keeps what was ticked.
  const ticked = new Set(state?.values ? (state.values.eventTypes ?? '').split(' ').filter(Boolean) : ['seal.status_changed']);
  return (
    <form action={formAction} noValidate aria-labelledby="new-webhook-heading" className="card max-w-2xl">
      <h2 id="new-webhook-heading" className="mt-0">
        Register an endpoint
      </h2>
      <EndpointFormAnswer state={state} />
      {Object.entries(owner).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextField name="url" label="Address of your receiver" hint="The full https address that OpenSeal will POST each event to, e.g. https://example.org/openseal-events." state={state} idPrefix="webhook" />
      <TextField name="description" label="Description (optional)" hint="What receives the events, so you recognise the endpoint later." required={false} state={state} idPrefix="webhook" />
      <fieldset className="mb-4" aria-describedby={typeErrors ? 'webhook-event-types-error' : undefined}>
        <legend className="field-label">Events to send</legend>
        <div className="space-y-1">
          {eventTypes.map((option) => {
            const id = `webhook-event-${option.value.replace(/[^a-z0-9]+/gi, '-')}`;
            return (
              <div key={option.value} className="flex items-start gap-2">
                <input id={id} type="checkbox" name="eventTypes" value={option.value} defaultChecked={ticked.has(option.value)} aria-invalid={typeErrors ? true : undefined} className="mt-1 h-4 w-4" />
                <label htmlFor={id}>
                  {option.label} <code className="text-xs text-slate-600">{option.value}</code>
                </label>
              </div>
            );
          })}
        </div>
        {typeErrors && (
          <p id="webhook-event-types-error" className="field-error">
            {typeErrors.join(' ')}
          </p>
        )}
      </fieldset>
      {withSealFilter && (
        <TextField
          name="sealIds"
          label="Only these seals (optional)"
          hint="Seal ids such as OS-7KQ4-M2XP, one per line. Leave it empty to hear of every seal; the log’s checkpoints are sent only to endpoints without a list."
          required={false}
          rows={4}
          state={state}
          idPrefix="webhook"
        />
      )}
      <button type="submit" className="btn" disabled={pending}>
        Register endpoint
      </button>
    </form>
  );
}
