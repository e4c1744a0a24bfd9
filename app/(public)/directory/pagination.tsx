import Link from '@/components/link';

/**
 * "Previous" and "Next" (keyset paging, ADR 0018): links that work without JavaScript, each
 * carrying the search and the cursor; the one that leads nowhere is plain text.
 */
export function Pagination({ previousHref, nextHref }: { previousHref: string | null; nextHref: string | null }) {
  return (
    <nav aria-label="Pages of the directory" className="flex flex-wrap items-center gap-4 text-sm">
      {previousHref ? (
        <Link href={previousHref} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span className="text-slate-500">← Previous</span>
      )}
      {nextHref ? (
        <Link href={nextHref} rel="next">
          Next →
        </Link>
      ) : (
        <span className="text-slate-500">Next →</span>
      )}
    </nav>
  );
}
