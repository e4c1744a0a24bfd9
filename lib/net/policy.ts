import type { Env } from '@/lib/env';

/**
 * How the platform may reach out to other hosts: every outbound request (domain proofs, privacy
 * policies, later monitors) goes through the safe fetcher under this policy.
 */
export type NetPolicy = {
  /** CIDR ranges that are allowed although loopback, private or link-local. Empty in production. */
  allow: string[];
  /** Certificate authorities (PEM) trusted for HTTPS beside the system's. Empty in production; tests add their own. */
  extraCa: string[];
  /** DNS servers as IP[:port]; null: the system resolver. */
  dnsServers: string[] | null;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Where a site's pages are fetched from (80 and 443 except in tests and local setups). */
  sitePorts: { http: number; https: number };
};

export const DEFAULT_NET_POLICY: NetPolicy = {
  allow: [],
  extraCa: [],
  dnsServers: null,
  timeoutMs: 5_000,
  maxBytes: 1_000_000,
  maxRedirects: 3,
  sitePorts: { http: 80, https: 443 },
};

export function netPolicyFromEnv(env: Env): NetPolicy {
  return {
    ...DEFAULT_NET_POLICY,
    allow: env.OPENSEAL_FETCH_ALLOWLIST,
    extraCa: env.OPENSEAL_FETCH_EXTRA_CA ? [env.OPENSEAL_FETCH_EXTRA_CA] : [],
    dnsServers: env.OPENSEAL_DNS_SERVERS ?? null,
    sitePorts: { http: env.OPENSEAL_SITE_HTTP_PORT, https: env.OPENSEAL_SITE_HTTPS_PORT },
  };
}
