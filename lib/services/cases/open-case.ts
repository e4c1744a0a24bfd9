import { z } from 'zod';
import { and, eq, gt, inArray, ne } from 'drizzle-orm';
import { cases, complaints, organizations, sealDomains, seals, sites, type Case, type Complaint } from '@/db/schema';
import type { Executor } from '@/db/client';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot, casePath, greeting, MAIL_SIGNATURE, notifyCaseReviewer } from '@/lib/cases/case-records';
import { caseStatusLabels } from '@/lib/cases/labels';
import { complaintCategoryLabels, complaintStatusReviewerLabels } from '@/lib/complaints/labels';
import { sendMail, type NotifyContext } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { assertNoComplaintConflict, findComplaint } from '../complaints/complaint-access';
import { loadCaseForReviewerChange } from './case-access';
import { insertCase } from './insert-case';

const reference = (what: string) => z.string({ message: `Say which ${what}.` }).trim().min(1, `Say which ${what}.`).max(100);

const OpenCaseInput = z.object({
  complaintRef: reference('complaint the case is opened from'),
  title: z
    .string()
    .trim()
    .max(200, 'Keep the title under 200 characters.')
    .optional()
    .transform((value) => value || undefined),
});

const MergeInput = z.object({ complaintRef: reference('complaint to add'), caseRef: reference('case to add it to') });

const LIVE = ['active', 'suspended'] as const;

function noOrganization(complaint: Complaint): ValidationError {
  return new ValidationError(
    `Complaint ${complaint.reference} names no organization we know (no site with a proven owner and no seal), so no case can be opened for it: a case needs a site to send notices to. Dismiss it as out of scope, or log a new complaint naming a proven site or a seal.`,
  );
}

function notNew(complaint: Pick<Complaint, 'reference' | 'status'>): ConflictError {
  return new ConflictError(`Complaint ${complaint.reference} is ${complaintStatusReviewerLabels[complaint.status].toLowerCase()}, not new, so it cannot be triaged again; reload to see where it went.`);
}

type ComplaintMove = { complaint: Complaint; caseRow: Case; actorId: string; action: 'complaint.open-case' | 'complaint.merge'; now: Date };

/**
 * The complaint moves to `in_case` only from `new`: of two reviewers triaging it at once, one wins.
 * Its audit event (opened a case, or joined one) names the case.
 */
async function moveComplaintIntoCase(tx: Executor, { complaint, caseRow, actorId, action, now }: ComplaintMove): Promise<Complaint> {
  const [moved] = await tx
    .update(complaints)
    .set({ status: 'in_case', caseId: caseRow.id, updatedAt: now })
    .where(and(eq(complaints.id, complaint.id), eq(complaints.status, 'new')))
    .returning();
  if (!moved) {
    const [current] = await tx.select({ reference: complaints.reference, status: complaints.status }).from(complaints).where(eq(complaints.id, complaint.id)).limit(1);
    throw notNew(current ?? complaint);
  }
  await recordAudit(tx, {
    actorId,
    action,
    entityType: 'complaint',
    entityId: complaint.id,
    before: { status: complaint.status },
    after: { status: moved.status, caseId: caseRow.id, case: caseRow.reference },
    at: now,
  });
  return moved;
}

/** The seal a case is about: the complaint's, else a live seal of the organization that covers the complaint's domain. */
async function sealOfComplaint(tx: Executor, complaint: Complaint, organizationId: string, now: Date): Promise<string | null> {
  if (complaint.sealId) return complaint.sealId;
  if (!complaint.domain) return null;
  const [covering] = await tx
    .select({ id: seals.id })
    .from(seals)
    .innerJoin(sealDomains, eq(sealDomains.sealId, seals.id))
    .where(and(eq(seals.organizationId, organizationId), eq(sealDomains.domain, complaint.domain), inArray(seals.status, [...LIVE]), gt(seals.expiresAt, now)))
    .limit(1);
  return covering?.id ?? null;
}

/** The Toysmart rule (issue 6): a data-sale complaint about an organization holding a current seal goes first. */
async function isFastTrack(tx: Executor, complaint: Complaint, organizationId: string, now: Date): Promise<boolean> {
  if (complaint.fastTrack) return true;
  if (complaint.category !== 'data_sale') return false;
  const [held] = await tx
    .select({ id: seals.id })
    .from(seals)
    .where(and(eq(seals.organizationId, organizationId), inArray(seals.status, [...LIVE]), gt(seals.expiresAt, now)))
    .limit(1);
  return !!held;
}

async function siteWords(tx: Executor, complaint: Complaint): Promise<string> {
  if (complaint.domain) return complaint.domain;
  if (!complaint.sealId) return 'the site';
  const [site] = await tx.select({ domain: sites.domain }).from(seals).innerJoin(sites, eq(sites.id, seals.siteId)).where(eq(seals.id, complaint.sealId)).limit(1);
  return site?.domain ?? 'the site';
}

/** The complainant learns that an investigation is open; the raw tracking token is not stored, so the mail points to the link they kept. */
async function mailInvestigationOpen(tx: Executor, ctx: NotifyContext, complaint: Complaint, site: string) {
  if (!complaint.complainantEmail) return;
  await sendMail(tx, ctx, {
    to: complaint.complainantEmail,
    subject: `Your complaint ${complaint.reference}: an investigation is open`,
    organizationId: complaint.organizationId,
    body: [
      greeting(complaint.complainantName),
      `the seal authority has opened an investigation into your complaint ${complaint.reference} about ${site}.`,
      'We will write to you on your tracking page if we need more information, and the outcome will appear there. Open it with the private link from our first mail (we do not keep the link, so we cannot send it again).',
      MAIL_SIGNATURE,
    ].join('\n\n'),
  });
}

