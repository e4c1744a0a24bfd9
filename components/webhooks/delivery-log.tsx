import Link from '@/components/link';
import { ActionButton } from '@/components/action-button';
import { DateTime } from '@/components/date-time';
import type { FormState } from '@/lib/forms';
import type { WebhookDeliveryView, WebhookEndpointView, WebhooksView } from '@/lib/services/webhooks/read-webhooks';

/*
 * An endpoint's delivery log (issue #17): each event sent to it, newest first — what it was about,
 * whether it arrived, after how many attempts, what the receiver answered last, and when the next
 * attempt is due. A delivery that arrived or gave up may be sent again ("Resend": a new delivery
 * of the same event, with a new message id).
 */

type Action = (previous: FormState | undefined, formData: FormData) => Promise<FormState>;

type Props = {
  endpoint: WebhookEndpointView;
  deliveries: NonNullable<WebhooksView['deliveries']>;
  owner: Record<string, string>;
  /** Absent: read only. */
  resend?: Action;
  /** The log's address with a cursor: `{ after }` for older deliveries, `{ before }` for newer ones. */
  pageHref: (cursor: { after: string } | { before: string }) => string;
};

async function DeliveryState({ delivery }: { delivery: WebhookDeliveryView }) {
  if (delivery.status === 'delivered' && delivery.deliveredAt) {
    return (
      <span className="text-green-900">
        Delivered <DateTime value={delivery.deliveredAt} />
      </span>
    );
  }
  if (delivery.status === 'failed') return <span className="text-red-900">Failed: no more attempts</span>;
  return <span className="text-amber-900">{delivery.attempts === 0 ? 'Sending' : 'Failed, will retry'}</span>;
}

export function WebhookDeliveryLog({ endpoint, deliveries, owner, resend, pageHref }: Props) {
  const canResend = !!resend && !endpoint.disabledAt;
  return (
    <section aria-labelledby="delivery-log-heading" className="space-y-3">
      <h2 id="delivery-log-heading">Delivery log</h2>
      <p className="max-w-3xl text-sm text-slate-700">
        Every event sent to <code className="break-all">{endpoint.url}</code>, newest first. A delivery is tried again 30 seconds after a failure, then at doubling intervals for 24 hours; the log reaches back a month.
        {resend && endpoint.disabledAt ? ' Enable the endpoint to send events again.' : ''}
      </p>
      {deliveries.rows.length === 0 ? (
        <p data-testid="webhook-deliveries-empty">Nothing sent to this endpoint yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <caption className="mb-2 text-left font-semibold">Deliveries to {endpoint.url}</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left [&>th]:pr-3">
                <th scope="col" className="py-2">Event</th>
                <th scope="col">Occurred</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Response</th>
                <th scope="col">Last error</th>
                <th scope="col">Next attempt</th>
                {resend && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {deliveries.rows.map((delivery) => (
                <tr key={delivery.id} className="border-b border-slate-200 align-top [&>td]:py-2 [&>td]:pr-3" data-testid="webhook-delivery">
                  <td>
                    <code className="text-xs">{delivery.eventType}</code>
                    <div>{delivery.subject}</div>
                    <div className="text-xs text-slate-600">{delivery.messageId}</div>
                  </td>
                  <td>
                    <DateTime value={delivery.occurredAt} />
                  </td>
                  <td data-testid="webhook-delivery-status">
                    <DeliveryState delivery={delivery} />
                  </td>
                  <td data-testid="webhook-delivery-attempts">{delivery.attempts}</td>
                  <td data-testid="webhook-delivery-response">{delivery.responseStatus ?? (delivery.attempts > 0 ? 'No answer' : '—')}</td>
                  <td className="max-w-xs break-words">{delivery.lastError ?? '—'}</td>
                  <td>{delivery.nextAttemptAt && delivery.status === 'pending' ? <DateTime value={delivery.nextAttemptAt} /> : '—'}</td>
                  {resend && (
                    <td>
                      {canResend && delivery.status !== 'pending' && (
                        <ActionButton action={resend} fields={{ ...owner, endpointId: endpoint.id, deliveryId: delivery.id }} label="Resend" pendingLabel="Sending…" ariaLabel={`Resend ${delivery.eventType} (${delivery.messageId})`} />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(deliveries.previous || deliveries.next) && (
        <nav aria-label="Pages of the delivery log" className="flex gap-4 text-sm">
          {deliveries.previous && (
            <Link href={pageHref({ before: deliveries.previous })} rel="prev">
              ← Newer deliveries
            </Link>
          )}
          {deliveries.next && (
            <Link href={pageHref({ after: deliveries.next })} rel="next">
              Older deliveries →
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}
