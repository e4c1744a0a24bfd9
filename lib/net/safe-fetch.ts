import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describeAddressKind, forbiddenAddressKind } from './address-policy';
import { createResolver, DnsLookupError, type NetResolver, type ResolvedAddress } from './dns';
import type { NetPolicy } from './policy';
import { formatBytes, formatSeconds } from './units';

export const USER_AGENT = 'OpenSeal-Verifier/1.0 (+ownership and policy checks)';
const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1';
const TEXT_TYPES = new Set(['application/xhtml+xml', 'application/xml', 'application/json']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * What stopped a fetch. `connect` and `timeout` mean the host could not be talked to (a caller may
 * try another scheme); `status` means it answered, with a status other than 2xx.
 */
export type SafeFetchProblemKind = 'invalid-url' | 'refused' | 'dns' | 'connect' | 'timeout' | 'redirects' | 'redirect-refused' | 'status' | 'too-large' | 'not-text';

export type SafeFetchResult =
  /** `redirectedFrom`: the addresses that redirected, in order (empty when the first answered). */
  | { ok: true; finalUrl: string; redirectedFrom: string[]; status: number; contentType: string; text: string }
  | { ok: false; problem: string; kind: SafeFetchProblemKind; status?: number };

export type SafeFetchFailure = Extract<SafeFetchResult, { ok: false }>;
type Hop = SafeFetchFailure | { ok: true; finalUrl: string; status: number; contentType: string; text: string } | { redirectTo: string };

/**
 * A caller's rule for redirects: why the hop from `from` to `to` is refused (a lowercase phrase,
 * like the fetcher's own), or null to follow it. Checked before the next host is even looked up.
 */
export type RedirectRule = (from: URL, to: URL) => string | null;

export type SafeFetchOptions = { accept?: string; redirectRule?: RedirectRule };

export function failure(kind: SafeFetchProblemKind, problem: string, status?: number): SafeFetchFailure {
  return status === undefined ? { ok: false, kind, problem } : { ok: false, kind, problem, status };
}

/**
 * Fetches a text document from a host an applicant named, under `policy`: http(s) only, never from
 * a loopback, private or link-local address (outside `policy.allow`), redirects followed by hand
 * and checked again at every hop, bounded in time and size. It does not throw for anything the
 * network or the remote side does: it returns `ok: false` with a lowercase phrase a person
 * understands ("the page answered 403", "timed out after 5 s") for the caller to put in a sentence.
 */
export async function safeFetchText(url: string, policy: NetPolicy, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  return withTimeLimit(policy, (signal) => follow(url, policy, options.accept ?? DEFAULT_ACCEPT, options.redirectRule ?? null, signal));
}

/**
 * One limit for the whole of `work` (every lookup, hop and byte): a server that drips one byte a
 * second must not hold a check open for minutes. The signal aborts the connections when it passes.
 */
export async function withTimeLimit<T>(policy: NetPolicy, work: (signal: AbortSignal) => Promise<T>): Promise<T | SafeFetchFailure> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<SafeFetchFailure>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(failure('timeout', `timed out after ${formatSeconds(policy.timeoutMs)}`));
    }, policy.timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The socket connects to the addresses checked and to nothing else: a second DNS answer (rebinding
 * to 127.0.0.1 between check and connect) never reaches the connection.
 */
export function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0]!;
    if (options.all) callback(null, addresses);
    else callback(null, first.address, first.family);
  };
}

