import { z } from 'zod';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { caseAppeals, caseAttachments, caseDecisions, caseMessages, cases, changeOfControlDeclarations, complaints, memberships, organizations, seals, users, type Case, type CaseStatus } from '@/db/schema';
import type { Executor } from '@/db/client';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseStatusSiteExpectations } from '@/lib/cases/site-labels';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { loadCaseForMember } from './case-access';
import { dateWriter, type DateWriter } from '@/lib/format/dates';

/**
 * The site's view of its cases (the portal). Built from an explicit list of columns so that what
 * the site must never read cannot leak by a `select *`: internal notes and messages to the
 * complainant (only `audience = 'site'` messages are read), the reviewers' own title and
 * assignment, the summary written for the complainant, proposed or withdrawn decisions, and the
 * complainant's name and email unless the complainant agreed to share them (`shareIdentity`).
 * A complaint's free text is not shown either: it may name the complainant; the notice says what
 * the site must answer.
 */

/** States in which the site may add a response (lib/services/cases/respond-to-case.ts). */
export const RESPONDABLE_STATUSES: readonly CaseStatus[] = ['awaiting_site_response', 'in_review'];
/** States from which a decision in effect may be appealed (lib/services/cases/file-appeal.ts). */
export const APPEALABLE_CASE_STATUSES: readonly CaseStatus[] = ['decided', 'awaiting_site_response', 'in_review'];

export type SiteExpectation = { text: string; dueAt: Date | null; overdue: boolean };

/** What the site is expected to do now, and by when; overdue when the response deadline has passed. */
export function siteExpectation(caseRow: Pick<Case, 'status' | 'responseDueAt'>, appealDeadlines: Date[], now: Date, write: DateWriter = dateWriter()): SiteExpectation {
  if (caseRow.status === 'awaiting_site_response' && caseRow.responseDueAt) {
    const overdue = caseRow.responseDueAt.getTime() <= now.getTime();
    return {
      text: overdue ? `Overdue: your response was due on ${write.dateTime(caseRow.responseDueAt)}. Respond now.` : `Respond to the notice by ${write.dateTime(caseRow.responseDueAt)}.`,
      dueAt: caseRow.responseDueAt,
      overdue,
    };
  }
  const nextAppealDeadline = appealDeadlines.filter((deadline) => deadline.getTime() > now.getTime()).sort((a, b) => a.getTime() - b.getTime())[0];
  if (nextAppealDeadline && (APPEALABLE_CASE_STATUSES as CaseStatus[]).includes(caseRow.status)) {
    return { text: `Read the decision. You may appeal it until ${write.dateTime(nextAppealDeadline)}.`, dueAt: nextAppealDeadline, overdue: false };
  }
  return { text: caseStatusSiteExpectations[caseRow.status], dueAt: null, overdue: false };
}

const siteCaseColumns = {
  id: cases.id,
  reference: cases.reference,
  kind: cases.kind,
  status: cases.status,
  organizationId: cases.organizationId,
  organizationName: organizations.legalName,
  domain: cases.domain,
  sealPublicId: seals.publicId,
  responseDueAt: cases.responseDueAt,
  escalationLevel: cases.escalationLevel,
  openedAt: cases.openedAt,
  decidedAt: cases.decidedAt,
  closedAt: cases.closedAt,
};

/** Appeal deadlines still open, per case: decisions in effect with no appeal filed. */
async function openAppealDeadlines(db: Executor, caseIds: string[]) {
  if (caseIds.length === 0) return new Map<string, Date[]>();
  const rows = await db
    .select({ caseId: caseDecisions.caseId, appealableUntil: caseDecisions.appealableUntil, appealId: caseAppeals.id })
    .from(caseDecisions)
    .leftJoin(caseAppeals, eq(caseAppeals.decisionId, caseDecisions.id))
    .where(and(inArray(caseDecisions.caseId, caseIds), eq(caseDecisions.state, 'in_effect')));
  const byCase = new Map<string, Date[]>();
  for (const row of rows) if (row.appealableUntil && !row.appealId) byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row.appealableUntil]);
  return byCase;
}

