import type { NetPolicy } from '@/lib/net/policy';
import { safeFetchText } from '@/lib/net/safe-fetch';
import { siteUrl } from '@/lib/net/site-url';
import { findBadgeOnPage } from './badge-on-page';

export type BadgeCopyFound = { found: true; url: string; snippet: string };
export type BadgeCopyNotFound = { found: false; problem: string };

type Fetched = { url: string; ok: true; finalUrl: string; text: string } | { url: string; ok: false; problem: string };

/**
 * A host's home page as the copied-badge monitor reads it: over HTTPS, then over HTTP — this is
 * evidence that a page shows a badge, not a proof of ownership, so a copy served over plain HTTP
 * counts as much as one over HTTPS. Each scheme is fetched at most once, and only when a seal was
 * not found on the pages fetched so far, through the safe fetcher (no private addresses, bounded
 * in time and size).
 */
export function hostHomePage(host: string, policy: NetPolicy) {
  const fetched: Array<Promise<Fetched>> = [];
  const fetchOver = async (scheme: 'https' | 'http'): Promise<Fetched> => {
    const url = siteUrl(scheme, host, '/', policy);
    const result = await safeFetchText(url, policy);
    return result.ok ? { url, ok: true, finalUrl: result.finalUrl, text: result.text } : { url, ok: false, problem: result.problem };
  };
  const schemes = ['https', 'http'] as const;

  /** Where the badge of `sealId` was found, or why it was not, in words for a reviewer. */
  async function findBadge(sealId: string): Promise<BadgeCopyFound | BadgeCopyNotFound> {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const [index, scheme] of schemes.entries()) {
      fetched[index] ??= fetchOver(scheme);
      const page = await fetched[index];
      if (!page.ok) {
        problems.push(`${page.url} could not be read: ${page.problem}`);
        continue;
      }
      const badge = findBadgeOnPage(page.text, page.finalUrl, sealId);
      if (badge) return { found: true, url: page.finalUrl, snippet: badge.snippet };
      // http:// commonly redirects to the https:// page already read: said once.
      if (!seen.has(page.finalUrl)) problems.push(`the page at ${page.finalUrl} does not carry the badge for ${sealId}`);
      seen.add(page.finalUrl);
    }
    return { found: false, problem: problems.join('; ') };
  }
  return { findBadge };
}
