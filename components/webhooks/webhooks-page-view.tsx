import type { ReactNode } from 'react';
import type { FormState } from '@/lib/forms';
import type { WebhooksView } from '@/lib/services/webhooks/read-webhooks';
import { WEBHOOK_EVENT_LABELS } from '@/lib/webhooks/endpoint-form';
import { WebhookEndpointForm } from './endpoint-form';
import { WebhookEndpointList } from './endpoint-list';
import { WebhookDeliveryLog } from './delivery-log';

/*
 * A webhooks page (issue #17), the same for an organization's endpoints (the portal) and a relying
 * party's (the staff workspace): who the endpoints are for and what may be done, the form that
 * registers one for those who may act, the endpoints, and the delivery log of the one opened.
 * The pages say whose endpoints they are and pass their own server actions.
 */

type Action = (previous: FormState | undefined, formData: FormData) => Promise<FormState>;

type Props = {
  view: WebhooksView;
  /** The page's address: an endpoint's log is this address with `?endpoint=`. */
  path: string;
  /** Hidden fields naming whose endpoints they are (`organizationId` or `keyId`), sent with every action. */
  owner: Record<string, string>;
  /** The page's server actions; offered only when the view says the reader may act (`canManage`). */
  actions: { create: Action; remove: Action; enable: Action; resend: Action };
  /** A relying party's endpoint may follow some seals only. */
  withSealFilter?: boolean;
  /** The trail of links above the heading. */
  breadcrumb: ReactNode;
  heading: ReactNode;
  /** What the endpoints receive and who may change them, in the owner's words. */
  intro: ReactNode;
  /** A notice of the owner's own, above the others (a revoked key's). */
  notice?: ReactNode;
  /** An endpoint was deleted just before (`?deleted=1`: its card, where the answer would show, is gone). */
  deleted: boolean;
};

export function WebhooksPageView({ view, path, owner, actions, withSealFilter = false, breadcrumb, heading, intro, notice, deleted }: Props) {
  const logHref = (endpointId: string) => `${path}?endpoint=${endpointId}#delivery-log-heading`;
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">{breadcrumb}</p>
      <h1>{heading}</h1>
      <p className="max-w-3xl text-sm text-slate-700">{intro}</p>
      {notice}
      {deleted && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm">
          The endpoint is deleted: no more events are sent to it.
        </p>
      )}
      {view.canManage && <WebhookEndpointForm action={actions.create} owner={owner} eventTypes={view.eventTypes.map((value) => ({ value, label: WEBHOOK_EVENT_LABELS[value] }))} withSealFilter={withSealFilter} />}
      <section aria-labelledby="endpoints-heading" className="space-y-3">
        <h2 id="endpoints-heading">Endpoints</h2>
        {view.endpoints.length === 0 ? (
          <p data-testid="webhooks-empty">No endpoints yet.</p>
        ) : (
          <WebhookEndpointList endpoints={view.endpoints} owner={owner} actions={view.canManage ? { remove: actions.remove, enable: actions.enable } : undefined} selectedId={view.selected?.id ?? null} logHref={logHref} />
        )}
      </section>
      {view.missingEndpoint && <p role="status">That endpoint no longer exists: it was deleted.</p>}
      {view.selected && view.deliveries && (
        <WebhookDeliveryLog
          endpoint={view.selected}
          deliveries={view.deliveries}
          owner={owner}
          resend={view.canManage ? actions.resend : undefined}
          pageHref={(cursor) => `${path}?endpoint=${view.selected!.id}&${new URLSearchParams(cursor).toString()}`}
        />
      )}
    </div>
  );
}
