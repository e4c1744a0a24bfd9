import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { listNotifications } from '@/lib/notifications/queries';
import { ActionButton } from '@/components/action-button';
import { markAllNotificationsReadAction } from './actions';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  const actor = await requirePageActor('/notifications');
  const { db } = await getRuntime();
  const rows = await listNotifications(db, actor.id);
  const unread = rows.filter((row) => !row.readAt).length;

  return (
    <div className="space-y-6">
      <h1>Notifications</h1>
      <div className="flex flex-wrap items-center gap-4">
        <p data-testid="notifications-summary">
          {rows.length === 0 ? 'You have no notifications yet.' : `${rows.length} ${rows.length === 1 ? 'notification' : 'notifications'}, ${unread} unread.`}
        </p>
        {/* Kept after everything is read, so the outcome message stays in view. */}
        {rows.length > 0 && <ActionButton action={markAllNotificationsReadAction} fields={{}} label="Mark all as read" pendingLabel="Marking…" />}
      </div>
      {rows.length > 0 && (
        <ul className="space-y-3">
          {rows.map((row) => (
            <li key={row.id} className={`rounded border p-4 ${row.readAt ? 'border-slate-200' : 'border-blue-300 bg-blue-50'}`} data-testid="notification">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                {!row.readAt && <span className="rounded border border-blue-400 px-1.5 text-xs font-semibold text-blue-900">Unread</span>}
                <h2 className="m-0 text-base font-semibold">{row.subject}</h2>
                <time dateTime={row.createdAt.toISOString()} className="text-sm text-slate-600">
                  {row.createdAt.toUTCString()}
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
    </div>
  );
}
