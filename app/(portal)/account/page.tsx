import type { Metadata } from 'next';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { isEmailVerified } from '@/lib/services/users/email-verification';
import { timeZoneChoices } from '@/lib/format/dates';
import { ChangeEmailForm, ChangeNameForm, ChangePasswordForm, TimeZoneForm } from './account-forms';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  const actor = await requirePageActor('/account');
  const { changed } = await searchParams;
  const verified = await isEmailVerified((await getRuntime()).db, actor.id);
  return (
    <div className="space-y-8">
      <h1>Your account</h1>
      {changed === 'password' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          Your password is changed. Every other session of your account has been signed out.
        </p>
      )}
      <section className="card max-w-xl" aria-labelledby="name-heading">
        <h2 id="name-heading">Name</h2>
        <ChangeNameForm name={actor.name} />
      </section>
      <section className="card max-w-xl" aria-labelledby="email-heading">
        <h2 id="email-heading">Email address</h2>
        <p className="mb-4 text-sm text-slate-700" data-testid="current-email">
          You sign in with <span className="font-medium">{actor.email}</span> ({verified ? 'verified' : 'not verified yet'}). To use another address, we mail
          a link to it; your account keeps the current one until you open that link.
        </p>
        <ChangeEmailForm />
      </section>
      <section className="card max-w-xl" aria-labelledby="time-zone-heading">
        <h2 id="time-zone-heading">Dates and times</h2>
        <TimeZoneForm timeZone={actor.timeZone ?? null} chosen={actor.timeZoneChosen ?? false} choices={timeZoneChoices()} />
      </section>
      <section className="card max-w-xl" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
