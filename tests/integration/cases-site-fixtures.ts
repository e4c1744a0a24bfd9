import { eq } from 'drizzle-orm';
import { caseDecisions, caseMessages, cases, complaints, type CaseOutcome, type CaseStatus } from '@/db/schema';
import type { Database } from '@/db/client';
import { generateCaseReference } from '@/lib/cases/reference';

/**
 * A complaint case as the reviewer side leaves it after triage and a notice: written directly, so
 * the site's verbs are tested on their own. The title is the reviewers' own and names the
 * complainant, which the site must never read.
 */
export async function seedComplaintCase(
  db: Database,
  subject: { organizationId: string; sealId?: string | null; domain?: string | null; complaintId?: string },
  options: { status?: CaseStatus; responseDueAt?: Date | null; assignedReviewerId?: string | null; now?: Date } = {},
) {
  const now = options.now ?? new Date();
  const [caseRow] = await db
    .insert(cases)
    .values({
      reference: generateCaseReference(),
      kind: 'complaint',
      organizationId: subject.organizationId,
      sealId: subject.sealId ?? null,
      domain: subject.domain ?? null,
      title: 'Data sale reported by Carla Complainant (internal title)',
      status: options.status ?? 'awaiting_site_response',
      assignedReviewerId: options.assignedReviewerId ?? null,
      responseDueAt: options.responseDueAt === undefined ? new Date(now.getTime() + 14 * 86_400_000) : options.responseDueAt,
      openedAt: now,
      updatedAt: now,
    })
    .returning();
  if (subject.complaintId) await db.update(complaints).set({ caseId: caseRow!.id, status: 'in_case' }).where(eq(complaints.id, subject.complaintId));
  return caseRow!;
}

/** The three audiences of a case's conversation, each with text a test can look for. */
export const MESSAGES = {
  notice: 'NOTICE: a complaint says your customer list is for sale. Tell us what is planned for it.',
  internal: 'INTERNAL NOTE: the complainant is a journalist; do not mention it to the site.',
  complainant: 'TO THE COMPLAINANT: please send the advertisement you saw.',
};

export async function seedConversation(db: Database, caseRow: { id: string; responseDueAt: Date | null }, authorId: string, complaintId: string | null) {
  const at = new Date();
  await db.insert(caseMessages).values([
    { caseId: caseRow.id, audience: 'site', kind: 'notice', body: MESSAGES.notice, authorId, responseDueAt: caseRow.responseDueAt, createdAt: at },
    { caseId: caseRow.id, audience: 'internal', kind: 'internal_note', body: MESSAGES.internal, authorId, createdAt: new Date(at.getTime() + 1) },
    { caseId: caseRow.id, audience: 'complainant', kind: 'complainant_request', body: MESSAGES.complainant, authorId, complaintId, createdAt: new Date(at.getTime() + 2) },
  ]);
}

export const SUMMARY_FOR_COMPLAINANT = 'SUMMARY FOR THE COMPLAINANT ONLY: we warned the shop.';

/** A decision as the decision verbs record it; in effect, appealable for `appealDays` from `at`. */
export async function seedDecision(
  db: Database,
  caseId: string,
  decidedById: string,
  options: { outcome?: CaseOutcome; state?: 'proposed' | 'in_effect' | 'withdrawn' | 'overturned'; at?: Date; appealDays?: number | null; caseStatus?: CaseStatus } = {},
) {
  const at = options.at ?? new Date();
  const appealDays = options.appealDays === undefined ? 14 : options.appealDays;
  const [decision] = await db
    .insert(caseDecisions)
    .values({
      caseId,
      outcome: options.outcome ?? 'warning',
      state: options.state ?? 'in_effect',
      reasonForSite: 'REASON FOR THE SITE: your policy promised never to share the data; the sale breaks it.',
      summaryForComplainant: SUMMARY_FOR_COMPLAINANT,
      decidedById,
      decidedAt: at,
      appealableUntil: appealDays === null ? null : new Date(at.getTime() + appealDays * 86_400_000),
    })
    .returning();
  await db
    .update(cases)
    .set({ status: options.caseStatus ?? 'decided', decidedAt: at, responseDueAt: null })
    .where(eq(cases.id, caseId));
  return decision!;
}
