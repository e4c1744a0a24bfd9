import type { Metadata } from 'next';
import Link from '@/components/link';
import { z } from 'zod';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { CursorParam } from '@/lib/lists/keyset';
import { formatCappedCount } from '@/lib/lists/capped-count';
import { readNotificationsPage } from '@/lib/notifications/queries';
import { ActionButton } from '@/components/action-button';
import { markAllNotificationsReadAction } from './actions';
import { DateTime } from '@/components/date-time';

export const metadata: Metadata = { title: 'Notifications' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `?after=` / `?before=`: a cursor that is not one of ours is the first page. */
const Cursors = z.object({ after: CursorParam, before: CursorParam });

const pageHref = (cursor: { after?: string; before?: string }) => `/notifications?${new URLSearchParams(cursor as Record<string, string>).toString()}`;

export default async function NotificationsPage({ searchParams }: Props) {
  const actor = await requirePageActor('/notifications');
  const { db } = await getRuntime();
  const cursors = Cursors.parse(await searchParams);
  const { rows, previous, next, total, unread } = await readNotificationsPage(db, actor.id, cursors);
  const none = total.n === 0;

  return (
    <div className="space-y-6">
      <h1>Notifications</h1>
      <div className="flex flex-wrap items-center gap-4">
        <p data-testid="notifications-summary">
          {none ? 'You have no notifications yet.' : `${formatCappedCount(total)} ${total.n === 1 && !total.more ? 'notification' : 'notifications'}, ${formatCappedCount(unread)} unread.`}
        </p>
        {/* Kept after everything is read, so the outcome message stays in view. */}
        {!none && <ActionButton action={markAllNotificationsReadAction} fields={{}} label="Mark all as read" pendingLabel="Marking…" />}
      </div>
      {rows.length > 0 && (
        <ul className="space-y-3">
          {rows.map((row) => (
            <li key={row.id} className={`rounded border p-4 ${row.readAt ? 'border-slate-200' : 'border-blue-300 bg-blue-50'}`} data-testid="notification">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                {!row.readAt && <span className="rounded border border-blue-400 px-1.5 text-xs font-semibold text-blue-900">Unread</span>}
                <h2 className="m-0 text-base font-semibold">{row.subject}</h2>
                <time dateTime={row.createdAt.toISOString()} className="text-sm text-slate-600">
                  <DateTime value={row.createdAt} />
                </time>
              </div>
              <p className="mt-2 whitespace-pre-line">{row.body}</p>
              {row.link && (
                <p className="mt-2">
                  <Link href={row.link}>Open</Link>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {!none && rows.length === 0 && (
        <p role="alert">
          There are no more notifications past this point. <Link href="/notifications">Go to the newest</Link>.
        </p>
      )}
      {(previous || next) && (
        <nav aria-label="Pages of notifications" className="flex flex-wrap gap-4 text-sm">
          {previous ? (
            <Link href={pageHref({ before: previous })} rel="prev">
              ← Newer
            </Link>
          ) : (
            <span className="text-slate-500">← Newer</span>
          )}
          {next ? (
            <Link href={pageHref({ after: next })} rel="next">
              Older →
            </Link>
          ) : (
            <span className="text-slate-500">Older →</span>
          )}
        </nav>
      )}
    </div>
  );
}
