import Link from '@/components/link';
import type { PublicProgram, PublishedCriteriaVersion } from '@/lib/programs/queries';
import { CriteriaList } from './criteria-list';
import { formatPublicDate } from '@/components/public-seal-status';

/** One published version of a program's criteria, with the program's other versions. */
export function VersionView({ program, version }: { program: PublicProgram; version: PublishedCriteriaVersion }) {
  const isCurrent = version.version === program.currentVersion;
  const mandatory = version.criteria.filter((criterion) => criterion.requirement === 'mandatory').length;
  const others = program.versions.filter((other) => other.version !== version.version);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/programs">All programs</Link>
        </p>
        <h1>{program.name}</h1>
        <p className="max-w-prose">{program.summary}</p>
      </div>
      {!isCurrent && (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          This is version {version.version}, an earlier version of the criteria. New applications are assessed against{' '}
          <Link href={`/programs/${program.slug}`}>version {program.currentVersion}, the current version</Link>.
        </p>
      )}
      <section aria-labelledby="version-heading" className="space-y-2">
        <h2 id="version-heading">
          Criteria, version {version.version}
          {isCurrent ? ' (current)' : ''}
        </h2>
        <dl className="grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium">Published</dt>
          <dd>{formatPublicDate(version.publishedAt)}</dd>
          <dt className="font-medium">What changed</dt>
          <dd>{version.changeNote}</dd>
          <dt className="font-medium">Criteria</dt>
          <dd>
            {version.criteria.length}: {mandatory} mandatory, {version.criteria.length - mandatory} recommended
          </dd>
          <dt className="font-medium">Seal validity</dt>
          <dd>{program.sealValidityMonths} months, then the site must recertify</dd>
          <dt className="font-medium">Case notices</dt>
          <dd>Sites must answer a case notice within {program.caseResponseDays} days</dd>
        </dl>
        <p className="text-sm text-slate-700">
          A seal requires every mandatory criterion to be met. Recommended criteria are assessed and reported, but do not block a seal.
        </p>
      </section>
      <CriteriaList criteria={version.criteria} />
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">{isCurrent ? 'Earlier versions' : 'Other versions'}</h2>
        {others.length === 0 ? (
          <p>This is the first version of the criteria.</p>
        ) : (
          <ul className="list-disc pl-6">
            {others.map((other) => (
              <li key={other.version}>
                <Link href={other.version === program.currentVersion ? `/programs/${program.slug}` : `/programs/${program.slug}/versions/${other.version}`}>
                  Version {other.version}
                  {other.version === program.currentVersion ? ' (current)' : ''}
                </Link>
                , published {formatPublicDate(other.publishedAt)}: {other.changeNote}
              </li>
            ))}
          </ul>
        )}
        <p className="mt-4 text-sm">
          Also as JSON: <a href={`/api/v1/programs/${program.slug}`}>/api/v1/programs/{program.slug}</a>
        </p>
      </section>
    </div>
  );
}
