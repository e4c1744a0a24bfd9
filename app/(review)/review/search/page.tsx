import type { Metadata } from 'next';
import Link from '@/components/link';
import { redirect } from 'next/navigation';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { caseStatusLabels } from '@/lib/cases/labels';

import { complaintStatusReviewerLabels } from '@/lib/complaints/labels';
import { ValidationError } from '@/lib/services/errors';
import { MIN_TEXT_LENGTH, SEARCH_LIMIT, searchRecords, type SearchResult } from '@/lib/services/search/search-records';
import { StaffSearchBox } from '@/components/staff-search-box';
import { formatDateTime } from '@/lib/format/dates';
import { viewerTimeZone } from '@/components/date-time';

export const metadata: Metadata = { title: 'Search' };
export const dynamic = 'force-dynamic';

const sealStatusText = { active: 'Active', suspended: 'Suspended', revoked: 'Revoked', expired: 'Expired' } as const;
const roleText = { applicant: 'Applicant', reviewer: 'Reviewer', admin: 'Administrator' } as const;
/** The page's own box: named apart from the layout's "Search records", so the two landmarks are told apart. */
const PAGE_BOX_LABEL = 'Seal id, reference, name, domain or email';

function Group({ title, testId, more, children }: { title: string; testId: string; more: boolean; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${testId}-heading`} data-testid={testId} className="space-y-2">
      <h2 id={`${testId}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      <ul className="space-y-1">{children}</ul>
      {more && <p className="text-sm text-slate-700">More than {SEARCH_LIMIT} match: type more of the name or domain to narrow the search.</p>}
    </section>
  );
}

async function Results({ result }: { result: SearchResult }) {
  const zone = await viewerTimeZone();
  const { seals, complaints, cases, organizations, domains, users } = result;
  return (
    <div className="space-y-8">
      {seals.hits.length > 0 && (
        <Group title="Seals" testId="search-seals" more={seals.more}>
          {seals.hits.map((seal) => (
            <li key={seal.publicId}>
              <Link href={seal.href} className="font-mono">
                {seal.publicId}
              </Link>{' '}
              — {seal.domain}, {seal.holder} · {sealStatusText[seal.status]}
            </li>
          ))}
        </Group>
      )}
      {complaints.hits.length > 0 && (
        <Group title="Complaints" testId="search-complaints" more={complaints.more}>
          {complaints.hits.map((complaint) => (
            <li key={complaint.reference}>
              <Link href={complaint.href} className="font-mono">
                {complaint.reference}
              </Link>{' '}
              — about {complaint.about} · {complaintStatusReviewerLabels[complaint.status]} · received <time dateTime={complaint.createdAt.toISOString()}>{formatDateTime(complaint.createdAt, zone)}</time>
            </li>
          ))}
        </Group>
      )}
      {cases.hits.length > 0 && (
        <Group title="Cases" testId="search-cases" more={cases.more}>
          {cases.hits.map((caseHit) => (
            <li key={caseHit.reference}>
              <Link href={caseHit.href} className="font-mono">
                {caseHit.reference}
              </Link>{' '}
              — {caseHit.title} ({caseHit.organizationName}
              {caseHit.domain ? `, ${caseHit.domain}` : ''}) · {caseStatusLabels[caseHit.status]}
            </li>
          ))}
        </Group>
      )}
      {organizations.hits.length > 0 && (
        <Group title="Organizations" testId="search-organizations" more={organizations.more}>
          {organizations.hits.map((organization) => (
            <li key={organization.id}>
              {organization.href ? <Link href={organization.href}>{organization.legalName}</Link> : <span className="font-medium">{organization.legalName}</span>} ({organization.country}) ·{' '}
              {organization.landsOn === 'seal' ? 'opens its newest seal' : organization.landsOn === 'application' ? 'opens its newest application' : 'no seal or application yet'}
            </li>
          ))}
        </Group>
      )}
      {domains.hits.length > 0 && (
        <Group title="Domains" testId="search-domains" more={domains.more}>
          {domains.hits.map((domain) => (
            <li key={`${domain.domain} ${domain.organizationName}`}>
              {domain.href ? <Link href={domain.href}>{domain.domain}</Link> : <span className="font-medium">{domain.domain}</span>} — {domain.organizationName}
              {domain.proven ? '' : ' (ownership not proven)'} ·{' '}
              {domain.sealPublicId && domain.sealStatus ? `seal ${domain.sealPublicId}, ${sealStatusText[domain.sealStatus].toLowerCase()}` : 'no seal'}
            </li>
          ))}
        </Group>
      )}
      {users.hits.length > 0 && (
        <Group title="People" testId="search-users" more={users.more}>
          {users.hits.map((user) => (
            <li key={user.email}>
              <Link href={user.href}>{user.name}</Link> — {user.email} · {roleText[user.role]}
              {user.disabled ? ' · disabled' : ''}
            </li>
          ))}
        </Group>
      )}
    </div>
  );
}

const found = (result: SearchResult) => [result.seals, result.complaints, result.cases, result.organizations, result.domains, result.users].some((group) => group.hits.length > 0);

/**
 * The staff search (issue 12). An identifier that names exactly one record opens it; anything else
 * lists what matched, by kind. The query string is the verb's input, parsed there.
 */
export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const raw = Array.isArray(params.q) ? params.q[0] : params.q;
  await requirePageActor(raw === undefined ? '/review/search' : `/review/search?${new URLSearchParams({ q: raw })}`, 'reviewer');

  if (raw === undefined) {
    return (
      <div className="space-y-6">
        <h1>Search</h1>
        <StaffSearchBox label={PAGE_BOX_LABEL} />
        <p className="max-w-prose text-slate-700">
          A seal id (OS-…), a complaint (C-…) or case (K-…) reference, an email address or a domain opens its record. Any part of an organization’s name or of a domain lists what matches.
        </p>
      </div>
    );
  }

  let result: SearchResult;
  try {
    result = await searchRecords({ ctx: await getServiceContext(), input: { q: raw } });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return (
      <div className="space-y-6">
        <h1>Search</h1>
        <StaffSearchBox label={PAGE_BOX_LABEL} defaultValue={raw} error={error.message} />
      </div>
    );
  }
  if (result.landing) redirect(result.landing);

  return (
    <div className="space-y-6">
      <h1>Search</h1>
      <StaffSearchBox label={PAGE_BOX_LABEL} defaultValue={result.q} />
      {found(result) ? (
        <>
          <p role="status" className="text-slate-700">
            Results for “{result.q}”
          </p>
          <Results result={result} />
        </>
      ) : (
        <p role="status" data-testid="search-nothing" className="font-medium">
          Nothing found for “{result.q}”.
        </p>
      )}
      {result.tooShort && (
        <p className="text-sm text-slate-700">Names and domains are searched from {MIN_TEXT_LENGTH} characters on; seal ids and references in full.</p>
      )}
    </div>
  );
}
