import { and, desc, eq, sql } from 'drizzle-orm';
import { policyChanges, policyMonitors, type PolicyMonitor } from '@/db/schema';
import type { Database, Executor } from '@/db/client';
import type { JobRunner } from '@/lib/jobs/runner';
import type { NetPolicy } from '@/lib/net/policy';
import { notifyOrganization } from '@/lib/notifications/notify';
import { capturePolicyFromUrl, type PolicyCaptureResult } from '@/lib/policies/capture';
import { classifyPolicyChange, type PolicyClassification } from '@/lib/policies/monitor-rules';
import { diffSize, policyDiff } from '@/lib/policies/policy-diff';
import { utcDayKey } from '@/lib/format/dates';
import { recordAudit } from '../audit';
import { notifyReviewersOfComplaint, recordComplaint } from '../complaints/record-complaint';
import { resolveComplaintSubject } from '../complaints/complaint-subject';
import { policyRulesOf } from './policy-rules';

/**
 * The policy monitor's limits (issue #16): a host is fetched at most once a minute, whatever
 * seals' policies it serves; a run (the job runs every minute) checks at most `perRun` policies, a
 * few at a time; a claimed check that dies is retried ten minutes later; a policy that cannot be
 * read for three days and three checks in a row becomes a complaint.
 */
export const POLICY_CHECK_LIMITS = { perRun: 60, concurrentFetches: 6, hostEveryMs: 60_000, retryClaimMs: 10 * 60_000, unreachableDays: 3, unreachableChecks: 3 } as const;

type Due = PolicyMonitor & { publicId: string; holder: string; organizationId: string; intervalHours: number };
type Row = Record<string, unknown>;

export type PolicyCheckOutcome = { sealId: string; outcome: 'unchanged' | 'changed' | 'still-changed' | 'unreachable'; classification?: 'material' | 'editorial'; complaint?: string };

/**
 * Checks the policies that are due: claims them (another run or instance skips them), fetches each
 * outside any transaction, compares it with the certified text and records the outcome in a
 * transaction of its own with its audit event. Run by the system (`policies.check` job).
 */
export async function checkDuePolicies(db: Database, { now, net, jobs, perRun = POLICY_CHECK_LIMITS.perRun }: { now: Date; net: NetPolicy; jobs?: JobRunner; perRun?: number }): Promise<PolicyCheckOutcome[]> {
  const due = await claimDue(db, now, perRun);
  const outcomes: PolicyCheckOutcome[] = [];
  const queue = [...due];
  await Promise.all(
    Array.from({ length: Math.min(POLICY_CHECK_LIMITS.concurrentFetches, queue.length) }, async () => {
      for (let monitor = queue.shift(); monitor; monitor = queue.shift()) {
        const fetched = await capturePolicyFromUrl(monitor.url, net);
        outcomes.push(await recordCheck(db, monitor, fetched, { now, jobs }));
      }
    }),
  );
  return outcomes;
}

/**
 * Due monitors of active or suspended seals, at most one per host, none on a host fetched in the
 * last minute; the claim moves `next_check_at` past the retry delay, under `skip locked`.
 */
async function claimDue(db: Database, now: Date, perRun: number): Promise<Due[]> {
  const at = now.toISOString();
  const result = await db.execute(sql`
    with due as (
      select distinct on (m.host) m.seal_id from policy_monitors m join seals s on s.id = m.seal_id
      where m.next_check_at <= ${at}::timestamptz and s.status in ('active', 'suspended') and s.expires_at > ${at}::timestamptz
        and not exists (select 1 from policy_monitors r where r.host = m.host and r.last_checked_at > ${at}::timestamptz - ${`${POLICY_CHECK_LIMITS.hostEveryMs} milliseconds`}::interval)
      order by m.host, m.next_check_at
    ), picked as (
      select m.seal_id from policy_monitors m where m.seal_id in (select seal_id from due)
      order by m.next_check_at limit ${perRun} for update of m skip locked
    )
    update policy_monitors m set next_check_at = ${at}::timestamptz + ${`${POLICY_CHECK_LIMITS.retryClaimMs} milliseconds`}::interval, last_checked_at = ${at}::timestamptz
    from picked, seals s, organizations o, programs p
    where m.seal_id = picked.seal_id and s.id = m.seal_id and o.id = s.organization_id and p.id = s.program_id
    returning m.*, s.public_id, o.legal_name, o.id as organization_id, p.policy_check_interval_hours`);
  return ((result as unknown as { rows: Row[] }).rows ?? []).map((row) => ({
    sealId: String(row.seal_id),
    url: String(row.url),
    host: String(row.host),
    certifiedText: String(row.certified_text),
    certifiedSha256: String(row.certified_sha256),
    certifiedAt: new Date(row.certified_at as string),
    certifiedById: (row.certified_by_id as string | null) ?? null,
    nextCheckAt: new Date(row.next_check_at as string),
    lastCheckedAt: row.last_checked_at ? new Date(row.last_checked_at as string) : null,
    lastOutcome: (row.last_outcome as string | null) ?? null,
    failingSince: row.failing_since ? new Date(row.failing_since as string) : null,
    failedChecks: Number(row.failed_checks),
    lastProblem: (row.last_problem as string | null) ?? null,
    unreachableComplaintId: (row.unreachable_complaint_id as string | null) ?? null,
    updatedAt: new Date(row.updated_at as string),
    publicId: String(row.public_id),
    holder: String(row.legal_name),
    organizationId: String(row.organization_id),
    intervalHours: Number(row.policy_check_interval_hours),
  }));
}

