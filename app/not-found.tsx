import type { Metadata } from 'next';
import Link from '@/components/link';
import { NOT_FOUND_TITLE } from '@/lib/page-titles';

export const metadata: Metadata = { title: NOT_FOUND_TITLE };

/**
 * Any address no page answers (HTTP 404). Ours rather than Next.js's default, which styles itself
 * with inline styles that the pages' Content-Security-Policy refuses (docs/adr/0010).
 */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-5xl space-y-4 px-4 py-8">
      <h1>Page not found</h1>
      <p className="max-w-prose">
        There is no page at this address. Check it for a typing mistake, or start from the <Link href="/">home page</Link>. To check a badge, use{' '}
        <Link href="/verify">Verify a seal</Link>.
      </p>
    </div>
  );
}
