import type { Metadata } from 'next';
import Link from '@/components/link';

export const metadata: Metadata = { title: 'Not allowed' };

export default function ForbiddenPage() {
  return (
    <div className="card mx-auto max-w-lg">
      <h1>You are not allowed to see this page</h1>
      <p>Your account’s role does not give access to it. If you need access, ask one of the seal program’s administrators.</p>
      <p className="mt-4">
        <Link href="/portal">Go to your portal</Link>
      </p>
    </div>
  );
}
