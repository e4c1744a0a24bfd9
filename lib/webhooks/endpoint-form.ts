import type { WebhookEndpoint, WebhookEventType } from '@/db/schema';
import { formText, type FormState } from '@/lib/forms';

/*
 * What the forms that register a webhook endpoint send (the portal's and the staff workspace's),
 * and what they show back: the signing secret once, and on a refusal the event types that were
 * ticked (a FormState keeps one text per field, so they travel as one space-separated value).
 */

/** The event types as people read them, in the order the forms list them. */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'seal.status_changed': 'A seal’s status changes: suspended, reinstated, revoked or expired, or its public reason is changed',
  'seal.issued': 'A seal is issued',
  'seal.renewed': 'A seal is renewed',
  'seal.expired': 'A seal expires',
  'case.opened': 'A case is opened about the organization (a complaint taken up, or an investigation)',
  'case.decided': 'A case about the organization is decided',
  'log.checkpoint_published': 'The public transparency log publishes a new signed checkpoint',
};

function chosenEventTypes(formData: FormData): string[] {
  return formData.getAll('eventTypes').filter((value): value is string => typeof value === 'string');
}

/** Seal ids typed one per line (commas and spaces also separate them); none typed: every seal. */
function sealFilter(formData: FormData): string[] | undefined {
  const ids = (formText(formData, 'sealIds') ?? '').split(/[\s,;]+/).filter(Boolean);
  return ids.length > 0 ? ids : undefined;
}

/** The endpoint's fields, as createWebhookEndpoint takes them; the seal filter only where the form offers one. */
export function endpointFormInput(formData: FormData, { withSealFilter }: { withSealFilter: boolean }) {
  return {
    url: (formText(formData, 'url') ?? '').trim(),
    description: formText(formData, 'description'),
    eventTypes: chosenEventTypes(formData),
    ...(withSealFilter ? { sealIds: sealFilter(formData) } : {}),
  };
}

/** A refusal keeps what was typed; this adds what was ticked. */
export function keepingEventTypes(state: FormState, formData: FormData): FormState {
  return state.values ? { ...state, values: { ...state.values, eventTypes: chosenEventTypes(formData).join(' ') } } : state;
}

/** The answer to an endpoint registered: its signing secret, shown this once. */
export function endpointMadeState(endpoint: WebhookEndpoint, secret: string): FormState {
  return {
    success: `Registered: ${endpoint.url} will receive ${endpoint.eventTypes.length === 1 ? 'this event' : `these ${endpoint.eventTypes.length} events`} from now on. Copy its signing secret below now: it is shown this once.`,
    secret,
    secretLabel: 'Signing secret (shown once)',
  };
}
