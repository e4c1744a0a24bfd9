import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { ForbiddenError, NotFoundError } from '@/lib/services/errors';
import { readWebhooks } from '@/lib/services/webhooks/read-webhooks';
import { WebhooksPageView } from '@/components/webhooks/webhooks-page-view';
import { DateTime } from '@/components/date-time';
import { createKeyWebhookAction, deleteKeyWebhookAction, enableKeyWebhookAction, resendKeyWebhookAction } from './actions';

export const metadata: Metadata = { title: 'Webhooks of a relying party' };

type Params = { params: Promise<{ keyId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * A relying party's webhooks (issue #17), for the admins: what its key could do with
 * webhooks:manage — register endpoints for the public events (optionally for listed seals), read
 * their delivery logs, delete, enable, resend — done for it here.
 */
export default async function KeyWebhooksPage({ params, searchParams }: Params) {
  const { keyId } = await params;
  const query = await searchParams;
  const path = `/review/api-keys/${keyId}/webhooks`;
  await requirePageActor(path, 'admin');
  // The verb reads the query string itself (which endpoint's log, where in it).
  const view = await readWebhooks({ ctx: await getServiceContext(), owner: { apiKeyId: keyId }, input: query }).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    // An organization's or an authority tool's key: it has no webhooks of its own.
    if (error instanceof ForbiddenError) return error;
    throw error;
  });
  const breadcrumb = (
    <>
      <Link href="/review/api-keys">API keys</Link> / Webhooks
    </>
  );
  if (view instanceof ForbiddenError) {
    return (
      <div className="space-y-6">
        <p className="text-sm text-slate-600">{breadcrumb}</p>
        <h1>Webhooks</h1>
        <p role="alert" className="max-w-prose rounded-md border border-amber-300 bg-amber-50 p-3">
          {view.message}
        </p>
      </div>
    );
  }
  const key = view.key!;
  return (
    <WebhooksPageView
      view={view}
      path={path}
      owner={{ keyId }}
      actions={{ create: createKeyWebhookAction, remove: deleteKeyWebhookAction, enable: enableKeyWebhookAction, resend: resendKeyWebhookAction }}
      withSealFilter
      breadcrumb={breadcrumb}
      heading={<>Webhooks of “{key.name}”</>}
      intro={
        <>
          The relying party’s key <code>osk_{key.publicId}_…</code> receives the public events of every seal, or of the seals listed for an endpoint. What is done here, its key may do too with <code>webhooks:manage</code> (see the{' '}
          <Link href="/developers/api#tag-webhooks">API reference</Link>).
        </>
      }
      notice={
        key.revokedAt && (
          <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="key-revoked">
            This key was revoked on <DateTime value={key.revokedAt} />: nothing is sent to its endpoints any more, and they cannot be changed.
          </p>
        )
      }
      deleted={!!query.deleted}
    />
  );
}
