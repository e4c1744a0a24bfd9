import type { NetPolicy } from './policy';

/** `path` on `domain` over `scheme`, at the port the policy fetches sites from (default ports left out). */
export function siteUrl(scheme: 'https' | 'http', domain: string, path: string, policy: NetPolicy): string {
  const port = policy.sitePorts[scheme];
  const defaultPort = scheme === 'https' ? 443 : 80;
  return `${scheme}://${domain}${port === defaultPort ? '' : `:${port}`}${path}`;
}