/** The cases of every organization the signed-in user belongs to, those needing an answer first. */
export async function listCasesForMember({ ctx }: { ctx: ServiceContext }) {
  const actor = requireRole(ctx.actor, 'applicant');
  const now = nowDate(ctx.clock);
  const rows = await ctx.db
    .select(siteCaseColumns)
    .from(cases)
    .innerJoin(memberships, and(eq(memberships.organizationId, cases.organizationId), eq(memberships.userId, actor.id)))
    .innerJoin(organizations, eq(organizations.id, cases.organizationId))
    .leftJoin(seals, eq(seals.id, cases.sealId))
    .orderBy(desc(cases.openedAt));
  const deadlines = await openAppealDeadlines(
    ctx.db,
    rows.map((row) => row.id),
  );
  const listed = rows.map((row) => ({ ...row, expectation: siteExpectation(row, deadlines.get(row.id) ?? [], now, dateWriter(actor.timeZone)) }));
  const rank = (row: (typeof listed)[number]) => (row.expectation.overdue ? 0 : row.status === 'awaiting_site_response' ? 1 : row.expectation.dueAt ? 2 : row.status === 'closed' ? 4 : 3);
  return listed.sort((a, b) => rank(a) - rank(b));
}

const ReadInput = z.object({ caseRef: z.string().trim().min(1).max(100) });

