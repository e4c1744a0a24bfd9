import type { Metadata } from 'next';
import Link from '@/components/link';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { OutboxCursorParam, outboxCursorParam, readOutbox, type OutboxMail } from '@/lib/notifications/queries';
import { MAIL_RETRY_LIMIT } from '@/lib/notifications/deliver-mail';
import { REDACTED_SECRET } from '@/lib/notifications/mail-secret';
import { DateTime } from '@/components/date-time';

export const metadata: Metadata = { title: 'Outbox' };

const statusText: Record<OutboxMail['status'], string> = { queued: 'Queued', sent: 'Sent', failed: 'Failed' };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/review/outbox', 'admin');
  const { db, env } = await getRuntime();
  const before = OutboxCursorParam.parse((await searchParams).before);
  const { mails, hidden, next } = await readOutbox(db, actor.id, { before });

  return (
    <div className="space-y-6">
      <h1>Outbox</h1>
      <p data-testid="smtp-status">
        {env.SMTP_URL
          ? `SMTP is configured: mails are sent as they are queued, and a failed mail is retried up to ${MAIL_RETRY_LIMIT} times before it is marked failed.`
          : 'SMTP is not configured (SMTP_URL is unset): no mail leaves the platform. The mails stay queued here; pass them on by hand if needed.'}
      </p>
      <p className="text-sm">
        Private links (a complaint’s tracking link, an invitation, a password reset or address verification link) read “{REDACTED_SECRET}”: they belong
        to the recipient alone.
      </p>
      {hidden > 0 && (
        <p data-testid="outbox-hidden" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          {hidden === 1 ? '1 mail hidden' : `${hidden} mails hidden`}: conflict of interest. They are about an organization you belong to or declared a conflict
          with; another admin can read them.
        </p>
      )}
      {mails.length === 0 ? (
        <p>{before ? 'No older mail.' : 'No mail has been written yet.'}</p>
      ) : (
        <table className="w-full border-collapse text-sm">
          <caption className="mb-2 text-left font-semibold">{before ? 'Older outbound mails, newest first' : 'Outbound mails, newest first'}</caption>
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
                  <time dateTime={mail.createdAt.toISOString()}><DateTime value={mail.createdAt} /></time>
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
                      <time dateTime={mail.sentAt.toISOString()}><DateTime value={mail.sentAt} /></time>
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
      <nav aria-label="Outbox pages" className="flex gap-4 text-sm">
        {before && <Link href="/review/outbox">Newest mails</Link>}
        {next && <Link href={`/review/outbox?before=${encodeURIComponent(outboxCursorParam(next))}`}>Older mails</Link>}
      </nav>
    </div>
  );
}
