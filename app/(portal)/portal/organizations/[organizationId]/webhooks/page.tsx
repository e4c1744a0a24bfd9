import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { NotFoundError } from '@/lib/services/errors';
import { requireMembership } from '@/lib/services/organizations/membership';
import { readWebhooks } from '@/lib/services/webhooks/read-webhooks';
import { permittedRecordTitle } from '@/lib/page-titles';
import { WebhooksPageView } from '@/components/webhooks/webhooks-page-view';
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
  return (
    <WebhooksPageView
      view={view}
      path={path}
      owner={{ organizationId }}
      actions={{ create: createOrganizationWebhookAction, remove: deleteOrganizationWebhookAction, enable: enableOrganizationWebhookAction, resend: resendOrganizationWebhookAction }}
      breadcrumb={
        <>
          <Link href="/portal">Portal</Link> / <Link href={`/portal/organizations/${organizationId}`}>{view.organizationName}</Link> / Webhooks
        </>
      }
      heading="Webhooks"
      intro={
        <>
          OpenSeal can tell your own systems at once when something happens to {view.organizationName}’s seals or cases: it POSTs each event as JSON to the https addresses registered here, signed with the endpoint’s secret, and tries again
          for 24 hours when your receiver does not answer with a 2xx. Your systems may also manage endpoints with an API key holding <code>webhooks:manage</code> (see the <Link href="/developers/api#tag-webhooks">API reference</Link>).
          {view.canManage ? '' : ' Only owners register, delete or enable endpoints and resend deliveries.'}
        </>
      }
      deleted={!!query.deleted}
    />
  );
}
