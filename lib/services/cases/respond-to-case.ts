import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { cases } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot, casePath, insertCaseMessage, notifyCaseReviewer } from '@/lib/cases/case-records';
import { caseStatusSiteLabels } from '@/lib/cases/site-labels';
import { recordAudit } from '../audit';
import { claimFormUploads, UploadTokens } from '../uploads/attach-staged';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { acceptMessageFiles, storeMessageFiles, withAttachedFiles } from './message-files';
import { loadCaseForMember } from './case-access';
import { RESPONDABLE_STATUSES } from './read-case-for-site';

export const RESPONSE_LIMITS = { bodyMin: 10, bodyMax: 20_000 } as const;

/** When the site's word is asked for, and while a reviewer weighs what it already sent. */
const RESPONDABLE = [...RESPONDABLE_STATUSES];

export const FILES_AGAIN_RESPONSE = 'Nothing you typed is lost, but files you attached must be chosen again.';

const RespondInput = z.object({
  caseRef: z.string({ message: 'Say which case you respond to.' }).trim().min(1).max(100),
  body: z
    .string({ message: 'Write your response.' })
    .trim()
    .min(RESPONSE_LIMITS.bodyMin, `Write your response (at least ${RESPONSE_LIMITS.bodyMin} characters): the reviewer reads it with the files.`)
    .max(RESPONSE_LIMITS.bodyMax, `Keep the response under ${RESPONSE_LIMITS.bodyMax.toLocaleString('en')} characters; put longer documents in an attached file.`),
  files: z.array(z.object({ name: z.string().max(1000), bytes: z.instanceof(Uint8Array) })).default([]),
  /** Files sent before the form, by their tokens (docs/adr/0021). */
  uploads: UploadTokens,
});

/**
 * A member of the case's organization answers a notice (or adds to an answer under review), with
 * text and files held to the complaint evidence rules (docs/adr/0006: type from the bytes, size and
 * count limits). The case moves to `in_review`, its deadline is met and its escalation cleared, and
 * the case's reviewer (or, while nobody is assigned, every reviewer free to handle it) is told.
 */
export async function respondToCase({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'applicant');
  const caseRef = (input as { caseRef?: unknown } | null)?.caseRef;
  const { access, caseRow } = await loadCaseForMember(ctx.db, ctx.actor, caseRef);
  const data = parseInput(RespondInput, input);
  const sent = acceptMessageFiles(data.files, 'attached to a response', FILES_AGAIN_RESPONSE);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(cases)
      .set({ status: 'in_review', responseDueAt: null, escalationLevel: 0, escalatedAt: null, updatedAt: now })
      .where(and(eq(cases.id, caseRow.id), inArray(cases.status, RESPONDABLE)))
      .returning();
    if (!updated) {
      const [current] = await tx.select({ status: cases.status }).from(cases).where(eq(cases.id, caseRow.id)).limit(1);
      const status = current?.status ?? caseRow.status;
      throw new ConflictError(
        status === 'open'
          ? `Case ${caseRow.reference} is not waiting for your response yet: a reviewer will send you a notice when they need your answer.`
          : `Case ${caseRow.reference} is ${caseStatusSiteLabels[status].toLowerCase()}, so it takes no response now. To contest a decision, appeal it on the case page.`,
      );
    }
    const staged = await claimFormUploads(tx, { tokens: data.uploads, actor: access.actor, now, field: 'files', sent, attachedTo: 'attached to a response', filesAgain: FILES_AGAIN_RESPONSE });
    const message = await insertCaseMessage(tx, { caseId: caseRow.id, audience: 'site', kind: 'site_response', body: data.body, authorId: access.actor.id, at: now });
    const attachments = await storeMessageFiles(tx, message.id, sent, staged, now);
    await recordAudit(tx, {
      actorId: access.actor.id,
      action: 'case.respond',
      entityType: 'case',
      entityId: caseRow.id,
      before: caseAuditSnapshot(caseRow),
      after: {
        ...caseAuditSnapshot(updated),
        messageId: message.id,
        attachments,
      },
      at: now,
    });
    await notifyCaseReviewer(tx, { jobs: ctx.jobs, now }, updated, {
      kind: 'case.site-responded',
      subject: `${access.organization.legalName} responded in case ${caseRow.reference}`,
      body: [
        `${access.actor.name} responded for ${access.organization.legalName} in case ${caseRow.reference}${withAttachedFiles(attachments.length)}.`,
        caseRow.escalationLevel > 0 ? 'The case was overdue; the response clears the escalation.' : null,
        'The case is back in review.',
      ]
        .filter(Boolean)
        .join('\n\n'),
      link: casePath(caseRow.reference),
    });
    return { caseRow: updated, message };
  });
}
