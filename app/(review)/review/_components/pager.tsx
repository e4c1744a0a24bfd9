import Link from '@/components/link';

type Filters = Record<string, string | undefined>;

/** A link to the same list with these filters, and a cursor when given: the filters travel with the page. */
export function listHref(path: string, filters: Filters, cursor?: { after: string } | { before: string }): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  if (cursor && 'after' in cursor) params.set('after', cursor.after);
  if (cursor && 'before' in cursor) params.set('before', cursor.before);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** "← Previous" and "Next →" under a keyset-paged list (ADR 0013). */
export function Pager({ label, path, filters, previous, next }: { label: string; path: string; filters: Filters; previous: string | null; next: string | null }) {
  if (!previous && !next) return null;
  return (
    <nav aria-label={label} className="flex gap-4 text-sm">
      {previous && (
        <Link href={listHref(path, filters, { before: previous })} rel="prev">
          ← Previous
        </Link>
      )}
      {next && (
        <Link href={listHref(path, filters, { after: next })} rel="next">
          Next →
        </Link>
      )}
    </nav>
  );
}

/** The whole list with its current filters (not just this page), as a CSV file: `{path}/export.csv`. */
export function ExportLink({ path, filters }: { path: string; filters: Filters }) {
  return (
    <p className="text-sm">
      <a href={listHref(`${path}/export.csv`, filters)} download>
        Download this list as CSV
      </a>{' '}
      <span className="text-slate-600">(every page, with these filters)</span>
    </p>
  );
}
