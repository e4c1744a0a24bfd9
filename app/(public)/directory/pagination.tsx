import Link from 'next/link';

/** The page numbers to offer: the first, the last, and two on each side of the current one. */
export function pageWindow(page: number, pageCount: number): Array<number | 'gap'> {
  const pages = new Set([1, pageCount]);
  for (let candidate = page - 2; candidate <= page + 2; candidate++) if (candidate >= 1 && candidate <= pageCount) pages.add(candidate);
  const sorted = [...pages].sort((a, b) => a - b);
  return sorted.flatMap((value, index) => (index > 0 && value - sorted[index - 1]! > 1 ? (['gap', value] as const) : [value]));
}

/** Page links that work without JavaScript; the current page is marked for screen readers too. */
export function Pagination({ page, pageCount, hrefFor }: { page: number; pageCount: number; hrefFor: (page: number) => string }) {
  return (
    <nav aria-label="Pages of the directory" className="flex flex-wrap items-center gap-2 text-sm">
      {page > 1 ? <Link href={hrefFor(page - 1)} rel="prev">← Previous</Link> : <span className="text-slate-500">← Previous</span>}
      <ul className="flex flex-wrap gap-1">
        {pageWindow(page, pageCount).map((entry, index) =>
          entry === 'gap' ? (
            <li key={`gap-${index}`} aria-hidden="true" className="px-1">
              …
            </li>
          ) : (
            <li key={entry}>
              {entry === page ? (
                <span aria-current="page" className="inline-block rounded border border-slate-700 px-2 py-0.5 font-semibold">
                  <span className="sr-only">Page </span>
                  {entry}
                </span>
              ) : (
                <Link href={hrefFor(entry)} aria-label={`Page ${entry}`} className="inline-block rounded border border-slate-300 px-2 py-0.5">
                  {entry}
                </Link>
              )}
            </li>
          ),
        )}
      </ul>
      {page < pageCount ? <Link href={hrefFor(page + 1)} rel="next">Next →</Link> : <span className="text-slate-500">Next →</span>}
    </nav>
  );
}
