import type { Metadata } from 'next';
import Link from '@/components/link';
import { requirePageActor } from '@/lib/auth/session';
import { LogComplaintForm } from './log-complaint-form';

export const metadata: Metadata = { title: 'Log a complaint' };

export default async function LogComplaintPage() {
  await requirePageActor('/review/complaints/new', 'reviewer');
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        <Link href="/review/complaints">Complaints</Link> / Log a complaint
      </p>
      <h1>Log a complaint</h1>
      <p className="max-w-prose">
        For complaints that reach the seal authority another way: your own finding, a regulator’s referral, a report from a monitoring tool, or a letter from
        someone without internet access. It joins the triage queue like a public complaint.
      </p>
      <LogComplaintForm />
    </div>
  );
}
