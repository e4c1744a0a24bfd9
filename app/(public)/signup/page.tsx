import type { Metadata } from 'next';
import Link from '@/components/link';
import { redirect } from 'next/navigation';
import { getActor } from '@/lib/auth/session';
import { SignUpForm } from './sign-up-form';
import { safeReturnPath } from '@/lib/safe-redirect';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? safeReturnPath(params.next) : undefined;
  if (await getActor()) redirect(next ?? '/portal');
  return (
    <div className="card mx-auto max-w-md">
      <h1>Create an account</h1>
      <p className="mb-4 text-sm text-slate-700">
        An account lets you apply for a seal for your organization’s websites and follow its review.
      </p>
      <SignUpForm next={next} email={typeof params.email === 'string' ? params.email : undefined} />
      <p className="mt-6 text-sm">
        Already have an account? <Link href={next ? `/login?next=${encodeURIComponent(next)}` : '/login'}>Sign in</Link>
      </p>
    </div>
  );
}
