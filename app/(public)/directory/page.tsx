import type { Metadata } from 'next';
import Link from '@/components/link';
import { permanentRedirect } from 'next/navigation';
import { connection } from 'next/server';
import { getRuntime } from '@/lib/runtime';
import { nowDate } from '@/lib/clock';
import { DIRECTORY_RETENTION_MONTHS, listDirectory, parseDirectoryQuery, type DirectoryQuery } from '@/lib/public-status/directory-queries';
import { formatCappedCount } from '@/lib/lists/capped-count';
import { MIN_SEARCH_LENGTH } from '@/lib/lists/keyset';
import { countryName, PublicDate, PublicSealStatus } from '@/components/public-seal-status';
import { Pagination } from './pagination';

/** The directory's address for a search and a cursor; the search travels with every page link. */
function directoryHref(q: string, cursor: Pick<DirectoryQuery, 'after' | 'before'> = {}) {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (cursor.after) params.set('after', cursor.after);
  if (cursor.before) params.set('before', cursor.before);
  const search = params.toString();
  return search ? `/directory?${search}` : '/directory';
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { query } = parseDirectoryQuery(await searchParams);
  const search = query.q ? `: “${query.q}”` : '';
  return { title: `Directory of certified sites${search}` };
}

/** `/directory`: the certified sites, and for a year the ones whose seal was suspended, revoked or expired. */
export default async function DirectoryPage({ searchParams }: Props) {
  await connection();
  const { query, problems, legacyPage } = parseDirectoryQuery(await searchParams);
  // Numbered pages (`?page=`) are gone: counting off thousands of rows to reach one cost seconds.
  // An old link lands on the first page of the same search, permanently.
  if (legacyPage) permanentRedirect(directoryHref(query.q));
  const { db, clock } = await getRuntime();
  const now = nowDate(clock);
  const result = await listDirectory(db, query, now);
  const empty = result.count.n === 0;
  const pastTheEnd = result.entries.length === 0 && !empty;
  const seals = result.count.n === 1 && !result.count.more ? 'seal' : 'seals';

  return (
    <div className="space-y-6">
      <h1>Directory of certified sites</h1>
      <p className="max-w-prose">
        Every site that holds an active seal. A seal that is suspended, revoked or has expired stays listed as such for {DIRECTORY_RETENTION_MONTHS} months
        after the change, so you can see that a site lost its certification. Each seal links to its verification page.
      </p>

      <form method="get" action="/directory" role="search" aria-label="Search the directory" className="card flex max-w-2xl flex-wrap items-end gap-3 py-4">
        <div className="min-w-64 flex-1">
          <label htmlFor="directory-q" className="field-label">
            Holder name or domain
          </label>
          <input id="directory-q" name="q" type="search" maxLength={100} defaultValue={query.q} className="field-input" />
        </div>
        <button type="submit" className="btn">
          Search
        </button>
        {query.q && <Link href="/directory">Show all</Link>}
      </form>

      {problems.length > 0 && (
        <div role="alert" className="max-w-2xl rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
        </div>
      )}

      {result.searchTooShort && (
        <p role="status" className="max-w-2xl rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          Type at least {MIN_SEARCH_LENGTH} characters of a name or a domain, or a whole seal id, to search: the list below is not narrowed by “{query.q}”.
        </p>
      )}

      {empty ? (
        <p data-testid="directory-empty">
          {query.q ? `No certified site matches “${query.q}”. Check the spelling, or search by the site’s domain, like example.com.` : 'No site holds a seal yet.'}
        </p>
      ) : pastTheEnd ? (
        <p role="alert">
          There are no more seals{query.q && !result.searchTooShort ? ` matching “${query.q}”` : ''} past this point. <Link href={directoryHref(query.q)}>Go to the first page</Link>.
        </p>
      ) : (
        <table className="w-full border-collapse text-sm" data-testid="directory-table">
          <caption className="mb-2 text-left font-semibold">
            {formatCappedCount(result.count)} {seals}
            {query.q && !result.searchTooShort ? ` matching “${query.q}”` : ''}
          </caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2">
                Holder
              </th>
              <th scope="col">Domains</th>
              <th scope="col">Status</th>
              <th scope="col">Program</th>
              <th scope="col">Seal</th>
            </tr>
          </thead>
          <tbody>
            {result.entries.map((entry) => (
              <tr key={entry.sealId} className="border-b border-slate-200 align-top [&>td]:py-2 [&>td]:pr-3" data-testid={`directory-row-${entry.sealId}`}>
                <td>
                  <span className="font-medium">{entry.holder.name}</span>
                  <br />
                  <span className="text-slate-600">{countryName(entry.holder.country)}</span>
                </td>
                <td>{entry.domains.join(', ')}</td>
                <td>
                  <PublicSealStatus status={entry.status} />
                  <div className="mt-1 text-xs text-slate-700">
                    {entry.status === 'active' ? 'until ' : 'since '}
                    <PublicDate value={entry.status === 'active' ? entry.expiresAt : entry.statusChangedAt} />
                  </div>
                </td>
                <td>{entry.program.name}</td>
                <td>
                  <Link href={`/verify/${entry.sealId}`} className="font-mono" aria-label={`Verify seal ${entry.sealId} of ${entry.holder.name}`}>
                    {entry.sealId}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {(result.previous || result.next) && (
        <Pagination
          previousHref={result.previous ? directoryHref(query.q, { before: result.previous }) : null}
          nextHref={result.next ? directoryHref(query.q, { after: result.next }) : null}
        />
      )}
    </div>
  );
}
