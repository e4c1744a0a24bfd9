import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { NotFoundError } from '@/lib/services/errors';
import { requireMembership } from '@/lib/services/organizations/membership';
import { readWebhooks } from '@/lib/services/webhooks/read-webhooks';
import { WEBHOOK_EVENT_LABELS } from '@/lib/webhooks/endpoint-form';
import { permittedRecordTitle } from '@/lib/page-titles';
import { WebhookEndpointForm } from '@/components/webhooks/endpoint-form';
import { WebhookEndpointList } from '@/components/webhooks/endpoint-list';
import { WebhookDeliveryLog } from '@/components/webhooks/delivery-log';
import { createOrganizationWebhookAction, deleteOrganizationWebhookAction, enableOrganizationWebhookAction, resendOrganizationWebhookAction } from './actions';

type Params = { params: Promise<{ organizationId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Pick<Params, 'params'>): Promise<Metadata> {
  const { organizationId } = await params;
  const ctx = await getServiceContext();
  return { title: await permittedRecordTitle(async () => `Webhooks of ${(await requireMembership(ctx.db, ctx.actor, organizationId)).organization.legalName}`) };
}

/**
 * An organization's webhooks (issue #17): every member reads its endpoints and their delivery
 * logs; owners register an endpoint (its secret shown once), delete one, enable a disabled one and
 * send a delivery again.
 */
export default async function OrganizationWebhooksPage({ params, searchParams }: Params) {
  const { organizationId } = await params;
  const query = await searchParams;
  const path = `/portal/organizations/${organizationId}/webhooks`;
  await requirePageActor(path);
  const ctx = await getServiceContext();
  // The verb reads the query string itself (which endpoint's log, where in it).
  const view = await readWebhooks({ ctx, owner: { organizationId }, input: query }).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const owner = { organizationId };
  const logHref = (endpointId: string) => `${path}?endpoint=${endpointId}#delivery-log-heading`;
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        <Link href="/portal">Portal</Link> / <Link href={`/portal/organizations/${organizationId}`}>{view.organizationName}</Link> / Webhooks
      </p>
      <h1>Webhooks</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        OpenSeal can tell your own systems at once when something happens to {view.organizationName}’s seals or cases: it POSTs each event as JSON to the https addresses registered here, signed with the endpoint’s secret, and tries again
        for 24 hours when your receiver does not answer with a 2xx. Your systems may also manage endpoints with an API key holding <code>webhooks:manage</code> (see the <Link href="/developers/api#tag-webhooks">API reference</Link>).
        {view.canManage ? '' : ' Only owners register, delete or enable endpoints and resend deliveries.'}
      </p>
      {query.deleted && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm">
          The endpoint is deleted: no more events are sent to it.
        </p>
      )}
      {view.canManage && <WebhookEndpointForm action={createOrganizationWebhookAction} owner={owner} eventTypes={view.eventTypes.map((value) => ({ value, label: WEBHOOK_EVENT_LABELS[value] }))} />}
      <section aria-labelledby="endpoints-heading" className="space-y-3">
        <h2 id="endpoints-heading">Endpoints</h2>
        {view.endpoints.length === 0 ? (
          <p data-testid="webhooks-empty">No endpoints yet.</p>
        ) : (
          <WebhookEndpointList endpoints={view.endpoints} owner={owner} actions={view.canManage ? { remove: deleteOrganizationWebhookAction, enable: enableOrganizationWebhookAction } : undefined} selectedId={view.selected?.id ?? null} logHref={logHref} />
        )}
      </section>
      {view.missingEndpoint && <p role="status">That endpoint no longer exists: it was deleted.</p>}
      {view.selected && view.deliveries && (
        <WebhookDeliveryLog
          endpoint={view.selected}
          deliveries={view.deliveries}
          owner={owner}
          resend={view.canManage ? resendOrganizationWebhookAction : undefined}
          pageHref={(cursor) => `${path}?endpoint=${view.selected!.id}&${new URLSearchParams(cursor).toString()}`}
        />
      )}
    </div>
  );
}
