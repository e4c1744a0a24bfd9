import { and, gt, sql } from 'drizzle-orm';
import { complaints } from '@/db/schema';
import type { Database } from '@/db/client';
import { cappedCount, formatCappedCount, type CappedCount } from '@/lib/lists/capped-count';
import { notifyReviewers } from '@/lib/notifications/notify';

const DAY_MS = 24 * 60 * 60 * 1000;

export type TriageDigest = { waiting: CappedCount; fastTrack: CappedCount; filedToday: CappedCount };

const complaintsWord = (count: CappedCount) => (count.n === 1 && !count.more ? 'complaint' : 'complaints');

/**
 * The reviewers' daily word on the triage queue (ADR 0019): one notification and one mail per
 * reviewer and admin a day, with how many complaints wait, how many of them arrived in the last 24
 * hours, and how many are on the fast track — instead of one notification per complaint. Nothing is
 * sent when nothing waits. Counts only, capped at 1,000 (`complaints_status_created_id_idx` and the
 * triage index): reviewers with a conflict of interest get the same numbers the staff menu shows
 * them, never a reference. Fast-track complaints are still announced one by one when they arrive
 * (notifyReviewersOfComplaint). One transaction: a run that fails sends nothing and is retried
 * whole. The mails stay queued for `mail.sweep` (a job handler has no runner in hand).
 */
export async function sendTriageDigest(db: Database, now: Date): Promise<TriageDigest | null> {
  return db.transaction(async (tx) => {
    // Literals and the triage index's own expression, as complaintCounts writes them, so that the
    // partial index (`status = 'new'`) serves all three.
    const waitingCondition = sql`${complaints.status} = 'new'`;
    const [waiting, fastTrack, filedToday] = await Promise.all([
      cappedCount(tx, complaints, waitingCondition),
      cappedCount(tx, complaints, sql`${waitingCondition} and (not ${complaints.fastTrack}) is false`),
      cappedCount(tx, complaints, and(waitingCondition, gt(complaints.createdAt, new Date(now.getTime() - DAY_MS)))),
    ]);
    if (waiting.n === 0) return null;
    const lines = [
      `${formatCappedCount(waiting)} ${complaintsWord(waiting)} ${waiting.n === 1 && !waiting.more ? 'waits' : 'wait'} in the triage queue; ${filedToday.n === 0 ? 'none' : formatCappedCount(filedToday)} of them arrived in the last 24 hours.`,
      fastTrack.n > 0 ? `${formatCappedCount(fastTrack)} ${fastTrack.n === 1 && !fastTrack.more ? 'is' : 'are'} on the fast track (an alleged sale or transfer of personal data by a seal holder): please take ${fastTrack.n === 1 && !fastTrack.more ? 'it' : 'them'} first.` : null,
      'This is a daily summary: reviewers are no longer told of each complaint as it arrives, except fast-track ones. The number beside “Complaints” in the staff menu is always current.',
    ];
    await notifyReviewers(tx, { now }, {
      kind: 'complaint.triage-digest',
      subject: `Triage: ${formatCappedCount(waiting)} ${complaintsWord(waiting)} waiting (${formatCappedCount(filedToday)} new today)`,
      body: lines.filter(Boolean).join('\n\n'),
      link: '/review/complaints',
    });
    return { waiting, fastTrack, filedToday };
  });
}
