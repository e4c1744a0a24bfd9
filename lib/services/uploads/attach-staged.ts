import { and, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { stagedUploads } from '@/db/schema';
import type { Executor } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { evidenceSetProblems, type EvidenceContentType } from '@/lib/complaints/evidence-files';
import { STAGED_UPLOAD_LIMITS } from '@/lib/complaints/limits';
import { hashUploadSecret, isUploadSecretShape } from '@/lib/uploads/upload-secrets';
import { ValidationError } from '../errors';

/** The tokens of staged uploads a form refers to (docs/adr/0021); duplicates count once. */
export const UploadTokens = z
  .array(z.string().max(100))
  .max(STAGED_UPLOAD_LIMITS.pendingFiles)
  .default([])
  .transform((tokens) => [...new Set(tokens.filter((token) => token.trim() !== ''))]);

/** A staged upload claimed by a verb: what its audit row names, and the id its bytes are copied from. */
export type ClaimedUpload = { id: string; fileName: string; contentType: EvidenceContentType; sizeBytes: number; sha256: string };

export const UPLOAD_GONE_MESSAGE = `A file you chose is no longer on the server (files not sent with a form within ${STAGED_UPLOAD_LIMITS.ttlMs / 3_600_000} hours are removed) or was sent from another browser. Choose it again.`;

/**
 * Claims, in the caller's transaction, the staged uploads the tokens name: each must exist, be
 * received in full, not have expired, and belong to the same account — or, without one, to the
 * same browser's uploader key. Anything else is the same refusal, which says nothing of whose the
 * upload is. The rows stay locked until the transaction ends, so one upload is attached once.
 */
export async function claimStagedUploads(
  tx: Executor,
  { tokens, actor, uploaderKey, now, field }: { tokens: string[]; actor: Actor | null; uploaderKey?: string | null; now: Date; field: string },
): Promise<ClaimedUpload[]> {
  if (tokens.length === 0) return [];
  const refuse = () => new ValidationError(UPLOAD_GONE_MESSAGE, { [field]: [UPLOAD_GONE_MESSAGE] });
  if (!tokens.every(isUploadSecretShape)) throw refuse();
  const keyHash = !actor && isUploadSecretShape(uploaderKey) ? hashUploadSecret(uploaderKey) : null;
  const hashes = tokens.map(hashUploadSecret);
  const rows = await tx
    .select()
    .from(stagedUploads)
    .where(and(inArray(stagedUploads.tokenHash, hashes), isNotNull(stagedUploads.receivedAt)))
    .for('update');
  const byHash = new Map(rows.map((row) => [row.tokenHash, row]));
  return hashes.map((hash) => {
    const row = byHash.get(hash);
    const owned = row && (row.ownerUserId ? row.ownerUserId === actor?.id : keyHash !== null && row.ownerKeyHash === keyHash);
    if (!row || !owned || row.expiresAt <= now || !row.contentType || !row.sha256) throw refuse();
    return { id: row.id, fileName: row.fileName, contentType: row.contentType as EvidenceContentType, sizeBytes: row.sizeBytes, sha256: row.sha256 };
  });
}

/**
 * Claims the staged uploads of a form and checks the number and total size of all its files
 * together, those sent with the form (`sent`, already judged one by one) included. `attachedTo`
 * ends the sentence about too many files ("attached to a response"); `filesAgain` ends a refusal.
 */
export async function claimFormUploads(
  tx: Executor,
  options: { tokens: string[]; actor: Actor | null; uploaderKey?: string | null; now: Date; field: string; sent: ReadonlyArray<{ sizeBytes: number }>; attachedTo: string; filesAgain: string },
): Promise<ClaimedUpload[]> {
  const staged = await claimStagedUploads(tx, options);
  const problems = evidenceSetProblems([...options.sent, ...staged]).map((problem) => problem.replace('sent with a complaint', options.attachedTo));
  if (problems.length > 0) throw new ValidationError(`${problems.join(' ')} ${options.filesAgain}`, { [options.field]: problems });
  return staged;
}

/**
 * Copies claimed uploads into the table of stored files (complaint evidence or a case message's
 * attachments), joining their chunks inside the database, so the bytes never pass through this
 * process again, and deletes the staged rows. Call it in the transaction that writes the record
 * and its audit row.
 */
export async function attachStagedUploads(tx: Executor, target: { table: 'complaint_evidence'; complaintId: string } | { table: 'case_attachments'; messageId: string }, uploads: ClaimedUpload[], now: Date): Promise<void> {
  if (uploads.length === 0) return;
  const ids = uploads.map((upload) => upload.id);
  const [table, parentColumn, parentId] = target.table === 'complaint_evidence' ? ['complaint_evidence', 'complaint_id', target.complaintId] : ['case_attachments', 'message_id', target.messageId];
  await tx.execute(sql`
    insert into ${sql.identifier(table)} (${sql.identifier(parentColumn)}, file_name, content_type, size_bytes, sha256, content, created_at)
    select ${parentId}::uuid, s.file_name, s.content_type, s.size_bytes, s.sha256,
      (select string_agg(c.data, ''::bytea order by c.seq) from staged_upload_chunks c where c.upload_id = s.id),
      ${now.toISOString()}::timestamptz
    from staged_uploads s
    where s.id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`);
  await tx.delete(stagedUploads).where(inArray(stagedUploads.id, ids));
}

/** Removes staged uploads whose time is up, in batches (docs/adr/0016); returns how many. */
export async function removeExpiredStagedUploads(db: Executor, now: Date, batchSize = 500): Promise<number> {
  let removed = 0;
  for (;;) {
    const expired = db.select({ id: stagedUploads.id }).from(stagedUploads).where(lte(stagedUploads.expiresAt, now)).limit(batchSize);
    const rows = await db.delete(stagedUploads).where(inArray(stagedUploads.id, expired)).returning({ id: stagedUploads.id });
    removed += rows.length;
    if (rows.length < batchSize) return removed;
  }
}
