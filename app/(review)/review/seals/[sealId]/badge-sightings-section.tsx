import { getRuntime } from '@/lib/runtime';
import { listBadgeSightings } from '@/lib/review/badge-sightings';

/** Where this seal's badge was shown outside its domains: copied badges, for the reviewer to act on. */
export async function BadgeSightingsSection({ sealId }: { sealId: string }) {
  const { db } = await getRuntime();
  const { rows, totalHosts } = await listBadgeSightings(db, sealId);
  return (
    <section aria-labelledby="sightings-heading">
      <h2 id="sightings-heading">Pages showing this seal on other hosts</h2>
      {rows.length === 0 ? (
        <p className="text-sm">No page outside the seal&apos;s domains has shown its badge so far.</p>
      ) : (
        <table className="w-full border-collapse text-sm" data-testid="badge-sightings">
          <caption className="mb-2 text-left text-slate-600">
            {totalHosts === 1 ? '1 host' : `${totalHosts} hosts`}
            {totalHosts > rows.length ? `, the ${rows.length} seen most recently shown` : ''}. The badge there reads “not verified for this domain”. Counts are written in batches: the
            latest requests can take a minute to appear.
          </caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2">Host</th>
              <th scope="col">Requests</th>
              <th scope="col">First seen</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.host} className="border-b border-slate-200 align-top [&>td]:py-2" data-testid={`sighting-${row.host}`}>
                <td className="font-mono">{row.host}</td>
                <td>{row.requestCount.toLocaleString('en')}</td>
                <td>{row.firstSeenAt.toUTCString()}</td>
                <td>{row.lastSeenAt.toUTCString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
