import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { caseMessages, cases } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot, insertCaseMessage, portalCasePath } from '@/lib/cases/case-records';
import { notifyOrganization } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import { claimFormUploads, UploadTokens } from '../uploads/attach-staged';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { acceptMessageFiles, storeMessageFiles, withAttachedFiles } from './message-files';
import { loadCaseForReviewerChange } from './case-access';

export const SITE_MESSAGE_LIMITS = { min: 10, max: 10_000 } as const;

export const FILES_AGAIN_MESSAGE = 'Nothing you typed is lost, but files you attached must be chosen again.';

const SendSiteMessageInput = z.object({
  caseRef: z.string({ message: 'Say which case.' }).trim().min(1).max(100),
  body: z
    .string({ message: 'Write the message to the site.' })
    .trim()
    .min(SITE_MESSAGE_LIMITS.min, `Write the message (at least ${SITE_MESSAGE_LIMITS.min} characters).`)
    .max(SITE_MESSAGE_LIMITS.max, `Keep the message under ${SITE_MESSAGE_LIMITS.max.toLocaleString('en')} characters; attach longer documents as files.`),
  files: z.array(z.object({ name: z.string().max(1000), bytes: z.instanceof(Uint8Array) })).default([]),
  /** Files sent before the form, by their tokens (docs/adr/0021). */
  uploads: UploadTokens,
});

/**
 * A reviewer's follow-up message to the site, after the notice (issue 13, item 5): a question, a
 * document, a correction. It changes no deadline and no state (a new deadline takes a new notice).
 * Files are held to the complaint evidence rules (docs/adr/0006: count and size limits, type from
 * the bytes, judged before anything is stored) and served to the members as the site's own files
 * are. The organization's members are notified and mailed; the audit row names the files, not the text.
 */
export async function sendSiteMessage({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const data = parseInput(SendSiteMessageInput, input);
  const sent = acceptMessageFiles(data.files, 'attached to a message', FILES_AGAIN_MESSAGE);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, data.caseRef);
    if (caseRow.status === 'closed') throw new ConflictError(`Case ${caseRow.reference} is closed; no message can be sent to the site on it.`);
    const [notice] = await tx
      .select({ id: caseMessages.id })
      .from(caseMessages)
      .where(and(eq(caseMessages.caseId, caseRow.id), eq(caseMessages.kind, 'notice')))
      .limit(1);
    if (!notice) throw new ConflictError(`No notice has been sent on case ${caseRow.reference} yet: the first word to the site is a notice, with its deadline.`);
    await tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, caseRow.id));
    const staged = await claimFormUploads(tx, { tokens: data.uploads, actor, now, field: 'files', sent, attachedTo: 'attached to a message', filesAgain: FILES_AGAIN_MESSAGE });
    const message = await insertCaseMessage(tx, { caseId: caseRow.id, audience: 'site', kind: 'site_message', body: data.body, authorId: actor.id, at: now });
    const attachments = await storeMessageFiles(tx, message.id, sent, staged, now);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.message-site',
      entityType: 'case',
      entityId: caseRow.id,
      after: { ...caseAuditSnapshot(caseRow), messageId: message.id, attachments },
      at: now,
    });
    await notifyOrganization(tx, { jobs: ctx.jobs, now }, caseRow.organizationId, {
      kind: 'case.message',
      subject: `Case ${caseRow.reference}: a message from the seal authority`,
      body: [`The seal authority wrote to you in case ${caseRow.reference}${withAttachedFiles(attachments.length)}:`, data.body, 'Read it, and answer if asked, on the case page in the portal.'].join('\n\n'),
      link: portalCasePath(caseRow.reference),
    });
    return { caseRow, message };
  });
}