/** One case as its organization's members see it; anyone else gets NotFound, as for no case at all. */
export async function readCaseForSite({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'applicant');
  const { access, caseRow } = await loadCaseForMember(ctx.db, ctx.actor, (input as { caseRef?: unknown } | null)?.caseRef);
  parseInput(ReadInput, input);
  const db = ctx.db;
  const now = nowDate(ctx.clock);
  const author = alias(users, 'author');
  const authorMembership = alias(memberships, 'author_membership');

  const [[head], messageRows, decisionRows, complaintRows, [declaration]] = await Promise.all([
    db.select(siteCaseColumns).from(cases).innerJoin(organizations, eq(organizations.id, cases.organizationId)).leftJoin(seals, eq(seals.id, cases.sealId)).where(eq(cases.id, caseRow.id)),
    db
      .select({
        id: caseMessages.id,
        kind: caseMessages.kind,
        body: caseMessages.body,
        responseDueAt: caseMessages.responseDueAt,
        deadlineReason: caseMessages.deadlineReason,
        createdAt: caseMessages.createdAt,
        authorName: author.name,
        authorIsMember: authorMembership.userId,
      })
      .from(caseMessages)
      .leftJoin(author, eq(author.id, caseMessages.authorId))
      .leftJoin(authorMembership, and(eq(authorMembership.userId, caseMessages.authorId), eq(authorMembership.organizationId, caseRow.organizationId)))
      .where(and(eq(caseMessages.caseId, caseRow.id), eq(caseMessages.audience, 'site')))
      .orderBy(asc(caseMessages.createdAt)),
    db
      .select({
        id: caseDecisions.id,
        outcome: caseDecisions.outcome,
        state: caseDecisions.state,
        reasonForSite: caseDecisions.reasonForSite,
        correctiveDueAt: caseDecisions.correctiveDueAt,
        referredTo: caseDecisions.referredTo,
        decidedAt: caseDecisions.decidedAt,
        confirmedAt: caseDecisions.confirmedAt,
        appealableUntil: caseDecisions.appealableUntil,
        actedBeforeDeadline: caseDecisions.actedBeforeDeadline,
        earlyActionReason: caseDecisions.earlyActionReason,
        appealFiledAt: caseAppeals.filedAt,
        appealGrounds: caseAppeals.grounds,
        appealOutcome: caseAppeals.outcome,
        appealOutcomeNote: caseAppeals.outcomeNote,
        appealDecidedAt: caseAppeals.decidedAt,
      })
      .from(caseDecisions)
      .leftJoin(caseAppeals, eq(caseAppeals.decisionId, caseDecisions.id))
      .where(and(eq(caseDecisions.caseId, caseRow.id), inArray(caseDecisions.state, ['in_effect', 'overturned'])))
      .orderBy(asc(caseDecisions.seq)),
    db
      .select({ reference: complaints.reference, category: complaints.category, occurredOn: complaints.occurredOn, receivedAt: complaints.createdAt, shareIdentity: complaints.shareIdentity, name: complaints.complainantName, email: complaints.complainantEmail })
      .from(complaints)
      .where(eq(complaints.caseId, caseRow.id))
      .orderBy(asc(complaints.createdAt)),
    db
      .select({ kind: changeOfControlDeclarations.kind, effectiveOn: changeOfControlDeclarations.effectiveOn, counterparty: changeOfControlDeclarations.counterparty, description: changeOfControlDeclarations.description, declaredAt: changeOfControlDeclarations.declaredAt, declaredByName: users.name })
      .from(changeOfControlDeclarations)
      .innerJoin(users, eq(users.id, changeOfControlDeclarations.declaredById))
      .where(eq(changeOfControlDeclarations.caseId, caseRow.id)),
  ]);

  const attachmentRows =
    messageRows.length === 0
      ? []
      : await db
          .select({ id: caseAttachments.id, messageId: caseAttachments.messageId, fileName: caseAttachments.fileName, contentType: caseAttachments.contentType, sizeBytes: caseAttachments.sizeBytes })
          .from(caseAttachments)
          .where(
            inArray(
              caseAttachments.messageId,
              messageRows.map((message) => message.id),
            ),
          )
          .orderBy(asc(caseAttachments.createdAt));

  const messages = messageRows.map(({ authorName, authorIsMember, ...message }) => ({
    ...message,
    // A member of the organization by name; the program's reviewers as the program.
    from: authorIsMember && authorName ? authorName : 'The seal program',
    attachments: attachmentRows.filter((file) => file.messageId === message.id),
  }));
  const decisions = decisionRows.map((decision) => ({
    ...decision,
    appealable:
      decision.state === 'in_effect' &&
      !decision.appealFiledAt &&
      !!decision.appealableUntil &&
      decision.appealableUntil.getTime() > now.getTime() &&
      (APPEALABLE_CASE_STATUSES as CaseStatus[]).includes(caseRow.status),
  }));
  const complainants = complaintRows.map(({ shareIdentity, name, email, ...complaint }) => ({
    ...complaint,
    complainant: shareIdentity ? { name, email } : null,
  }));
  const appealDeadlines = decisions.filter((decision) => decision.appealable).map((decision) => decision.appealableUntil!);
  return {
    organization: { id: access.organization.id, legalName: access.organization.legalName },
    viewerRole: access.role,
    caseRow: head!,
    expectation: siteExpectation(head!, appealDeadlines, now, dateWriter(ctx.actor?.timeZone)),
    canRespond: (RESPONDABLE_STATUSES as CaseStatus[]).includes(caseRow.status),
    messages,
    decisions,
    complaints: complainants,
    declaration: declaration ?? null,
  };
}

export type SiteCaseView = Awaited<ReturnType<typeof readCaseForSite>>;

const AttachmentInput = z.object({ caseRef: z.string().trim().min(1).max(100), attachmentId: z.string().uuid('There is no such file.') });

/** A file of a site-audience message, with its bytes, for a member's download (served as in docs/adr/0006). */
export async function readCaseAttachmentForSite({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'applicant');
  const { caseRow } = await loadCaseForMember(ctx.db, ctx.actor, (input as { caseRef?: unknown } | null)?.caseRef);
  const data = parseInput(AttachmentInput, input);
  const [file] = await ctx.db
    .select({ fileName: caseAttachments.fileName, contentType: caseAttachments.contentType, sizeBytes: caseAttachments.sizeBytes, content: caseAttachments.content })
    .from(caseAttachments)
    .innerJoin(caseMessages, eq(caseMessages.id, caseAttachments.messageId))
    .where(and(eq(caseAttachments.id, data.attachmentId), eq(caseMessages.caseId, caseRow.id), eq(caseMessages.audience, 'site')))
    .limit(1);
  if (!file) throw new NotFoundError('This case has no such file.');
  return file;
}
