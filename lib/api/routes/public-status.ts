import zlib from 'node:zlib';
import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { normalizeDomain } from '@/lib/domains/normalize';
import { toStatusDocument, type StatusDocument } from '@/lib/public-status/status-record';
import { latestStatusExport, makeStatusExport } from '@/lib/public-status/status-export';
import { ValidationError } from '@/lib/services/errors';
import type { ApiRoute } from '../api-route';
import { readJsonBody } from '../request-body';

/*
 * `POST /api/v1/seals/status:batch` (issue #17): up to 1,000 seal ids and domains in one call, for
 * a relying party that lists many shops. Answered from the badge's status cache, so a batch costs
 * the database only the ids it has not seen lately (read together, not one by one).
 */

export const BATCH_MAX = 1_000;

const domain = z.string().transform((value, ctx) => {
  const normalized = normalizeDomain(value);
  if (normalized.ok) return normalized.domain;
  ctx.addIssue({ code: 'custom', message: normalized.problem });
  return z.NEVER;
});

export const StatusBatchInput = z
  .object({
    sealIds: z.array(z.string().max(64, 'A seal id is at most 64 characters.')).default([]),
    domains: z.array(domain).default([]),
  })
  .refine((input) => input.sealIds.length + input.domains.length >= 1, 'Send at least one seal id or domain: {"sealIds": [...], "domains": [...]}.')
  .refine((input) => input.sealIds.length + input.domains.length <= BATCH_MAX, `Send at most ${BATCH_MAX.toLocaleString('en')} seal ids and domains in all; split larger lists.`);

export type StatusBatchAnswer = { seals: Record<string, StatusDocument | null>; domains: Record<string, StatusDocument[]>; checkedAt: string };

export const sealStatusBatch: ApiRoute = {
  spec: { scope: 'public:read' },
  handle: async (call): Promise<StatusBatchAnswer> => {
    const parsed = StatusBatchInput.safeParse(await readJsonBody(call.request, '{"sealIds": [...], "domains": [...]}'));
    if (!parsed.success) {
      const fields: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fields[issue.path.join('.') || 'body'] ??= []).push(issue.message);
      throw new ValidationError(parsed.error.issues[0]!.message, fields);
    }
    const { statusCache, publicOrigin } = call.runtime;
    if (!statusCache || !publicOrigin) throw new Error('The status cache is not set up for this API runtime.');
    const cache = await statusCache();
    const sealIds = [...new Set(parsed.data.sealIds.map((id) => id.trim().toUpperCase()))];
    const domains = [...new Set(parsed.data.domains)];
    const [records, domainRecords] = await Promise.all([Promise.all(sealIds.map((id) => cache.get(id))), Promise.all(domains.map((name) => cache.forDomain(name)))]);
    const now = nowDate(call.ctx.clock);
    return {
      seals: Object.fromEntries(sealIds.map((id, index) => [id, records[index] ? toStatusDocument(records[index]!, now, publicOrigin) : null])),
      domains: Object.fromEntries(domains.map((name, index) => [name, domainRecords[index]!.map((record) => toStatusDocument(record, now, publicOrigin))])),
      checkedAt: now.toISOString(),
    };
  },
};

/**
 * `GET /api/v1/seals/export` (issue #17): the newest daily export of every public status, as JSON
 * Lines (gzipped when the client accepts it), with its signed digest in `OpenSeal-Export-Signature`.
 * A fresh installation makes its first export on this first request.
 */
export const sealStatusExport: ApiRoute = {
  spec: { scope: 'public:read' },
  handle: async (call) => {
    const { statusSigner, publicOrigin } = call.runtime;
    let latest = await latestStatusExport(call.ctx.db);
    if (!latest) {
      if (!statusSigner || !publicOrigin) throw new Error('The status signer is not set up for this API runtime.');
      latest = await makeStatusExport(call.ctx.db, { now: nowDate(call.ctx.clock), origin: publicOrigin, signer: await statusSigner() });
    }
    const gzip = /\bgzip\b/.test(call.request.headers.get('accept-encoding') ?? '');
    const body = gzip ? latest.body : zlib.gunzipSync(latest.body);
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': 'application/jsonl; charset=utf-8',
        ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
        'Content-Disposition': `attachment; filename="openseal-statuses-${latest.day}.jsonl"`,
        'OpenSeal-Export-Signature': latest.signature,
        'Repr-Digest': `sha-256=:${Buffer.from(latest.sha256, 'hex').toString('base64')}:`,
        Vary: 'Accept-Encoding',
      },
    });
  },
};
