import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { createResolver } from './dns';
import type { NetPolicy } from './policy';
import { checkedAddresses, connectionFailure, failure, parseWebUrl, pinnedLookup, withTimeLimit, type SafeFetchFailure } from './safe-fetch';

export const WEBHOOK_USER_AGENT = 'OpenSeal-Webhooks/1.0';
/** What is read of an answer, at most: a receiver's reply body is kept only as a hint in the delivery log. */
const ANSWER_BYTES = 2_000;

export type SafePostResult = { ok: true; status: number; answer: string } | (SafeFetchFailure & { answer?: string });

/**
 * POSTs a body to an address a subscriber gave (webhooks, issue #17), under the same rules as the
 * safe fetcher: https or http as the address says, never to a private address outside
 * `policy.allow` (every address of the name checked, the connection pinned to them), bounded in
 * time. A redirect is not followed: it counts as a failure, as receivers are told.
 */
export async function safePost(target: string, body: string, headers: Record<string, string>, policy: NetPolicy): Promise<SafePostResult> {
  const url = parseWebUrl(target);
  if (!(url instanceof URL)) return url;
  try {
    return await withTimeLimit(policy, async (signal): Promise<SafePostResult> => {
      const addresses = await checkedAddresses(url, policy, createResolver(policy));
      if (!Array.isArray(addresses)) return addresses;
      return send(url, addresses, body, headers, policy, signal);
    });
  } catch (error) {
    return failure('connect', `the address could not be reached (${error instanceof Error ? error.message : String(error)})`);
  }
}

function send(url: URL, addresses: Array<{ address: string; family: 4 | 6 }>, body: string, headers: Record<string, string>, policy: NetPolicy, signal: AbortSignal): Promise<SafePostResult> {
  return new Promise((resolve) => {
    const lookup = pinnedLookup(addresses);
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { 'user-agent': WEBHOOK_USER_AGENT, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
        lookup,
        agent: false,
        ...(url.protocol === 'https:' && policy.extraCa.length > 0 ? { ca: [...tls.rootCertificates, ...policy.extraCa] } : {}),
        signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < ANSWER_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size > 64 * 1024) response.destroy(); // enough read: the status is what counts
        });
        const finish = () => {
          const answer = Buffer.concat(chunks).toString('utf8').slice(0, ANSWER_BYTES);
          if (status >= 200 && status <= 299) resolve({ ok: true, status, answer });
          else if (status >= 300 && status <= 399) resolve({ ...failure('status', `the address answered ${status} (redirects are not followed)`, status), answer });
          else resolve({ ...failure('status', `the address answered ${status}`, status), answer });
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      },
    );
    request.on('error', (error) => resolve(connectionFailure(error, url, policy)));
    request.end(body);
  });
}