export function parseWebUrl(text: string): URL | SafeFetchFailure {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return failure('invalid-url', `“${text}” is not a valid web address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return failure('refused', `refused: ${url.protocol.replace(/:$/, '')} addresses cannot be fetched, only http and https`);
  if (url.username || url.password) return failure('refused', 'refused: the address contains a user name or password');
  return url;
}

async function follow(start: string, policy: NetPolicy, accept: string, redirectRule: RedirectRule | null, signal: AbortSignal): Promise<SafeFetchResult> {
  try {
    const resolver = createResolver(policy);
    const redirectedFrom: string[] = [];
    let current = parseWebUrl(start);
    for (let redirects = 0; ; redirects++) {
      if (!(current instanceof URL)) return current;
      const addresses = await checkedAddresses(current, policy, resolver);
      if (!Array.isArray(addresses)) return addresses;
      if (signal.aborted) return failure('timeout', `timed out after ${formatSeconds(policy.timeoutMs)}`);
      const hop = await fetchOnce(current, addresses, policy, accept, signal);
      if (!('redirectTo' in hop)) return hop.ok ? { ...hop, redirectedFrom } : hop;
      if (redirects >= policy.maxRedirects) return failure('redirects', `the address redirected more than ${policy.maxRedirects} ${policy.maxRedirects === 1 ? 'time' : 'times'}`);
      let next: URL;
      try {
        next = new URL(hop.redirectTo, current);
      } catch {
        return failure('invalid-url', `the page redirected to an invalid address (${hop.redirectTo})`);
      }
      const refusal = redirectRule?.(current, next) ?? null;
      if (refusal) return failure('redirect-refused', refusal);
      redirectedFrom.push(current.toString());
      current = parseWebUrl(next.toString());
    }
  } catch (error) {
    // Nothing above should throw; if something does, the check fails in words, not with a stack trace.
    return failure('connect', `the page could not be fetched (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The host's addresses, all of them allowed under the policy, or why not. */
export async function checkedAddresses(url: URL, policy: NetPolicy, resolver: NetResolver): Promise<ResolvedAddress[] | SafeFetchFailure> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolver.lookup(host);
  } catch (error) {
    if (!(error instanceof DnsLookupError)) throw error;
    if (error.reason === 'not-found' || error.reason === 'no-data') return failure('dns', `${host} was not found in DNS`);
    if (error.reason === 'timeout') return failure('timeout', `looking up ${host} ${error.message}`);
    return failure('dns', `${host} could not be looked up: ${error.message}`);
  }
  if (addresses.length === 0) return failure('dns', `${host} was not found in DNS`);
  // Every address is checked, not only the one connected to: a name that also resolves to an
  // internal address is refused outright.
  for (const { address } of addresses) {
    const kind = forbiddenAddressKind(address, policy.allow);
    if (!kind) continue;
    return failure('refused', isIP(host) ? `refused: ${host} is ${describeAddressKind(kind)}` : `refused: ${host} resolves to ${address}, ${describeAddressKind(kind)}`);
  }
  return addresses;
}

function fetchOnce(url: URL, addresses: ResolvedAddress[], policy: NetPolicy, accept: string, signal: AbortSignal): Promise<Hop> {
  return new Promise<Hop>((resolve) => {
    const lookup = pinnedLookup(addresses);
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), // the name stays the Host header and the TLS SNI
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { 'user-agent': USER_AGENT, accept, 'accept-encoding': 'gzip, deflate, br' },
        lookup,
        agent: false,
        // Extra authorities (tests and local setups) are trusted beside the system's, never instead.
        ...(url.protocol === 'https:' && policy.extraCa.length > 0 ? { ca: [...tls.rootCertificates, ...policy.extraCa] } : {}),
        signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const stop = (hop: Hop) => {
          response.destroy();
          request.destroy();
          resolve(hop);
        };
        const location = response.headers.location;
        if (REDIRECT_STATUSES.has(status) && location) return stop({ redirectTo: location });
        if (status < 200 || status > 299) return stop(failure('status', `the page answered ${status}`, status));
        const contentType = response.headers['content-type'] ?? '';
        const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
        if (!mediaType.startsWith('text/') && !TEXT_TYPES.has(mediaType)) {
          return stop(failure('not-text', mediaType ? `the response is not text (${mediaType})` : 'the response does not say what type of content it is'));
        }
        const tooLarge = failure('too-large', `the response is larger than ${formatBytes(policy.maxBytes)}`);
        if (Number(response.headers['content-length']) > policy.maxBytes) return stop(tooLarge);
        readBody(response, policy.maxBytes).then((body) => {
          if (body === 'too-large') return stop(tooLarge);
          if (typeof body === 'string') return stop(failure(signal.aborted ? 'timeout' : 'connect', body));
          resolve({ ok: true, finalUrl: url.toString(), status, contentType, text: decodeText(body, contentType) });
        });
      },
    );
    request.on('error', (error) => resolve(connectionFailure(error, url, policy)));
    request.end();
  });
}

/** The body, decompressed, or why it could not be read; never more than `maxBytes` in memory. */
async function readBody(response: http.IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large' | string> {
  const encoding = String(response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoders: Record<string, () => NodeJS.ReadWriteStream> = {
    gzip: () => zlib.createGunzip(),
    'x-gzip': () => zlib.createGunzip(),
    deflate: () => zlib.createInflate(),
    br: () => zlib.createBrotliDecompress(),
  };
  let source: Readable = response;
  if (encoding in decoders) source = pipeline(response, decoders[encoding]!(), () => {}) as unknown as Readable;
  else if (encoding !== 'identity' && encoding !== '') return `the response is compressed as “${encoding}”, which cannot be read`;

  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += (chunk as Buffer).length;
      // Counted after decompression, so a small compressed bomb stops at the same limit.
      if (size > maxBytes) {
        source.destroy();
        return 'too-large';
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return code.startsWith('Z_') ? 'the compressed response is damaged' : 'the connection closed before the whole page arrived';
  }
  return Buffer.concat(chunks);
}

/** UTF-8 unless the Content-Type names another charset that TextDecoder knows (latin1 and others). */
function decodeText(body: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);

export function connectionFailure(error: Error, url: URL, policy: NetPolicy): SafeFetchFailure {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const where = url.host;
  const host = url.hostname;
  if (code === 'ABORT_ERR' || error.name === 'AbortError' || code === 'ETIMEDOUT') {
    return failure('timeout', `timed out after ${formatSeconds(policy.timeoutMs)}`);
  }
  if (code === 'ECONNREFUSED') return failure('connect', `${where} refused the connection`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return failure('connect', `the connection to ${where} was closed before it answered`);
  if (['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EAI_FAIL'].includes(code)) return failure('connect', `${where} could not be reached`);
  if (code === 'CERT_HAS_EXPIRED') return failure('connect', `the HTTPS certificate of ${host} has expired`);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return failure('connect', `the HTTPS certificate is not valid for ${host}`);
  if (UNTRUSTED_CERTIFICATE.has(code)) return failure('connect', `the HTTPS certificate of ${host} is not trusted (self-signed or an incomplete chain)`);
  if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) return failure('connect', `a secure connection to ${where} could not be set up`);
  if (code.startsWith('HPE_')) return failure('connect', `${where} did not answer with valid HTTP`);
  return failure('connect', `the connection to ${where} failed (${code || error.message})`);
}
