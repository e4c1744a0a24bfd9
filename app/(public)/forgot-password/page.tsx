import type { Metadata } from 'next';
import Link from '@/components/link';
import { ForgotPasswordForm } from './forgot-password-form';

export const metadata: Metadata = { title: 'Forgot your password?' };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return (
    <div className="card mx-auto max-w-md">
      <h1>Forgot your password?</h1>
      <p className="mb-4 text-sm text-slate-700">
        Enter the address you sign in with. If it has an account, we mail it a link to choose a new password; the link works once, for one hour.
      </p>
      <ForgotPasswordForm email={typeof params.email === 'string' ? params.email : undefined} />
      <p className="mt-6 text-sm">
        Remembered it? <Link href="/login">Sign in</Link>
      </p>
    </div>
  );
}
