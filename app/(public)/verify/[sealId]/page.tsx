import type { Metadata } from 'next';
import Link from '@/components/link';
import type { StatusDocument } from '@/lib/public-status/status-record';
import { coveredHostnames } from '@/lib/domains/normalize';
import { countryName, formatPublicDate, PublicDate, PublicSealStatus, sealStatusWord } from '@/components/public-seal-status';
import { loadVerificationPage } from './load-verification';
import { PublicLogLine, SealHistory } from './seal-history';
import { ComplaintRecord } from './complaint-record';

type Props = { params: Promise<{ sealId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { document } = await loadVerificationPage((await params).sealId);
  return {
    title: `Seal ${document.sealId}: ${sealStatusWord(document.status)} — ${document.holder.name}`,
    description: `Verification of the ${document.program.name} seal of ${document.holder.name} (${document.domains.join(', ')}): ${sealStatusWord(document.status).toLowerCase()}.`,
  };
}

/** A reason in a sentence, whether or not the reviewer ended it with a full stop. */
function asSentence(text: string | null, fallback: string) {
  const trimmed = text?.trim() || fallback;
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** What the status means for someone looking at the badge on a site, in one or two sentences. */
function statusMeaning(document: StatusDocument) {
  const program = `${document.program.name} (criteria version ${document.criteriaVersion})`;
  switch (document.status) {
    case 'active':
      return `This site’s seal is active: ${document.holder.name} was assessed against the ${program} and is certified until ${formatPublicDate(document.expiresAt)}. The seal covers only the domains listed below.`;
    case 'suspended':
      return `This site’s seal is suspended: ${asSentence(document.reason, 'the seal authority is investigating')} While it is suspended the site is not certified; the seal authority will reinstate or revoke it.`;
    case 'revoked':
      return `This site’s seal was revoked: ${asSentence(document.reason, 'no reason was published')} The site is no longer certified, and a revocation is final.`;
    case 'expired':
      return `This site’s seal expired on ${formatPublicDate(document.expiresAt)}: its certification under the ${program} was not renewed in time, so the site is no longer certified.`;
  }
}

export default async function VerifySealPage({ params }: Props) {
  const { document, history, log, complaints } = await loadVerificationPage((await params).sealId);
  const { program } = document;
  const live = document.status === 'active';
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        <Link href="/verify">Verify a seal</Link> / {document.sealId}
      </p>
      <h1>
        Seal <span className="font-mono">{document.sealId}</span>
      </h1>

      <section aria-labelledby="status-heading" className={`card border-l-8 ${live ? 'border-l-green-700' : document.status === 'suspended' ? 'border-l-amber-600' : 'border-l-red-700'}`}>
        <h2 id="status-heading" className="mt-0 flex flex-wrap items-center gap-3">
          Status: <PublicSealStatus status={document.status} large />
        </h2>
        <p className="max-w-prose" data-testid="status-meaning">
          {statusMeaning(document)}
        </p>
      </section>

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="grid max-w-3xl grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
          <dt className="font-medium">Holder</dt>
          <dd data-testid="seal-holder">
            {document.holder.name}, {countryName(document.holder.country)}
          </dd>
          <dt className="font-medium">Domains</dt>
          <dd>
            <ul data-testid="seal-domains">
              {document.domains.map((domain) => (
                <li key={domain}>
                  <span className="font-mono">{domain}</span> <span className="text-sm text-slate-600">(and {coveredHostnames(domain)[1]})</span>
                </li>
              ))}
            </ul>
            <p className="mt-1 text-sm text-slate-700">A badge showing this seal on any other site is not valid there.</p>
          </dd>
          <dt className="font-medium">Program</dt>
          <dd>
            <Link href={`/programs/${program.slug}`}>{program.name}</Link>
          </dd>
          <dt className="font-medium">Criteria version</dt>
          <dd>
            <Link href={`/programs/${program.slug}/versions/${document.criteriaVersion}`}>Version {document.criteriaVersion}</Link>
          </dd>
          <dt className="font-medium">Issued</dt>
          <dd>
            <PublicDate value={document.issuedAt} />
          </dd>
          <dt className="font-medium">{document.status === 'expired' ? 'Expired' : 'Expires'}</dt>
          <dd>
            <PublicDate value={document.expiresAt} />
          </dd>
          <dt className="font-medium">Status changed</dt>
          <dd>
            <PublicDate value={document.statusChangedAt} />
          </dd>
          {document.reason && (
            <>
              <dt className="font-medium">{document.status === 'revoked' ? 'Reason for the revocation' : 'Reason for the suspension'}</dt>
              <dd data-testid="seal-reason">{document.reason}</dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Public history</h2>
        <SealHistory history={history} />
        <PublicLogLine log={log} />
      </section>

      <ComplaintRecord holder={document.holder.name} record={complaints} />

      <section aria-labelledby="concern-heading">
        <h2 id="concern-heading">Something wrong with this site?</h2>
        <p className="max-w-prose">
          If the site does not keep the promises it was certified for — for example it shares or sells your personal data — tell the seal authority.
        </p>
        <p className="mt-2">
          <Link href={`/complaints/new?seal=${document.sealId}`} className="btn">
            Report a concern about this site
          </Link>
        </p>
      </section>

      <p className="text-sm text-slate-700">
        For programs and browser extensions: the same status as JSON at <a href={`/api/v1/seals/${document.sealId}/status`}>/api/v1/seals/{document.sealId}/status</a>.
      </p>
    </div>
  );
}
