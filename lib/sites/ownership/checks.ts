import { createResolver, DnsLookupError } from '@/lib/net/dns';
import type { NetPolicy } from '@/lib/net/policy';
import { safeFetchText, type RedirectRule } from '@/lib/net/safe-fetch';
import { siteUrl } from '@/lib/net/site-url';
import { dnsRecordValue, VERIFICATION_FILE_PATH, VERIFICATION_NAME, type VerificationMethod } from './instructions';
import { metaContents } from './meta-tag';

export { ownershipInstructions, VERIFICATION_FILE_PATH, VERIFICATION_NAME, type OwnershipInstructions } from './instructions';

/** `foundAt`: where the proof was found, in a sentence stored with the verification and shown on the site page. */
export type OwnershipCheckResult = { ok: true; foundAt: string } | { ok: false; problem: string };

/**
 * Whether `domain` publishes `token` by `method` right now. Never throws for anything DNS, the
 * network or the site does: a failed check says, in a sentence for the applicant, what was found
 * instead. `domain` is a normalised domain (lib/domains/normalize.ts).
 */
export async function checkOwnership(domain: string, token: string, method: VerificationMethod, policy: NetPolicy): Promise<OwnershipCheckResult> {
  // An empty token would be "found" in an empty file or record: refuse it as the programming error it is.
  if (!token.trim()) throw new Error('checkOwnership needs the site’s verification token');
  switch (method) {
    case 'dns':
      return checkDnsRecord(domain, token, policy);
    case 'meta':
      return checkMetaTag(domain, token, policy);
    case 'file':
      return checkWellKnownFile(domain, token, policy);
  }
}

/** `openseal-verification=<value>` → the value (spaces around "=" and the name's case forgiven), else null. */
function verificationValue(text: string): string | null {
  const match = new RegExp(`^\\s*${VERIFICATION_NAME}\\s*=\\s*(.*?)\\s*$`, 'i').exec(text);
  return match ? match[1]! : null;
}

async function checkDnsRecord(domain: string, token: string, policy: NetPolicy): Promise<OwnershipCheckResult> {
  let records: string[][];
  try {
    records = await createResolver(policy).resolveTxt(domain);
  } catch (error) {
    if (!(error instanceof DnsLookupError)) throw error;
    if (error.reason === 'no-data') return { ok: false, problem: `No TXT records were found for ${domain}.` };
    if (error.reason === 'not-found') return { ok: false, problem: `No TXT records were found for ${domain}: the name does not exist in DNS.` };
    return { ok: false, problem: `The TXT records of ${domain} could not be read: ${error.message}.` };
  }
  if (records.length === 0) return { ok: false, problem: `No TXT records were found for ${domain}.` };
  // A long TXT record arrives as several character strings; its value is their concatenation.
  const values = records.map((chunks) => verificationValue(chunks.join('')));
  if (values.includes(token)) return { ok: true, foundAt: `Found the TXT record ${dnsRecordValue(token)} on ${domain}.` };
  const others = values.some((value) => value !== null);
  return {
    ok: false,
    problem: others
      ? `TXT records were found for ${domain}, but none carries this token: the ${VERIFICATION_NAME} record there has a different one. Expected ${dnsRecordValue(token)}.`
      : `TXT records were found for ${domain}, but none carries this token. Add a TXT record with the value ${dnsRecordValue(token)}.`,
  };
}

/**
 * A proof counts only where the claimed domain's owner controls it: redirects may move between the
 * domain and its `www.` name on the same HTTPS port, and nowhere else. Another host (a hosting
 * platform's, an open redirect's) or plain HTTP (which anyone on the path can answer) is refused.
 */
function proofRedirectRule(domain: string, policy: NetPolicy): RedirectRule {
  const hosts = [domain, `www.${domain}`];
  return (from, to) => {
    if (to.protocol !== 'https:') return `it redirected from ${from} to ${to}, plain HTTP; a proof is read over HTTPS only`;
    if (!hosts.includes(to.hostname.toLowerCase())) return `it redirected from ${from} to ${to}, another host; a proof is accepted only on ${domain} or www.${domain}`;
    if (Number(to.port || 443) !== policy.sitePorts.https) return `it redirected from ${from} to ${to}, another port; a proof is accepted only on the HTTPS port`;
    return null;
  };
}

type SiteDocument = { ok: true; text: string; url: string; redirectedFrom: string[] } | { ok: false; problem: string };

/**
 * `path` on the site, over HTTPS only: a proof served over plain HTTP could come from anyone
 * between us and the site. Redirects are followed only between the domain and its `www.` name.
 */
async function fetchFromSite(domain: string, path: string, label: string, policy: NetPolicy): Promise<SiteDocument> {
  const url = siteUrl('https', domain, path, policy);
  const result = await safeFetchText(url, policy, { redirectRule: proofRedirectRule(domain, policy) });
  if (result.ok) return { ok: true, text: result.text, url: result.finalUrl, redirectedFrom: result.redirectedFrom };
  if (result.kind === 'status') return { ok: false, problem: `${label} answered ${result.status} (${url}).` };
  if (result.kind === 'connect' || result.kind === 'timeout') {
    return { ok: false, problem: `${label} could not be fetched over HTTPS (${url}): ${result.problem}. Proofs are read over HTTPS only; a site without HTTPS can prove ownership with the DNS record.` };
  }
  return { ok: false, problem: `${label} could not be fetched (${url}): ${result.problem}.` };
}

/** "Found the meta tag on https://www.example.com/ after a redirect from https://example.com/". */
function foundAt(what: string, document: Extract<SiteDocument, { ok: true }>): string {
  const from = document.redirectedFrom.length > 0 ? ` after a redirect from ${document.redirectedFrom.join(' and ')}` : '';
  return `Found the ${what} on ${document.url}${from}.`;
}

async function checkMetaTag(domain: string, token: string, policy: NetPolicy): Promise<OwnershipCheckResult> {
  const page = await fetchFromSite(domain, '/', 'The home page', policy);
  if (!page.ok) return page;
  const contents = metaContents(page.text, VERIFICATION_NAME);
  if (contents.includes(token)) return { ok: true, foundAt: foundAt('meta tag', page) };
  if (contents.length === 0) {
    return { ok: false, problem: `The home page has no ${VERIFICATION_NAME} meta tag in its <head> (${page.url}).` };
  }
  return { ok: false, problem: `The meta tag carries a different token (“${contents[0]}”); it should carry “${token}”.` };
}

async function checkWellKnownFile(domain: string, token: string, policy: NetPolicy): Promise<OwnershipCheckResult> {
  const label = `The file ${VERIFICATION_FILE_PATH}`;
  const file = await fetchFromSite(domain, VERIFICATION_FILE_PATH, label, policy);
  if (!file.ok) return file;
  const body = file.text.trim();
  if (body === token || verificationValue(body) === token) return { ok: true, foundAt: foundAt('file', file) };
  return { ok: false, problem: `${label} does not contain this site’s token; it should contain only “${token}” (${file.url}).` };
}
