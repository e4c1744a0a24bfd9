'use client';

import Link from '@/components/link';

/**
 * Any page that failed on the server (HTTP 500), in the site's own layout rather than Next.js's
 * default, whose inline styles the Content-Security-Policy refuses (docs/adr/0010). The digest is
 * the id the server logged the error under: an operator finds the cause from it.
 */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-5xl px-4 py-8">
      <div role="alert" className="card max-w-2xl space-y-3">
        <h1>Something went wrong on our side</h1>
        <p>This page could not be shown. Nothing you entered on it was saved unless the page told you so. Try again in a moment; if it keeps failing, tell the seal program’s staff.</p>
        {error.digest && (
          <p className="text-sm text-slate-700">
            Error reference: <code>{error.digest}</code>
          </p>
        )}
        <div className="flex flex-wrap gap-3">
          <button type="button" className="btn" onClick={reset}>
            Try again
          </button>
          <Link href="/" className="btn-secondary">
            Home page
          </Link>
        </div>
      </div>
    </div>
  );
}