const HOUR_MS = 60 * 60 * 1000;

async function recordCheck(db: Database, monitor: Due, fetched: PolicyCaptureResult, { now, jobs }: { now: Date; jobs?: JobRunner }): Promise<PolicyCheckOutcome> {
  const next = { nextCheckAt: new Date(now.getTime() + monitor.intervalHours * HOUR_MS), lastCheckedAt: now, updatedAt: now };
  if (!fetched.ok) return recordFailure(db, monitor, fetched.problem, next, { now, jobs });
  const readable = { ...next, failingSince: null, failedChecks: 0, lastProblem: null, unreachableComplaintId: null };
  if (fetched.sha256 === monitor.certifiedSha256) {
    await db.update(policyMonitors).set({ ...readable, lastOutcome: 'unchanged' }).where(eq(policyMonitors.sealId, monitor.sealId));
    return { sealId: monitor.sealId, outcome: 'unchanged' };
  }
  // Already found and still open: nothing new to say; a newer text is a new change.
  const [latest] = await db.select().from(policyChanges).where(eq(policyChanges.sealId, monitor.sealId)).orderBy(desc(policyChanges.fetchedAt)).limit(1);
  if (latest && latest.state === 'open' && latest.sha256 === fetched.sha256 && latest.certifiedSha256 === monitor.certifiedSha256) {
    await db.update(policyMonitors).set({ ...readable, lastOutcome: 'changed' }).where(eq(policyMonitors.sealId, monitor.sealId));
    return { sealId: monitor.sealId, outcome: 'still-changed', classification: latest.classification };
  }
  // The diff and the rules run before the transaction: a long policy takes a moment, and no lock waits for it.
  const diff = policyDiff(monitor.certifiedText, fetched.text);
  const ruleSet = await policyRulesOf(db, monitor.sealId);
  const classified = classifyPolicyChange(diff, monitor.certifiedText, fetched.text, ruleSet.rules);
  return db.transaction(async (tx) => {
    const [change] = await tx
      .insert(policyChanges)
      .values({
        sealId: monitor.sealId,
        fetchedAt: now,
        url: fetched.url,
        sha256: fetched.sha256,
        text: fetched.text,
        certifiedSha256: monitor.certifiedSha256,
        diff,
        classification: classified.classification,
        matches: classified.matches,
        ruleSetVersion: ruleSet.version,
      })
      .returning();
    const complaint = classified.classification === 'material' ? await openChangeComplaint(tx, monitor, classified, fetched.url, { now, jobs }) : null;
    if (complaint) await tx.update(policyChanges).set({ complaintId: complaint.id }).where(eq(policyChanges.id, change!.id));
    await tx.update(policyMonitors).set({ ...readable, lastOutcome: 'changed' }).where(eq(policyMonitors.sealId, monitor.sealId));
    const size = diffSize(diff);
    await recordAudit(tx, {
      actorId: null,
      action: 'policy.change-found',
      entityType: 'seal',
      entityId: monitor.sealId,
      before: { sha256: monitor.certifiedSha256 },
      after: { sha256: fetched.sha256, classification: classified.classification, rules: classified.matches.map((match) => match.rule), wordsAdded: size.added, wordsRemoved: size.removed, complaint: complaint?.reference ?? null },
      at: now,
    });
    await notifyOrganization(tx, { jobs, now }, monitor.organizationId, {
      kind: 'policy.changed',
      subject: `Your privacy policy changed since seal ${monitor.publicId} was certified`,
      body: [
        `The seal authority's monitor read ${fetched.url} and found it different from the policy certified for seal ${monitor.publicId}: ${size.added} words added, ${size.removed} removed.`,
        classified.classification === 'material'
          ? `The change touches ${[...new Set(classified.matches.map((match) => match.label.toLowerCase()))].join(', ')}, which the seal's criteria cover, so a reviewer will look at it (complaint ${complaint?.reference}). You can explain the change by answering it.`
          : 'The change looks editorial; a reviewer will confirm it and accept the new text as the certified one.',
      ].join('\n\n'),
      link: '/portal',
    });
    return { sealId: monitor.sealId, outcome: 'changed' as const, classification: classified.classification, complaint: complaint?.reference };
  });
}

