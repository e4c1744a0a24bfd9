import { z } from 'zod';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { caseAttachments, caseMessages, complaints, organizations, seals, sites, users } from '@/db/schema';
import { hasRole, requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseProgramSettings, daysBetween } from '@/lib/cases/program-settings';
import { listReviewersFreeOf } from '@/lib/review/queue';
import { effectiveStatus } from '@/lib/seals/effective-status';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { loadCaseForReviewerRead } from './case-access';
import { awaitsCorrectiveAction, NOTICE_FROM } from './send-notice';

const ReadCaseInput = z.object({ caseRef: z.string().trim().min(1).max(100) });

export type ReviewedCase = Awaited<ReturnType<typeof readCaseForReview>>;

/**
 * A case as reviewers read it: its header, every message (internal notes included) with its
 * attachments (names only), the linked complaints with the complainant's identity, and, for an
 * admin, the reviewers free to take it. A reviewer tied to the organization is refused.
 */
export async function readCaseForReview({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const { caseRef } = parseInput(ReadCaseInput, input);
  const { actor, caseRow } = await loadCaseForReviewerRead(ctx.db, ctx.actor, caseRef);
  const now = nowDate(ctx.clock);
  const author = alias(users, 'author');
  const people = [caseRow.assignedReviewerId, caseRow.openedById].filter((id): id is string => !!id);
  const [[organization], names, messages, linked, settings] = await Promise.all([
    ctx.db.select({ legalName: organizations.legalName }).from(organizations).where(eq(organizations.id, caseRow.organizationId)).limit(1),
    people.length ? ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, people)) : Promise.resolve([]),
    ctx.db
      .select({ message: caseMessages, authorName: author.name, complaintReference: complaints.reference })
      .from(caseMessages)
      .leftJoin(author, eq(author.id, caseMessages.authorId))
      .leftJoin(complaints, eq(complaints.id, caseMessages.complaintId))
      .where(eq(caseMessages.caseId, caseRow.id))
      .orderBy(asc(caseMessages.createdAt), asc(caseMessages.id)),
    ctx.db.select().from(complaints).where(eq(complaints.caseId, caseRow.id)).orderBy(asc(complaints.createdAt)),
    caseProgramSettings(ctx.db, caseRow),
  ]);
  const [seal] = caseRow.sealId
    ? await ctx.db.select({ seal: seals, domain: sites.domain }).from(seals).innerJoin(sites, eq(sites.id, seals.siteId)).where(eq(seals.id, caseRow.sealId)).limit(1)
    : [];
  const messageIds = messages.map((row) => row.message.id);
  const attachments = messageIds.length
    ? await ctx.db
        .select({ id: caseAttachments.id, messageId: caseAttachments.messageId, fileName: caseAttachments.fileName, contentType: caseAttachments.contentType, sizeBytes: caseAttachments.sizeBytes })
        .from(caseAttachments)
        .where(inArray(caseAttachments.messageId, messageIds))
        .orderBy(asc(caseAttachments.createdAt), asc(caseAttachments.fileName))
    : [];

  const assignableReviewers = hasRole(actor, 'admin') ? await listReviewersFreeOf(ctx.db, caseRow.organizationId) : [];

  const noticeAllowed = NOTICE_FROM.includes(caseRow.status) && (caseRow.status !== 'decided' || (await awaitsCorrectiveAction(ctx.db, caseRow.id)));
  const overdue = caseRow.status === 'awaiting_site_response' && !!caseRow.responseDueAt && caseRow.responseDueAt.getTime() <= now.getTime();
  return {
    actor,
    caseRow,
    organizationName: organization?.legalName ?? '—',
    assignedName: names.find((row) => row.id === caseRow.assignedReviewerId)?.name ?? null,
    openedByName: names.find((row) => row.id === caseRow.openedById)?.name ?? null,
    seal: seal ? { publicId: seal.seal.publicId, status: effectiveStatus(seal.seal, now), domain: seal.domain } : null,
    messages: messages.map((row) => ({ ...row.message, authorName: row.authorName, complaintReference: row.complaintReference, attachments: attachments.filter((file) => file.messageId === row.message.id) })),
    complaints: linked,
    settings,
    overdue,
    daysOverdue: overdue ? daysBetween(caseRow.responseDueAt!, now) : 0,
    assignableReviewers,
    noticeAllowed,
    now,
  };
}

const ReadAttachmentInput = z.object({ caseRef: z.string().trim().min(1).max(100), attachmentId: z.string().uuid('There is no such attachment.') });

/**
 * One attachment with its bytes, for a reviewer's download (served like complaint evidence:
 * always an attachment of its sniffed type, docs/adr/0006). Conflicted reviewers are refused.
 */
export async function readCaseAttachment({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const data = parseInput(ReadAttachmentInput, input);
  const { caseRow } = await loadCaseForReviewerRead(ctx.db, ctx.actor, data.caseRef);
  const [file] = await ctx.db
    .select({ attachment: caseAttachments })
    .from(caseAttachments)
    .innerJoin(caseMessages, eq(caseMessages.id, caseAttachments.messageId))
    .where(and(eq(caseAttachments.id, data.attachmentId), eq(caseMessages.caseId, caseRow.id)))
    .limit(1);
  if (!file) throw new NotFoundError('This case has no such attachment.');
  return { caseRow, file: file.attachment };
}
