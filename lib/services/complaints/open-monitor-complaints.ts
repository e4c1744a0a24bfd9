import { and, asc, eq, gte, notExists, or, sql } from 'drizzle-orm';
import { badgeSightings, complaints, organizations, sealDomains, seals } from '@/db/schema';
import type { Database } from '@/db/client';
import type { JobRunner } from '@/lib/jobs/runner';
import { recordComplaint, notifyReviewersOfComplaint } from './record-complaint';
import { resolveComplaintSubject } from './complaint-subject';
import { ValidationError } from '../errors';

/**
 * When a host "keeps showing" a seal it is not covered by, and so deserves a complaint rather than
 * a line in the sightings list. The fast path counts only a first and a last time and a number of
 * requests per host (db/schema/badge-sightings.ts), so:
 *
 * - seen at least a day apart: the copy is still up a day later, so it is published, not a
 *   developer trying the embed snippet on a preview host for an afternoon; or
 * - at least 20 requests: twenty page views is real visitors, not one person reloading a test page.
 *
 * IP literals, `localhost` and other single-label names never reach the table (the fast path drops
 * them), so local previews cannot trip either rule.
 */
export const KEEPS_SHOWING = { minSpanMs: 24 * 60 * 60 * 1000, minRequests: 20 } as const;

/**
 * The copied-badge monitor: one automated complaint (source `monitor`, category "Seal displayed
 * without certification") per seal and host that keeps showing it. Idempotent across runs and
 * instances: the unique index on (seal, monitor host) and ON CONFLICT DO NOTHING decide, so a
 * second run, or a second instance at the same moment, adds nothing. Run by the system (the
 * `complaints.monitor-sightings` job), not by a person; its audit rows have no actor.
 */
export async function openMonitorComplaints(db: Database, { now, jobs }: { now: Date; jobs?: JobRunner }): Promise<string[]> {
  const span = sql`${badgeSightings.lastSeenAt} - ${badgeSightings.firstSeenAt}`;
  const candidates = await db
    .select({ sealId: badgeSightings.sealId, publicId: seals.publicId, holder: organizations.legalName, host: badgeSightings.host, requestCount: badgeSightings.requestCount, firstSeenAt: badgeSightings.firstSeenAt, lastSeenAt: badgeSightings.lastSeenAt })
    .from(badgeSightings)
    .innerJoin(seals, eq(seals.id, badgeSightings.sealId))
    .innerJoin(organizations, eq(organizations.id, seals.organizationId))
    .where(
      and(
        or(gte(span, sql`${`${KEEPS_SHOWING.minSpanMs} milliseconds`}::interval`), gte(badgeSightings.requestCount, KEEPS_SHOWING.minRequests)),
        // Already complained about: skipped here; the unique index settles a race with another run.
        notExists(db.select({ one: complaints.id }).from(complaints).where(and(eq(complaints.sealId, badgeSightings.sealId), eq(complaints.monitorHost, badgeSightings.host)))),
        // A host the seal has come to cover since (a renewal adding a domain) is no misuse.
        notExists(
          db
            .select({ one: sealDomains.domain })
            .from(sealDomains)
            .where(and(eq(sealDomains.sealId, badgeSightings.sealId), or(eq(sealDomains.domain, badgeSightings.host), eq(sql`'www.' || ${sealDomains.domain}`, badgeSightings.host)))),
        ),
      ),
    )
    .orderBy(asc(badgeSightings.firstSeenAt), asc(badgeSightings.host));

  const opened: string[] = [];
  for (const sighting of candidates) {
    const reference = await db.transaction(async (tx) => {
      let subject;
      try {
        subject = await resolveComplaintSubject(tx, { sealId: sighting.publicId, domain: sighting.host, category: 'seal_misuse' }, now);
      } catch (error) {
        if (error instanceof ValidationError) return null; // not a domain name a complaint can name
        throw error;
      }
      const day = (date: Date) => date.toISOString().slice(0, 10);
      const recorded = await recordComplaint(tx, {
        source: 'monitor',
        fields: {
          category: 'seal_misuse',
          description: `The badge of seal ${sighting.publicId}, held by ${sighting.holder}, was shown on pages of ${sighting.host}, which the seal does not cover: ${sighting.requestCount} ${sighting.requestCount === 1 ? 'request' : 'requests'} between ${sighting.firstSeenAt.toISOString()} and ${sighting.lastSeenAt.toISOString()}. Reported by the badge monitor; visitors of that host see the badge as “not verified”.`,
          occurredOn: day(sighting.firstSeenAt),
          contactedCompany: false,
          shareIdentity: false,
        },
        subject,
        complainant: { name: null, email: null },
        evidence: [],
        monitorHost: sighting.host,
        actorId: null,
        action: 'complaint.open-automated',
        now,
      });
      if (!recorded) return null;
      await notifyReviewersOfComplaint(tx, { jobs, now }, recorded.complaint, subject.label);
      return recorded.complaint.reference;
    });
    if (reference) opened.push(reference);
  }
  return opened;
}