async function openChangeComplaint(tx: Executor, monitor: Due, classified: PolicyClassification, url: string, { now, jobs }: { now: Date; jobs?: JobRunner }) {
  const rule = classified.rule!;
  const subject = await resolveComplaintSubject(tx, { sealId: monitor.publicId, category: rule.category }, now);
  const passages = classified.matches.slice(0, 10).map((match) => `- ${match.label} (${match.words.join(', ')}). ${match.passage.length > 600 ? `${match.passage.slice(0, 600)}…` : match.passage}`);
  const recorded = await recordComplaint(tx, {
    source: 'monitor',
    fields: {
      category: rule.category,
      description: [
        `The privacy policy of seal ${monitor.publicId}, held by ${monitor.holder}, changed since it was certified (${utcDayKey(monitor.certifiedAt)}). The policy monitor read ${url} on ${utcDayKey(now)}.`,
        `The change touches what the seal's criteria cover:\n${passages.join('\n')}`,
        'The whole diff is on the seal page.',
      ].join('\n\n'),
      occurredOn: utcDayKey(now),
      contactedCompany: false,
      shareIdentity: false,
    },
    subject: { ...subject, fastTrack: subject.fastTrack || rule.fastTrack },
    complainant: { name: null, email: null },
    evidence: [],
    actorId: null,
    action: 'complaint.open-automated',
    now,
  });
  if (!recorded) return null;
  await notifyReviewersOfComplaint(tx, { jobs, now }, recorded.complaint, subject.label);
  return recorded.complaint;
}

/** A failed fetch: counted; on the third day and third check of failures in a row, one complaint. */
async function recordFailure(db: Database, monitor: Due, problem: string, next: { nextCheckAt: Date; lastCheckedAt: Date; updatedAt: Date }, { now, jobs }: { now: Date; jobs?: JobRunner }): Promise<PolicyCheckOutcome> {
  const failingSince = monitor.failingSince ?? now;
  const failedChecks = monitor.failedChecks + 1;
  const longEnough = now.getTime() - failingSince.getTime() >= POLICY_CHECK_LIMITS.unreachableDays * 24 * HOUR_MS && failedChecks >= POLICY_CHECK_LIMITS.unreachableChecks;
  return db.transaction(async (tx) => {
    let reference: string | undefined;
    let complaintId = monitor.unreachableComplaintId;
    if (longEnough && !complaintId) {
      const subject = await resolveComplaintSubject(tx, { sealId: monitor.publicId, category: 'other' }, now);
      const recorded = await recordComplaint(tx, {
        source: 'monitor',
        fields: {
          category: 'other',
          description: [
            `The certified privacy policy of seal ${monitor.publicId}, held by ${monitor.holder}, could not be read at ${monitor.url} since ${utcDayKey(failingSince)} (${failedChecks} checks in a row).`,
            `Last problem: ${problem}`,
            'A seal holder must keep its certified policy published where visitors find it.',
          ].join('\n\n'),
          occurredOn: utcDayKey(failingSince),
          contactedCompany: false,
          shareIdentity: false,
        },
        subject,
        complainant: { name: null, email: null },
        evidence: [],
        actorId: null,
        action: 'complaint.open-automated',
        now,
      });
      complaintId = recorded?.complaint.id ?? null;
      reference = recorded?.complaint.reference;
      await notifyOrganization(tx, { jobs, now }, monitor.organizationId, {
        kind: 'policy.unreachable',
        subject: `Your certified privacy policy could not be read for ${POLICY_CHECK_LIMITS.unreachableDays} days`,
        body: `The seal authority's monitor could not read ${monitor.url}, the privacy policy certified for seal ${monitor.publicId}, since ${utcDayKey(failingSince)}: ${problem}. Publish it again at that address, or tell the seal authority where it is now (complaint ${reference}).`,
        link: '/portal',
      });
    }
    await tx
      .update(policyMonitors)
      .set({ ...next, lastOutcome: 'unreachable', failingSince, failedChecks, lastProblem: problem, unreachableComplaintId: complaintId })
      .where(and(eq(policyMonitors.sealId, monitor.sealId)));
    await recordAudit(tx, { actorId: null, action: 'policy.unreachable', entityType: 'seal', entityId: monitor.sealId, before: null, after: { url: monitor.url, problem, failingSince, failedChecks, complaint: reference ?? null }, at: now });
    return { sealId: monitor.sealId, outcome: 'unreachable' as const, complaint: reference };
  });
}
