import { caseAttachments } from '@/db/schema';
import type { Executor } from '@/db/client';
import { checkEvidence, type AcceptedEvidence, type EvidenceUpload } from '@/lib/complaints/evidence-files';
import { ValidationError } from '../errors';
import { attachStagedUploads, type ClaimedUpload } from '../uploads/attach-staged';

/**
 * The files of a case message (the site's response or message, the complainant's answer) are held to
 * the complaint evidence rules (docs/adr/0006). These are the steps the message verbs share.
 */

/** Judges the files sent with the form one by one; a refusal says what they were `attachedTo` ("attached to a response") and ends with `filesAgain`. */
export function acceptMessageFiles(files: EvidenceUpload[], attachedTo: string, filesAgain: string): AcceptedEvidence[] {
  const checked = checkEvidence(files);
  if (checked.ok) return checked.files;
  const problems = checked.problems.map((problem) => problem.replace('sent with a complaint', attachedTo));
  throw new ValidationError(`${problems.join(' ')} ${filesAgain}`, { files: problems });
}

/** Stores the message's files, those sent with the form and those staged before it, in the caller's transaction; returns what its audit event names. */
export async function storeMessageFiles(tx: Executor, messageId: string, sent: AcceptedEvidence[], staged: ClaimedUpload[], now: Date) {
  if (sent.length > 0) await tx.insert(caseAttachments).values(sent.map((file) => ({ messageId, ...file, createdAt: now })));
  await attachStagedUploads(tx, { table: 'case_attachments', messageId }, staged, now);
  return [...sent, ...staged].map(({ fileName, contentType, sizeBytes, sha256 }) => ({ fileName, contentType, sizeBytes, sha256 }));
}

/** ", with 2 attached files" for a notification's sentence; nothing without files. */
export function withAttachedFiles(count: number): string {
  return count > 0 ? `, with ${count} attached file${count === 1 ? '' : 's'}` : '';
}
