import { and, asc, eq, lt, lte } from 'drizzle-orm';
import { cases, organizations, type Case } from '@/db/schema';
import type { Database, Executor } from '@/db/client';
import type { JobRunner } from '@/lib/jobs/runner';
import { caseAuditSnapshot, casePath, insertCaseMessage, notifyCaseReviewer, portalCasePath } from '@/lib/cases/case-records';
import { addDays, caseProgramSettings, daysBetween } from '@/lib/cases/program-settings';
import { notifyOrganization, type NotifyContext } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import { deferredDates } from '@/lib/format/dates';

export type Escalation = { caseId: string; reference: string; level: 1 | 2 };

/**
 * One escalation step, by a conditional update on the level it starts from, the status and the
 * deadline seen: of two job runs (two instances) only one matches the row, and a site that
 * answered, or a new notice with a new deadline, in the meantime makes the step match nothing.
 */
async function escalateOnce(tx: Executor, seen: Case, level: 1 | 2, now: Date, notify: NotifyContext): Promise<Case | null> {
  const [updated] = await tx
    .update(cases)
    .set({ escalationLevel: level, escalatedAt: now, updatedAt: now })
    .where(and(eq(cases.id, seen.id), eq(cases.status, 'awaiting_site_response'), eq(cases.escalationLevel, level - 1), eq(cases.responseDueAt, seen.responseDueAt!)))
    .returning();
  if (!updated) return null;
  await recordAudit(tx, { actorId: null, action: 'case.escalate', entityType: 'case', entityId: seen.id, before: caseAuditSnapshot(seen), after: { ...caseAuditSnapshot(updated), level }, at: now });
  const due = updated.responseDueAt!;
  const [organization] = await tx.select({ legalName: organizations.legalName }).from(organizations).where(eq(organizations.id, updated.organizationId)).limit(1);
  const name = organization?.legalName ?? 'The organization';
  if (level === 1) {
    const reminder = `The response to the notice in case ${updated.reference} was due by ${deferredDates.dateTime(due)} and has not arrived. Please respond in the portal now: a case left without a response may lead to the suspension of the seal.`;
    await insertCaseMessage(tx, { caseId: updated.id, audience: 'site', kind: 'reminder', body: reminder, authorId: null, at: now });
    await notifyOrganization(tx, notify, updated.organizationId, {
      kind: 'case.reminder',
      subject: `Overdue: your response in case ${updated.reference} was due by ${deferredDates.date(due)}`,
      body: reminder,
      link: portalCasePath(updated.reference),
    });
    await notifyCaseReviewer(tx, notify, updated, {
      kind: 'case.overdue',
      subject: `Case ${updated.reference} is overdue: ${name} has not responded`,
      body: `${name} did not respond to the notice in case ${updated.reference} by ${deferredDates.dateTime(due)}. They were reminded; the case is marked overdue in the queue.`,
      link: casePath(updated.reference),
    });
  } else {
    const silentDays = daysBetween(due, now);
    await notifyCaseReviewer(tx, notify, updated, {
      kind: 'case.suspend-prompt',
      subject: `Case ${updated.reference}: no response for ${silentDays} days — consider suspending the seal`,
      body: `${name} has not answered the notice in case ${updated.reference} for ${silentDays} days past its deadline (${deferredDates.dateTime(due)}), reminder included. Consider suspending the seal for non-response in the case’s decision section.`,
      link: `${casePath(updated.reference)}#decision`,
    });
  }
  return updated;
}

/**
 * The escalation sweep (cases.escalate job): every case awaiting the site's response past its
 * deadline goes to level 1 (overdue: the site reminded, the reviewer told); past the deadline plus
 * the program's grace period, to level 2 (the reviewer prompted to suspend for non-response). A
 * case the sweep reaches late takes both steps in one run, in order; each step happens once per
 * deadline, however many runs and instances. Returns the steps taken.
 */
export async function escalateOverdueCases(db: Database, now: Date, { jobs }: { jobs?: JobRunner } = {}): Promise<Escalation[]> {
  const due = await db
    .select()
    .from(cases)
    .where(and(eq(cases.status, 'awaiting_site_response'), lte(cases.responseDueAt, now), lt(cases.escalationLevel, 2)))
    .orderBy(asc(cases.responseDueAt));
  const taken: Escalation[] = [];
  for (const seen of due) {
    const { caseEscalationGraceDays } = await caseProgramSettings(db, seen);
    const target = now.getTime() >= addDays(seen.responseDueAt!, caseEscalationGraceDays).getTime() ? 2 : 1;
    let current: Case | null = seen;
    for (let level = seen.escalationLevel + 1; current && level <= target; level++) {
      const step = level as 1 | 2;
      const from: Case = current;
      current = await db.transaction((tx) => escalateOnce(tx, from, step, now, { jobs, now }));
      if (current) taken.push({ caseId: seen.id, reference: seen.reference, level: step });
    }
  }
  return taken;
}
