import Link from '@/components/link';
import { getRuntime } from '@/lib/runtime';
import { listBadgeSightings, type BadgeSightingRow } from '@/lib/review/badge-sightings';
import { DateTime } from '@/components/date-time';

function CheckCell({ row }: { row: BadgeSightingRow }) {
  const complaint = row.complaintReference ? (
    <>
      {' '}
      Complaint <Link href={`/review/complaints/${row.complaintReference}`} className="font-mono">{row.complaintReference}</Link>.
    </>
  ) : null;
  const { check } = row;
  if (check.state === 'confirmed') {
    return (
      <td data-check="confirmed">
        <strong>Confirmed</strong> <DateTime value={check.confirmedAt} />: the badge is on{' '}
        <a href={check.url} rel="nofollow noreferrer" className="break-all">{check.url}</a>.{complaint}
        <code className="mt-1 block break-all text-xs text-slate-600">{check.snippet}</code>
      </td>
    );
  }
  if (check.state === 'unconfirmed') {
    return (
      <td data-check="unconfirmed">
        <strong>Unconfirmed</strong>, checked <DateTime value={check.checkedAt} />: {check.problem}.{complaint}
      </td>
    );
  }
  return (
    <td data-check="unchecked">
      Not checked yet{complaint}
    </td>
  );
}

/** Where this seal's badge was shown outside its domains: copied badges, for the reviewer to act on. */
export async function BadgeSightingsSection({ sealId }: { sealId: string }) {
  const { db } = await getRuntime();
  const { rows, totalHosts, overflow } = await listBadgeSightings(db, sealId);
  return (
    <section aria-labelledby="sightings-heading">
      <h2 id="sightings-heading">Pages showing this seal on other hosts</h2>
      {rows.length === 0 ? (
        <p className="text-sm">No page outside the seal&apos;s domains has shown its badge so far.</p>
      ) : (
        <table className="w-full border-collapse text-sm" data-testid="badge-sightings">
          <caption className="mb-2 text-left text-slate-600">
            {totalHosts === 1 ? '1 host' : `${totalHosts} hosts`}
            {totalHosts > rows.length ? `, the ${rows.length} seen most recently shown` : ''}. The badge there reads “not verified for this domain”. A sighting is what a page
            claimed when it asked for the badge, and anyone can claim anything: a complaint is filed only once the monitor has found the badge on the host&apos;s home page
            (checked at most once a day per host). Counts are written in batches: the latest requests can take a minute to appear.
          </caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2">Host</th>
              <th scope="col">Requests</th>
              <th scope="col">First seen</th>
              <th scope="col">Last seen</th>
              <th scope="col">Check of the page</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.host} className="border-b border-slate-200 align-top [&>td]:py-2" data-testid={`sighting-${row.host}`}>
                <td className="font-mono">{row.host}</td>
                <td>{row.requestCount.toLocaleString('en')}</td>
                <td><DateTime value={row.firstSeenAt} /></td>
                <td><DateTime value={row.lastSeenAt} /></td>
                <CheckCell row={row} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {overflow.length > 0 ? (
        <ul className="mt-2 text-sm" data-testid="badge-sightings-overflow">
          {overflow.map((day) => (
            <li key={day.day}>
              {day.day}: and {day.hostCount.toLocaleString('en')} more {day.hostCount === 1 ? 'host' : 'hosts'} ({day.requestCount.toLocaleString('en')}{' '}
              {day.requestCount === 1 ? 'request' : 'requests'}), not recorded: past the limit of new hosts a seal gets a line for each day, usually a sign of made-up
              requests.
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
