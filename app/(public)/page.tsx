import Link from '@/components/link';
import { connection } from 'next/server';
import { nowDate } from '@/lib/clock';
import { getRuntime } from '@/lib/runtime';
import { formatCalendarDay } from '@/lib/format/dates';
import { PublicDate, sealStatusWord } from '@/components/public-seal-status';
import { loadRecentSanctions } from '@/lib/transparency/public-front';
import { loadHeadline } from '@/lib/transparency/public-report';
import { publicCountText, SMALL_COUNT_NOTE } from '@/lib/transparency/small-counts';
import { SealLookupForm } from './verify/lookup-form';

/**
 * The seal authority's public front (issue #15): what the seal means, how to check a badge, what
 * the authority did in the last 12 months and its latest sanctions, and the way to everything else.
 */
export default async function HomePage() {
  await connection(); // read at request time: `next build` has no database
  const { db, clock } = await getRuntime();
  const now = nowDate(clock);
  const [headline, sanctions] = await Promise.all([loadHeadline(), loadRecentSanctions(db, now)]);
  const figures = [
    { label: 'Sites certified now', count: headline.certifiedNow },
    { label: 'Complaints received', count: headline.complaintsReceived },
    { label: 'Case decisions', count: headline.decisions },
    { label: 'Seals suspended', count: headline.suspended },
    { label: 'Seals revoked by the authority', count: headline.revokedByAuthority },
  ];
  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <h1>OpenSeal</h1>
        <p className="max-w-prose">
          A seal on a website says that the site was assessed against published criteria — how it collects, uses and shares your personal data — and that it keeps to them. The seal
          authority answers complaints about certified sites, investigates, and suspends or revokes a seal when a site breaks its promises. The badge on a site always shows the
          seal’s true, current state: active, suspended, revoked or expired.
        </p>
      </div>

      <section aria-labelledby="check-heading" className="space-y-3">
        <h2 id="check-heading">Check a badge</h2>
        <ol className="max-w-prose list-decimal space-y-1 pl-6">
          <li>Click the badge. A genuine badge opens the seal’s verification page on this site, not on the site that shows it.</li>
          <li>Check that the page says “active” and that the site you are on is among the seal’s domains: a badge copied to another site is not valid there.</li>
          <li>Or look the seal up yourself, by the id printed on the badge or by the site’s address:</li>
        </ol>
        <SealLookupForm idPrefix="home-lookup" />
      </section>

      <section aria-labelledby="figures-heading" className="space-y-3">
        <h2 id="figures-heading">The last 12 months</h2>
        <dl className="grid max-w-3xl grid-cols-2 gap-4 sm:grid-cols-3" data-testid="headline-figures">
          {figures.map((figure) => (
            <div key={figure.label} className="card">
              <dt className="text-sm text-slate-700">{figure.label}</dt>
              <dd className="text-2xl font-semibold tabular-nums">{publicCountText(figure.count)}</dd>
            </div>
          ))}
        </dl>
        <p className="max-w-prose text-sm text-slate-700">
          From {formatCalendarDay(headline.period.from)} to {formatCalendarDay(headline.period.to)}. {SMALL_COUNT_NOTE}{' '}
          <Link href="/transparency">The full transparency report</Link>: applications, complaints, cases, appeals and decisions, month by month, to download.
        </p>
      </section>

      <section aria-labelledby="sanctions-heading" className="space-y-3">
        <h2 id="sanctions-heading">Recent sanctions</h2>
        {sanctions.length === 0 ? (
          <p>The seal authority has not suspended or revoked a seal yet.</p>
        ) : (
          <ul className="max-w-3xl space-y-2" data-testid="recent-sanctions">
            {sanctions.map((sanction) => (
              <li key={`${sanction.sealId}-${sanction.type}-${sanction.occurredAt.toISOString()}`} className="border-l-4 border-slate-300 pl-3">
                <p className="text-sm text-slate-600">
                  <PublicDate value={sanction.occurredAt} />
                </p>
                <p>
                  <span className="font-medium">
                    {sanction.holder}: {sanction.type === 'suspended' ? 'seal suspended' : 'seal revoked'}
                  </span>
                  {sanction.reason ? ` — ${sanction.reason}` : ''}{' '}
                  <Link href={`/verify/${sanction.sealId}`} aria-label={`Seal ${sanction.sealId} of ${sanction.holder}, ${sealStatusWord(sanction.statusNow).toLowerCase()} now`}>
                    {sanction.sealId}
                  </Link>
                  {sanction.type === 'suspended' && sanction.statusNow !== 'suspended' && <span className="text-sm text-slate-700"> (now {sealStatusWord(sanction.statusNow).toLowerCase()})</span>}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="more-heading" className="space-y-2">
        <h2 id="more-heading">More</h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>
            <Link href="/directory">The directory of certified sites</Link>
          </li>
          <li>
            <Link href="/programs">The seal programs and their criteria</Link>
          </li>
          <li>
            <Link href="/complaints/new">Report a concern about a website</Link>
          </li>
          <li>
            <Link href="/transparency">The transparency report</Link>, and the <a href="/log/checkpoint">public log</a> of every seal’s history, which anyone can verify
          </li>
          <li>
            Run a website? <Link href="/signup">Create an account</Link> to apply for a seal, or <Link href="/login">sign in</Link>.
          </li>
          <li>
            Building on OpenSeal? <Link href="/developers/api">The API reference</Link>: seal statuses for anyone, and an organization’s own records with an API key
          </li>
        </ul>
      </section>
    </div>
  );
}
