import Link from '@/components/link';
import { ActionButton } from '@/components/action-button';
import { DateTime } from '@/components/date-time';
import type { FormState } from '@/lib/forms';
import { WEBHOOK_EVENT_LABELS } from '@/lib/webhooks/endpoint-form';
import type { WebhookEndpointView } from '@/lib/services/webhooks/read-webhooks';

/*
 * A list of webhook endpoints as people read them (issue #17): where events go, which ones, since
 * when, and whether they still go — failing since when, or disabled and why. Owners (or, for a
 * relying party, the admins) delete an endpoint or enable a disabled one; everyone who may read
 * opens its delivery log.
 */

type Action = (previous: FormState | undefined, formData: FormData) => Promise<FormState>;

type Props = {
  endpoints: WebhookEndpointView[];
  /** Hidden fields naming whose endpoints they are (`organizationId` or `keyId`). */
  owner: Record<string, string>;
  /** Absent: a read-only list. */
  actions?: { remove: Action; enable: Action };
  selectedId: string | null;
  logHref: (endpointId: string) => string;
};

async function EndpointState({ endpoint }: { endpoint: WebhookEndpointView }) {
  if (endpoint.disabledAt) {
    return (
      <span className="text-red-900">
        Disabled on <DateTime value={endpoint.disabledAt} />
        {endpoint.disabledReason && `: ${endpoint.disabledReason}`} Nothing is sent to it until it is enabled again.
      </span>
    );
  }
  if (endpoint.failingSince) {
    return (
      <span className="text-amber-900">
        Failing since <DateTime value={endpoint.failingSince} />: every delivery since then has failed. After 24 hours of failures it is disabled.
      </span>
    );
  }
  return <span className="text-green-900">Active</span>;
}

export function WebhookEndpointList({ endpoints, owner, actions, selectedId, logHref }: Props) {
  return (
    <ul className="space-y-3" aria-label="Endpoints, newest first">
      {endpoints.map((endpoint) => {
        const headingId = `webhook-endpoint-${endpoint.id}`;
        return (
          <li key={endpoint.id} className="card" aria-labelledby={headingId} data-testid="webhook-endpoint">
            <h3 id={headingId} className="mt-0 break-all font-mono text-base">
              {endpoint.url}
            </h3>
            {endpoint.description && <p className="text-sm text-slate-700">{endpoint.description}</p>}
            <dl className="mt-2 grid grid-cols-[9rem_1fr] gap-1 text-sm">
              <dt className="font-medium">Events</dt>
              <dd>
                <ul>
                  {endpoint.eventTypes.map((type) => (
                    <li key={type}>
                      {WEBHOOK_EVENT_LABELS[type]} <code className="text-xs text-slate-600">{type}</code>
                    </li>
                  ))}
                </ul>
              </dd>
              {'keyId' in owner && (
                <>
                  <dt className="font-medium">Seals</dt>
                  <dd>{endpoint.sealIds ? endpoint.sealIds.join(', ') : 'Every seal'}</dd>
                </>
              )}
              <dt className="font-medium">Registered</dt>
              <dd>
                <DateTime value={endpoint.createdAt} /> by {endpoint.createdByName}
              </dd>
              <dt className="font-medium">Status</dt>
              <dd data-testid="webhook-endpoint-state">
                <EndpointState endpoint={endpoint} />
              </dd>
            </dl>
            <div className="mt-3 flex flex-wrap items-center gap-3">
              {selectedId === endpoint.id ? (
                <span className="text-sm font-medium">Its delivery log is shown below.</span>
              ) : (
                <Link href={logHref(endpoint.id)} aria-label={`Delivery log of ${endpoint.url}`}>
                  Delivery log
                </Link>
              )}
              {actions && endpoint.disabledAt && <ActionButton action={actions.enable} fields={{ ...owner, endpointId: endpoint.id }} label="Enable" className="btn" ariaLabel={`Enable the endpoint ${endpoint.url}`} />}
              {actions && (
                <ActionButton
                  action={actions.remove}
                  fields={{ ...owner, endpointId: endpoint.id }}
                  label="Delete"
                  className="btn-danger"
                  ariaLabel={`Delete the endpoint ${endpoint.url}`}
                  confirm={`Delete the endpoint ${endpoint.url}?`}
                  confirmDetail="No more events are sent to it, and its delivery log is deleted with it. To receive events there again, register it anew (with a new secret)."
                />
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
