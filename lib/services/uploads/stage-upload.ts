import crypto from 'node:crypto';
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { stagedUploadChunks, stagedUploads } from '@/db/schema';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';
import { cleanEvidenceName, createEvidenceSniffer, evidenceFileProblem, tooLargeProblem, type EvidenceContentType } from '@/lib/complaints/evidence-files';
import { EVIDENCE_LIMITS, megabytes, STAGED_UPLOAD_LIMITS } from '@/lib/complaints/limits';
import { hashUploadSecret, isUploadSecretShape, newUploadSecret } from '@/lib/uploads/upload-secrets';
import type { ServiceContext } from '../context';
import { LengthRequiredError, PayloadTooLargeError, TooManyAttemptsError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { waitWords } from '../rate-limits';
import { addressIntakeRoom, addressLimitMessage } from '../complaints/intake-rate-limits';

/** The one file of an upload request, as the route's multipart parser hands it over: read once, as it arrives. */
export type ReceivedFile = { name: string; chunks: AsyncIterable<Uint8Array> };

const StageUploadInput = z.object({
  /** The request's Content-Length: the whole body, multipart framing included; null when none was sent. */
  declaredBytes: z.number().int().nonnegative().nullable(),
  /** The client's address as the server saw it (lib/server/client-ip.ts). */
  clientAddress: z.string().trim().min(1).max(100),
  /** The anonymous uploader key (the browser's cookie, lib/uploads/upload-secrets.ts); unused when signed in. */
  uploaderKey: z.string().optional(),
});

export type StagedFile = { token: string; fileName: string; contentType: EvidenceContentType; sizeBytes: number; sha256: string; expiresAt: Date };

export const LENGTH_REQUIRED_MESSAGE = 'The upload did not say how large it is. Send the file again from the form (browsers say so by themselves).';
export const TOO_LARGE_UPLOAD_MESSAGE = `This file is larger than the server accepts: each file may be at most ${megabytes(EVIDENCE_LIMITS.maxFileBytes)}. Nothing was kept.`;

/** Who owns a staged upload: the account that sent it, or else the browser's anonymous uploader key. */
function ownerCondition(owner: { userId: string } | { keyHash: string }): SQL {
  return 'userId' in owner ? eq(stagedUploads.ownerUserId, owner.userId) : eq(stagedUploads.ownerKeyHash, owner.keyHash);
}

/** Refuses an upload that would take the uploader, or the address, over the files it may keep unattached. */
async function assertPendingRoom(db: Executor, where: SQL, declaredBytes: number, now: Date, who: string) {
  const live = and(where, gt(stagedUploads.expiresAt, now));
  const [held] = await db
    .select({ files: sql<number>`count(*)::int`, bytes: sql<number>`coalesce(sum(${stagedUploads.sizeBytes}), 0)::bigint` })
    .from(stagedUploads)
    .where(live);
  const files = Number(held?.files ?? 0);
  const bytes = Number(held?.bytes ?? 0);
  if (files + 1 <= STAGED_UPLOAD_LIMITS.pendingFiles && bytes + declaredBytes <= STAGED_UPLOAD_LIMITS.pendingBytes) return;
  const [oldest] = await db.select({ expiresAt: stagedUploads.expiresAt }).from(stagedUploads).where(live).orderBy(asc(stagedUploads.expiresAt)).limit(1);
  const waitSeconds = Math.max(1, Math.ceil(((oldest?.expiresAt.getTime() ?? now.getTime()) - now.getTime()) / 1000));
  throw new TooManyAttemptsError(
    `${who} sent ${files} files (${megabytes(bytes)}) that no form has used yet; at most ${STAGED_UPLOAD_LIMITS.pendingFiles} files of ${megabytes(STAGED_UPLOAD_LIMITS.pendingBytes)} are kept. Send the form with the files you chose, or wait ${waitWords(waitSeconds)} until the unused ones are removed.`,
    waitSeconds,
    'address',
  );
}

/** Removes a staged upload that was refused or cut short, its chunks with it. */
async function discard(db: Executor, id: string) {
  await db.delete(stagedUploads).where(eq(stagedUploads.id, id));
}

/**
 * Receives one file for a form that will refer to it by its token (docs/adr/0021). Everything that
 * can be judged before the body is read is judged first, without reading it: the declared length
 * against the largest file, the files the uploader and the address already hold unattached, and,
 * for an upload without an account (only a public complaint takes one), the address's complaint
 * limit. Then `receive` starts the body, and the file is written to storage in chunks as it
 * arrives, each its own statement (no transaction stays open while the client sends), hashed and
 * recognised on the way. At the first limit it breaks (too large, a type no chunk to come can
 * save) it stops reading and removes what was written; the refusal says why.
 *
 * Anyone may upload; attaching is the business of the verb of the form, which checks its own
 * permission and the rules of its files, and attaches only uploads of the same account or key.
 */
export async function stageUpload({ ctx, input, receive }: { ctx: ServiceContext; input: unknown; receive: () => Promise<ReceivedFile> }): Promise<StagedFile> {
  const data = parseInput(StageUploadInput, input);
  const now = nowDate(ctx.clock);
  if (!ctx.actor && !isUploadSecretShape(data.uploaderKey)) throw new ValidationError('This browser has no uploader key: reload the form and choose the file again.');
  const owner = ctx.actor ? { userId: ctx.actor.id } : { keyHash: hashUploadSecret(data.uploaderKey!) };
  if (data.declaredBytes === null) throw new LengthRequiredError(LENGTH_REQUIRED_MESSAGE);
  if (data.declaredBytes > STAGED_UPLOAD_LIMITS.maxRequestBytes) throw new PayloadTooLargeError(TOO_LARGE_UPLOAD_MESSAGE);
  await assertPendingRoom(ctx.db, ownerCondition(owner), data.declaredBytes, now, 'You have');
  await assertPendingRoom(ctx.db, eq(stagedUploads.clientAddress, data.clientAddress), data.declaredBytes, now, 'Your connection has');
  if (!ctx.actor) {
    const intake = await addressIntakeRoom(ctx.db, data.clientAddress, now);
    if ('waitSeconds' in intake) throw new TooManyAttemptsError(addressLimitMessage(intake.waitSeconds), intake.waitSeconds, 'address');
  }

  const file = await receive();
  const token = newUploadSecret();
  const expiresAt = new Date(now.getTime() + STAGED_UPLOAD_LIMITS.ttlMs);
  const [row] = await ctx.db
    .insert(stagedUploads)
    .values({
      tokenHash: hashUploadSecret(token),
      ownerUserId: 'userId' in owner ? owner.userId : null,
      ownerKeyHash: 'keyHash' in owner ? owner.keyHash : null,
      clientAddress: data.clientAddress,
      fileName: file.name.slice(0, 1000),
      // Until it is received, the declared length stands for its size in the counts of files held.
      sizeBytes: data.declaredBytes,
      createdAt: now,
      expiresAt,
    })
    .returning({ id: stagedUploads.id });
  const id = row!.id;
  try {
    const hash = crypto.createHash('sha256');
    const sniffer = createEvidenceSniffer();
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    // Writes what is pending in pieces of chunkBytes; at the end (`all`), the remainder too.
    const flush = async (all: boolean) => {
      const size = STAGED_UPLOAD_LIMITS.chunkBytes;
      if (pendingBytes === 0 || (!all && pendingBytes < size)) return;
      const joined = Buffer.concat(pending, pendingBytes);
      let at = 0;
      for (; joined.length - at >= size || (all && at < joined.length); at += size) {
        await ctx.db.insert(stagedUploadChunks).values({ uploadId: id, seq: seq++, data: joined.subarray(at, Math.min(at + size, joined.length)) });
      }
      pending = at < joined.length ? [joined.subarray(at)] : [];
      pendingBytes = joined.length - Math.min(at, joined.length);
    };
    for await (const chunk of file.chunks) {
      size += chunk.length;
      if (size > EVIDENCE_LIMITS.maxFileBytes) throw new PayloadTooLargeError(`${tooLargeProblem(file.name, size, true)} Nothing was kept.`);
      hash.update(chunk);
      sniffer.push(chunk);
      if (sniffer.refusedAlready()) throw new ValidationError(evidenceFileProblem(file.name, size, null)!);
      pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      pendingBytes += chunk.length;
      await flush(false);
    }
    const type = sniffer.finish();
    const problem = evidenceFileProblem(file.name, size, type);
    if (problem) throw new ValidationError(problem);
    await flush(true);
    const accepted = type as EvidenceContentType;
    const staged = { fileName: cleanEvidenceName(file.name, accepted), contentType: accepted, sizeBytes: size, sha256: hash.digest('hex') };
    await ctx.db.update(stagedUploads).set({ ...staged, receivedAt: nowDate(ctx.clock) }).where(eq(stagedUploads.id, id));
    return { token, ...staged, expiresAt };
  } catch (error) {
    await discard(ctx.db, id);
    throw error;
  }
}
