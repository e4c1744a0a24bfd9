import { z } from 'zod';
import type { PublicStatusService } from '@/lib/public-status/public-status-service';
import type { PublicRequest, PublicResponse } from '@/lib/public-status/request-context';
import { jsonAnswer, PUBLIC_HEADERS, validated } from '@/lib/public-status/public-answers';
import { strongEtag } from '@/lib/public-status/http-caching';
import { latestCheckpoint, readEntries, readStoredHashes } from './log-store';
import { consistencyProofFromStored, consistencyProofNeeds, inclusionProofFromStored, inclusionProofNeeds, tileHashAddresses } from './stored-hashes';
import { cosignatureLines } from './witnesses';
import { encodeEntryBundle, parseTilePath, TILE_WIDTH } from './tiles';

/*
 * The public log's read API (DESIGN.md "Contract additions", ADR 0023): C2SP tlog-tiles under /log/,
 * and the JSON proofs of /api/v1/log/proof/. Everything is answered from the latest checkpoint's
 * tree: nothing beyond it is shown, so what a client reads always verifies against a signed root.
 */

const TEXT_TYPE = 'text/plain; charset=utf-8';
const BYTES_TYPE = 'application/octet-stream';
/** A checkpoint is fresh for a few seconds; the key, full tiles and proofs never change. */
const CHECKPOINT_CACHE_CONTROL = 'public, max-age=5';
const FOREVER = 'public, max-age=31536000, immutable';
/** A partial tile never changes either, but it is only served until its full tile exists. */
const PARTIAL_TILE_CACHE_CONTROL = 'public, max-age=3600';

const notReady = () => jsonAnswer(503, { error: 'not_ready', message: 'The log has no signed checkpoint yet; try again in a few seconds.' }, { 'Retry-After': '2' });
const notFound = () => jsonAnswer(404, { error: 'not_found' }, { 'Cache-Control': 'public, max-age=5' });

export async function checkpointAnswer(service: PublicStatusService, request: PublicRequest): Promise<PublicResponse> {
  const checkpoint = await latestCheckpoint(service.runtime.db);
  if (!checkpoint) return notReady();
  // The witnesses' cosignatures follow the log's own signature line, as C2SP tlog-cosignature shows.
  const note = checkpoint.note + (await cosignatureLines(service.runtime.db, checkpoint.size));
  return validated(request, { 'Content-Type': TEXT_TYPE, 'Cache-Control': CHECKPOINT_CACHE_CONTROL, ETag: strongEtag('checkpoint', note) }, () => note);
}

export function keyAnswer(service: PublicStatusService, request: PublicRequest): PublicResponse {
  const key = service.logSigner.verifierKey;
  return validated(request, { 'Content-Type': TEXT_TYPE, 'Cache-Control': 'public, max-age=86400', ETag: strongEtag('log-key', key) }, () => key);
}

/** `GET /log/tile/{L}/{N}[.p/{W}]` and `GET /log/tile/entries/{N}[.p/{W}]`; `path` is what follows `/log/`. */
export async function tileAnswer(service: PublicStatusService, request: PublicRequest, path: string): Promise<PublicResponse> {
  const tile = parseTilePath(path);
  if (!tile) return notFound();
  const checkpoint = await latestCheckpoint(service.runtime.db);
  if (!checkpoint) return notReady();
  const { level, index, width } = tile;
  // How many hashes (or entries) the tree has at this tile's level, and so whether the tile exists.
  const perTile = level === 'entries' ? 1 : TILE_WIDTH ** level;
  const available = Math.floor(checkpoint.size / perTile) - index * TILE_WIDTH;
  if (available < width) return notFound();
  const db = service.runtime.db;
  let body: Buffer;
  if (level === 'entries') {
    body = Buffer.from(encodeEntryBundle(await readEntries(db, index * TILE_WIDTH, width)));
  } else {
    const addresses = tileHashAddresses({ level, index, width });
    const read = await readStoredHashes(db, addresses);
    body = Buffer.concat(addresses.map(read));
  }
  const cacheControl = width === TILE_WIDTH ? FOREVER : PARTIAL_TILE_CACHE_CONTROL;
  return { status: 200, headers: { ...PUBLIC_HEADERS, 'Content-Type': BYTES_TYPE, 'Cache-Control': cacheControl }, body };
}

// A tree size or index: a decimal within the safe integers (the proofs are computed with numbers).
const count = (name: string) =>
  z
    .string({ message: `${name} is required` })
    .regex(/^(0|[1-9][0-9]{0,14})$/, `${name} must be a whole number`)
    .transform(Number);

const InclusionQuery = z.object({ index: count('index'), size: count('size') }).refine((query) => query.index < query.size, { message: 'index must be less than size' });
const ConsistencyQuery = z
  .object({ from: count('from'), to: count('to') })
  .refine((query) => query.from >= 1, { message: 'from must be at least 1' })
  .refine((query) => query.from <= query.to, { message: 'from must not be greater than to' });

function badRequest(message: string) {
  return jsonAnswer(400, { error: 'bad_request', message });
}

function parseQuery<T>(schema: z.ZodType<T>, query: string): { data: T } | { error: PublicResponse } {
  const result = schema.safeParse(Object.fromEntries(new URLSearchParams(query)));
  return result.success ? { data: result.data } : { error: badRequest(result.error.issues[0]?.message ?? 'The query is not valid.') };
}

const base64 = (hash: Uint8Array) => Buffer.from(hash).toString('base64');

/** `GET /api/v1/log/proof/inclusion?index=&size=` → `{ index, size, proof }`, RFC 9162 §2.1.3. */
export async function inclusionProofAnswer(service: PublicStatusService, request: PublicRequest): Promise<PublicResponse> {
  const parsed = parseQuery(InclusionQuery, request.query);
  if ('error' in parsed) return parsed.error;
  const { index, size } = parsed.data;
  const checkpoint = await latestCheckpoint(service.runtime.db);
  if (!checkpoint) return notReady();
  if (size > checkpoint.size) return badRequest(`size must not exceed the latest checkpoint's tree size, ${checkpoint.size}`);
  const proof = inclusionProofFromStored(index, size, await readStoredHashes(service.runtime.db, inclusionProofNeeds(index, size)));
  return jsonAnswer(200, { index, size, proof: proof.map(base64) }, { 'Cache-Control': FOREVER });
}

/** `GET /api/v1/log/proof/consistency?from=&to=` → `{ from, to, proof }`, RFC 9162 §2.1.4. */
export async function consistencyProofAnswer(service: PublicStatusService, request: PublicRequest): Promise<PublicResponse> {
  const parsed = parseQuery(ConsistencyQuery, request.query);
  if ('error' in parsed) return parsed.error;
  const { from, to } = parsed.data;
  const checkpoint = await latestCheckpoint(service.runtime.db);
  if (!checkpoint) return notReady();
  if (to > checkpoint.size) return badRequest(`to must not exceed the latest checkpoint's tree size, ${checkpoint.size}`);
  const proof = consistencyProofFromStored(from, to, await readStoredHashes(service.runtime.db, consistencyProofNeeds(from, to)));
  return jsonAnswer(200, { from, to, proof: proof.map(base64) }, { 'Cache-Control': FOREVER });
}
