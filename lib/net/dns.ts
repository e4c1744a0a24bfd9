import dns from 'node:dns/promises';
import { isIP } from 'node:net';
import type { NetPolicy } from './policy';
import { formatSeconds } from './units';

export type DnsProblemReason = 'not-found' | 'no-data' | 'timeout' | 'unreachable' | 'failed';

/** A lookup that failed, with a message a person understands ("no such record", "timed out after 5 s"). */
export class DnsLookupError extends Error {
  constructor(
    readonly reason: DnsProblemReason,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DnsLookupError';
  }
}

export type ResolvedAddress = { address: string; family: 4 | 6 };

export type NetResolver = {
  /** The TXT records of `name`, each as its character strings (join them for the record's value). */
  resolveTxt(name: string): Promise<string[][]>;
  /** Every IPv4 and IPv6 address of `name` (an IP literal resolves to itself). */
  lookup(name: string): Promise<ResolvedAddress[]>;
};

function toDnsError(error: unknown, timeoutMs: number): DnsLookupError {
  if (error instanceof DnsLookupError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'UNKNOWN';
  switch (code) {
    case 'ENOTFOUND':
    case 'NXDOMAIN':
      return new DnsLookupError('not-found', 'no such record', code);
    case 'ENODATA':
      return new DnsLookupError('no-data', 'no such record', code);
    case 'ETIMEOUT':
    case 'ETIMEDOUT':
    case 'EAI_AGAIN':
      return new DnsLookupError('timeout', `timed out after ${formatSeconds(timeoutMs)}`, code);
    case 'ECONNREFUSED':
    case 'ECONNREFUSED_DNS':
      return new DnsLookupError('unreachable', 'the DNS server could not be reached', code);
    case 'ESERVFAIL':
      return new DnsLookupError('failed', 'the DNS server failed to answer', code);
    case 'EREFUSED':
      return new DnsLookupError('failed', 'the DNS server refused to answer', code);
    case 'EBADNAME':
    case 'EFORMERR':
      return new DnsLookupError('failed', 'the name is not valid in DNS', code);
    default:
      return new DnsLookupError('failed', `the DNS lookup failed (${code})`, code);
  }
}

/** Runs `operation` with the policy's time limit; `onTimeout` cancels what is still in flight. */
async function withTimeout<T>(timeoutMs: number, operation: () => Promise<T>, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new DnsLookupError('timeout', `timed out after ${formatSeconds(timeoutMs)}`, 'ETIMEOUT'));
    }, timeoutMs);
  });
  try {
    return await Promise.race([operation(), expired]);
  } catch (error) {
    throw toDnsError(error, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A resolver under the platform's policy: the configured DNS servers when there are any (tests and
 * local setups point them at their own server), the system's resolver otherwise. Every call fails
 * with a DnsLookupError, never with a raw c-ares or getaddrinfo error.
 */
export function createResolver(policy: NetPolicy): NetResolver {
  const servers = policy.dnsServers && policy.dnsServers.length > 0 ? policy.dnsServers : null;

  function newResolver(): dns.Resolver {
    // Two tries share the time limit: one lost UDP packet should not fail a check.
    const resolver = new dns.Resolver({ timeout: Math.max(50, Math.floor(policy.timeoutMs / 3)), tries: 2 });
    if (servers) resolver.setServers(servers);
    return resolver;
  }

  return {
    resolveTxt(name) {
      const resolver = newResolver();
      return withTimeout(policy.timeoutMs, () => resolver.resolveTxt(name), () => resolver.cancel());
    },

    lookup(name) {
      const host = name.replace(/^\[(.*)\]$/, '$1');
      const literal = isIP(host);
      if (literal) return Promise.resolve([{ address: host, family: literal as 4 | 6 }]);

      if (!servers) {
        return withTimeout(
          policy.timeoutMs,
          async () => {
            const found = await dns.lookup(host, { all: true, verbatim: true });
            return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }) as ResolvedAddress);
          },
          () => {}, // getaddrinfo cannot be cancelled; its late answer is ignored
        );
      }

      const resolver = newResolver();
      return withTimeout(
        policy.timeoutMs,
        async () => {
          const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
          const addresses: ResolvedAddress[] = [
            ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
            ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
          ];
          if (addresses.length > 0) return addresses;
          // Neither family answered: report the more telling of the two failures ("no data" says least).
          const errors = [v4, v6].flatMap((result) => (result.status === 'rejected' ? [toDnsError(result.reason, policy.timeoutMs)] : []));
          throw errors.find((error) => error.reason !== 'no-data') ?? errors[0] ?? new DnsLookupError('no-data', 'no such record', 'ENODATA');
        },
        () => resolver.cancel(),
      );
    },
  };
}
