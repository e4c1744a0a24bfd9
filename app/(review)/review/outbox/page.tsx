import type { Metadata } from 'next';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { listOutboundMails } from '@/lib/notifications/queries';
import type { OutboundMail } from '@/db/schema';
import { MAIL_RETRY_LIMIT } from '@/lib/notifications/deliver-mail';

export const metadata: Metadata = { title: 'Outbox' };

const statusText: Record<OutboundMail['status'], string> = { queued: 'Queued', sent: 'Sent', failed: 'Failed' };

export default async function OutboxPage() {
  await requirePageActor('/review/outbox', 'admin');
  const { db, env } = await getRuntime();
  const mails = await listOutboundMails(db);

  return (
    <div className="space-y-6">
      <h1>Outbox</h1>
      <p data-testid="smtp-status">
        {env.SMTP_URL
          ? `SMTP is configured: mails are sent as they are queued, and a failed mail is retried up to ${MAIL_RETRY_LIMIT} times before it is marked failed.`
          : 'SMTP is not configured (SMTP_URL is unset): no mail leaves the platform. The mails stay queued here; pass them on by hand if needed.'}
      </p>
      {mails.length === 0 ? (
        <p>No mail has been written yet.</p>
      ) : (
        <table className="w-full border-collapse text-sm">
          <caption className="mb-2 text-left font-semibold">Every outbound mail, newest first ({mails.length})</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2">Written</th>
              <th scope="col">To</th>
              <th scope="col">Subject and text</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((mail) => (
              <tr key={mail.id} className="border-b border-slate-200 align-top [&>td]:py-2 [&>td]:pr-3" data-testid="outbox-mail">
                <td>
                  <time dateTime={mail.createdAt.toISOString()}>{mail.createdAt.toUTCString()}</time>
                </td>
                <td className="break-all">{mail.toAddress}</td>
                <td>
                  <details>
                    <summary>{mail.subject}</summary>
                    <pre className="mt-2 whitespace-pre-wrap break-words font-sans">{mail.body}</pre>
                  </details>
                </td>
                <td>
                  {statusText[mail.status]}
                  {mail.sentAt && (
                    <>
                      {' '}
                      <time dateTime={mail.sentAt.toISOString()}>{mail.sentAt.toUTCString()}</time>
                    </>
                  )}
                </td>
                <td>{mail.attempts}</td>
                <td className="break-words">{mail.lastError ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
