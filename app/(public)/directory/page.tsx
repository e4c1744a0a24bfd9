import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { getRuntime } from '@/lib/runtime';
import { nowDate } from '@/lib/clock';
import { DIRECTORY_RETENTION_MONTHS, listDirectory, parseDirectoryQuery } from '@/lib/public-status/directory-queries';
import { countryName, PublicDate, PublicSealStatus } from '@/components/public-seal-status';
import { Pagination } from './pagination';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { query } = parseDirectoryQuery(await searchParams);
  const search = query.q ? `: “${query.q}”` : '';
  return { title: `Directory of certified sites${search}${query.page > 1 ? ` (page ${query.page})` : ''}` };
}

/** `/directory`: the certified sites, and for a year the ones whose seal was suspended, revoked or expired. */
export default async function DirectoryPage({ searchParams }: Props) {
  await connection();
  const { query, problems } = parseDirectoryQuery(await searchParams);
  const { db, clock } = await getRuntime();
  const now = nowDate(clock);
  const result = await listDirectory(db, query, now);
  const hrefFor = (page: number) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (page > 1) params.set('page', String(page));
    const search = params.toString();
    return search ? `/directory?${search}` : '/directory';
  };
  const pastTheEnd = result.entries.length === 0 && result.total > 0;

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

      {result.total === 0 ? (
        <p data-testid="directory-empty">
          {query.q ? `No certified site matches “${query.q}”. Check the spelling, or search by the site’s domain, like example.com.` : 'No site holds a seal yet.'}
        </p>
      ) : pastTheEnd ? (
        <p role="alert">
          There is no page {query.page}: the directory has {result.pageCount} {result.pageCount === 1 ? 'page' : 'pages'}
          {query.q ? ` for “${query.q}”` : ''}. <Link href={hrefFor(result.pageCount)}>Go to the last page</Link>.
        </p>
      ) : (
        <table className="w-full border-collapse text-sm" data-testid="directory-table">
          <caption className="mb-2 text-left font-semibold">
            {result.total} {result.total === 1 ? 'seal' : 'seals'}
            {query.q ? ` matching “${query.q}”` : ''}
            {result.pageCount > 1 ? `, page ${result.page} of ${result.pageCount}` : ''}
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

      {result.pageCount > 1 && <Pagination page={Math.min(result.page, result.pageCount)} pageCount={result.pageCount} hrefFor={hrefFor} />}
    </div>
  );
}