/**
 * A reviewer opens a case from a new complaint: the case is about the complaint's organization
 * (a complaint naming no known organization cannot open one: there is no one to send notices to),
 * with its seal and domain, on the fast track when the complaint is. The opener is assigned. The
 * complaint moves to `in_case` by a conditional update, so two reviewers triaging it at once
 * cannot both succeed; the complainant is mailed that an investigation is open.
 */
export async function openCaseFromComplaint({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<Case> {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(OpenCaseInput, input);
  const complaint = await findComplaint(ctx.db, data.complaintRef);
  const organizationId = complaint.organizationId;
  if (!organizationId) throw noOrganization(complaint);
  // The conflict rule before the complaint's state: a conflicted reviewer learns nothing of where it went.
  await assertNoComplaintConflict(ctx.db, actor.id, organizationId);
  if (complaint.status !== 'new') throw notNew(complaint);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    await assertNoComplaintConflict(tx, actor.id, organizationId); // again, with the case: a conflict declared meanwhile
    const site = await siteWords(tx, complaint);
    const values = {
      kind: 'complaint' as const,
      organizationId,
      sealId: await sealOfComplaint(tx, complaint, organizationId, now),
      domain: complaint.domain,
      title: data.title ?? `${complaintCategoryLabels[complaint.category]} — ${site}`.slice(0, 200),
      status: 'open' as const,
      assignedReviewerId: actor.id,
      openedById: actor.id,
      fastTrack: await isFastTrack(tx, complaint, organizationId, now),
      openedAt: now,
      updatedAt: now,
    };
    const caseRow = await insertCase(tx, values);
    await recordAudit(tx, { actorId: actor.id, action: 'case.open', entityType: 'case', entityId: caseRow.id, after: { ...caseAuditSnapshot(caseRow), complaint: complaint.reference }, at: now });
    await moveComplaintIntoCase(tx, { complaint, caseRow, actorId: actor.id, action: 'complaint.open-case', now });
    await mailInvestigationOpen(tx, { jobs: ctx.jobs, now }, complaint, site);
    return caseRow;
  });
}

/**
 * A reviewer adds a new complaint to an existing case of the same organization that is not
 * closed. A fast-track complaint puts the case on the fast track. The complaint's conditional
 * update decides a race with another triage; the case's decides a race with its closing.
 */
export async function mergeComplaintIntoCase({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ caseRow: Case; complaint: Complaint }> {
  requireRole(ctx.actor, 'reviewer');
  const data = parseInput(MergeInput, input);
  const complaint = await findComplaint(ctx.db, data.complaintRef);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, data.caseRef);
    if (!complaint.organizationId) throw noOrganization(complaint);
    // Before any word about the complaint's organization: a reviewer tied to it learns nothing of it.
    await assertNoComplaintConflict(tx, actor.id, complaint.organizationId);
    if (complaint.organizationId !== caseRow.organizationId) {
      const names = await tx
        .select({ id: organizations.id, legalName: organizations.legalName })
        .from(organizations)
        .where(inArray(organizations.id, [complaint.organizationId, caseRow.organizationId]));
      const nameOf = (id: string) => names.find((row) => row.id === id)?.legalName ?? 'another organization';
      throw new ConflictError(
        `Complaint ${complaint.reference} is about ${nameOf(complaint.organizationId)}, but case ${caseRow.reference} is about ${nameOf(caseRow.organizationId)}: a complaint can only join a case about the same organization. Open a new case for it instead.`,
      );
    }
    const fastTrack = caseRow.fastTrack || (await isFastTrack(tx, complaint, caseRow.organizationId, now));
    const [updated] = await tx
      .update(cases)
      .set({ fastTrack, updatedAt: now })
      .where(and(eq(cases.id, caseRow.id), ne(cases.status, 'closed')))
      .returning();
    if (!updated) throw new ConflictError(`Case ${caseRow.reference} is ${caseStatusLabels.closed.toLowerCase()}: a complaint cannot join a closed case. Open a new case for it instead.`);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.merge-complaint',
      entityType: 'case',
      entityId: caseRow.id,
      before: { fastTrack: caseRow.fastTrack },
      after: { fastTrack: updated.fastTrack, complaint: complaint.reference },
      at: now,
    });
    const moved = await moveComplaintIntoCase(tx, { complaint, caseRow, actorId: actor.id, action: 'complaint.merge', now });
    const site = await siteWords(tx, complaint);
    const notifyContext = { jobs: ctx.jobs, now };
    await notifyCaseReviewer(
      tx,
      notifyContext,
      updated,
      {
        kind: 'case.complaint-added',
        subject: `Complaint ${complaint.reference} was added to case ${caseRow.reference}`,
        body: `${actor.name} added complaint ${complaint.reference} about ${site} (${complaintCategoryLabels[complaint.category]}) to case ${caseRow.reference}.${fastTrack && !caseRow.fastTrack ? ' The case is now on the fast track.' : ''}`,
        link: casePath(caseRow.reference),
      },
      actor.id,
    );
    await mailInvestigationOpen(tx, notifyContext, complaint, site);
    return { caseRow: updated, complaint: moved };
  });
}
