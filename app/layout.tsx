import type { Metadata } from 'next';
import Link from '@/components/link';
import './globals.css';
import { getActor } from '@/lib/auth/session';
import { TimeZoneSync } from '@/components/time-zone-sync';
import { UTC } from '@/lib/format/dates';
import { hasRole } from '@/lib/auth/actor';
import { getRuntime } from '@/lib/runtime';
import { unreadNotificationCount } from '@/lib/notifications/queries';
import { formatCappedCount } from '@/lib/lists/capped-count';
import { signOutAction } from './actions/sign-out';
import { isEmailVerified } from '@/lib/services/users/email-verification';
import { VerificationNotice } from '@/components/verification-notice';
import { TableCardLabels } from '@/components/table-card-labels';

export const metadata: Metadata = {
  title: { default: 'OpenSeal', template: '%s · OpenSeal' },
  description: 'A trust-seal program: certified websites, public complaints and a live badge.',
};

const roleLabel = { applicant: 'Applicant', reviewer: 'Reviewer', admin: 'Administrator' } as const;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const actor = await getActor();
  const unread = actor ? await unreadNotificationCount((await getRuntime()).db, actor.id) : null;
  const unverified = actor ? !(await isEmailVerified((await getRuntime()).db, actor.id)) : false;
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className="text-lg font-bold text-slate-900 no-underline">
              OpenSeal
            </Link>
            <nav aria-label="Main" className="flex flex-wrap gap-4 text-sm [&_a]:no-underline [&_a:hover]:underline">
              <Link href="/">Home</Link>
              <Link href="/programs">Programs</Link>
              <Link href="/directory">Directory</Link>
              <Link href="/verify">Verify a seal</Link>
              <Link href="/transparency">Transparency</Link>
              {actor && <Link href="/portal">Portal</Link>}
              {actor && (
                <Link href="/notifications" data-testid="notifications-link">
                  Notifications{unread && unread.n > 0 ? ` (${formatCappedCount(unread)} unread)` : ''}
                </Link>
              )}
              {/* Staff find their work in the workspace's own menu (app/(review)/layout.tsx). */}
              {hasRole(actor, 'reviewer') && <Link href="/review/dashboard">Reviewer dashboard</Link>}
            </nav>
            <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
              {actor ? (
                <>
                  <span data-testid="signed-in-user">
                    Signed in as <span className="font-medium">{actor.name}</span> ({roleLabel[actor.role]})
                  </span>
                  <Link href="/account">Account</Link>
                  <Link href="/account/security">Sign-in security</Link>
                  <form action={signOutAction}>
                    <button type="submit" className="btn-secondary">
                      Sign out
                    </button>
                  </form>
                </>
              ) : (
                <>
                  <Link href="/login">Sign in</Link>
                  <Link href="/signup" className="btn">
                    Sign up
                  </Link>
                </>
              )}
            </div>
          </div>
        </header>
        {/* Each area sets its own width: the public pages and the portal a column, the staff workspace a menu and a wide page. */}
        <main id="main">
          {actor && <TimeZoneSync zone={actor.timeZone ?? null} chosen={actor.timeZoneChosen ?? false} />}
          {actor && unverified && (
            <div className="mx-auto max-w-5xl px-4 pt-6">
              <VerificationNotice email={actor.email} />
            </div>
          )}
          {children}
        </main>
        <footer className="mx-auto max-w-5xl px-4 py-6 text-sm text-slate-600" data-testid="time-zone-note">
          {actor ? (
            <>
              Dates and times are in your time zone, {actor.timeZone ?? UTC}. <Link href="/account#time-zone-heading">Change it</Link>
            </>
          ) : (
            <>Dates and times are in UTC (Coordinated Universal Time).</>
          )}
        </footer>
        <TableCardLabels />
      </body>
    </html>
  );
}
