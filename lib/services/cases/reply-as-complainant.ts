import { z } from 'zod';
import { and, asc, count, eq, gt, ne, sql } from 'drizzle-orm';
import { caseMessages, cases, complaints } from '@/db/schema';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';
import { casePath, insertCaseMessage, notifyCaseReviewer } from '@/lib/cases/case-records';
import { hashTrackingToken, isTrackingTokenShape } from '@/lib/complaints/tracking-token';
import { recordAudit } from '../audit';
import { claimFormUploads, UploadTokens } from '../uploads/attach-staged';
import { acceptMessageFiles, storeMessageFiles, withAttachedFiles } from './message-files';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, TooManyAttemptsError } from '../errors';
import { parseInput } from '../parse';
import { TRACKING_NOT_FOUND } from '../complaints/track-complaint';

/**
 * How often a complainant may write through the tracking link. The link is the only credential,
 * and whoever has it could flood the reviewer's inbox: five replies an hour and twenty a day leave
 * room to correct and add to an answer, and no more.
 */
export const COMPLAINANT_REPLY_LIMITS = [
  { max: 5, windowMs: 60 * 60_000, window: 'hour', wait: 'an hour' },
  { max: 20, windowMs: 24 * 60 * 60_000, window: 'day', wait: 'a day' },
] as const;

export const REPLY_MAX = 5_000;

const ReplyInput = z.object({
  token: z.string(),
  body: z
    .string({ message: 'Write your answer.' })
    .trim()
    .min(2, 'Write your answer.')
    .max(REPLY_MAX, `Keep your answer under ${REPLY_MAX.toLocaleString('en-GB')} characters; send a second one for the rest.`),
  /** Files sent with the form (without JavaScript), judged like a complaint's evidence. */
  files: z.array(z.object({ name: z.string().max(1000), bytes: z.instanceof(Uint8Array) })).default([]),
  /** Files sent before the form by this browser (docs/adr/0021), and the browser's uploader key. */
  uploads: UploadTokens,
  uploaderKey: z.string().max(200).nullish(),
});

export const FILES_AGAIN_ANSWER = 'Nothing you typed is lost, but files you attached must be chosen again.';

async function assertWithinReplyLimits(tx: Executor, complaintId: string, now: Date) {
  // Two replies sent at once wait for each other here, so both cannot slip under the limit.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`complainant-reply:${complaintId}`}, 0))`);
  for (const limit of COMPLAINANT_REPLY_LIMITS) {
    const [row] = await tx
      .select({ n: count() })
      .from(caseMessages)
      .where(and(eq(caseMessages.complaintId, complaintId), eq(caseMessages.kind, 'complainant_reply'), gt(caseMessages.createdAt, new Date(now.getTime() - limit.windowMs))));
    if ((row?.n ?? 0) >= limit.max) {
      throw new TooManyAttemptsError(
        `You have sent ${limit.max} answers in the last ${limit.window}; please wait ${limit.wait} before sending another. Your text is still in the form.`,
        Math.ceil(limit.windowMs / 1000),
        'account',
      );
    }
  }
}

/**
 * The complainant answers the reviewer through the tracking link, without an account: the token
 * is the permission, as for reading. Only while the complaint is in a case that is not closed and
 * a reviewer has asked them something; within the limits above. The case's reviewer is told.
 */
export async function replyAsComplainant({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const token = (input as { token?: unknown } | null)?.token;
  if (!isTrackingTokenShape(token)) throw new NotFoundError(TRACKING_NOT_FOUND);
  const data = parseInput(ReplyInput, input);
  const sent = acceptMessageFiles(data.files, 'attached to an answer', FILES_AGAIN_ANSWER);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [complaint] = await tx.select().from(complaints).where(eq(complaints.trackingTokenHash, hashTrackingToken(data.token))).limit(1);
    if (!complaint) throw new NotFoundError(TRACKING_NOT_FOUND);
    const noQuestion = new ConflictError('No question from the reviewer is waiting for your answer, so there is nothing to reply to here.');
    if (complaint.status !== 'in_case' || !complaint.caseId) throw noQuestion;
    const [asked] = await tx
      .select({ id: caseMessages.id })
      .from(caseMessages)
      .where(and(eq(caseMessages.complaintId, complaint.id), eq(caseMessages.kind, 'complainant_request')))
      .orderBy(asc(caseMessages.createdAt))
      .limit(1);
    if (!asked) throw noQuestion;
    await assertWithinReplyLimits(tx, complaint.id, now);
    const [caseRow] = await tx
      .update(cases)
      .set({ updatedAt: now })
      .where(and(eq(cases.id, complaint.caseId), ne(cases.status, 'closed')))
      .returning();
    if (!caseRow) throw new ConflictError('The investigation of your complaint is closed, so it takes no more answers. The outcome is on this page.');
    // Files staged without an account belong to the browser's uploader key, as for the complaint itself.
    const staged = await claimFormUploads(tx, { tokens: data.uploads, actor: null, uploaderKey: data.uploaderKey, now, field: 'files', sent, attachedTo: 'attached to an answer', filesAgain: FILES_AGAIN_ANSWER });
    const message = await insertCaseMessage(tx, { caseId: caseRow.id, audience: 'complainant', kind: 'complainant_reply', complaintId: complaint.id, body: data.body, authorId: null, at: now });
    const attachments = await storeMessageFiles(tx, message.id, sent, staged, now);
    await recordAudit(tx, {
      actorId: null,
      action: 'case.complainant-reply',
      entityType: 'case',
      entityId: caseRow.id,
      after: {
        messageId: message.id,
        complaint: complaint.reference,
        attachments,
      },
      at: now,
    });
    await notifyCaseReviewer(tx, { jobs: ctx.jobs, now }, caseRow, {
      kind: 'case.complainant-reply',
      subject: `The complainant answered in case ${caseRow.reference}`,
      body: `The complainant of ${complaint.reference} answered your question in case ${caseRow.reference} (${caseRow.title})${withAttachedFiles(attachments.length)}.`,
      link: casePath(caseRow.reference),
    });
    return message;
  });
}
