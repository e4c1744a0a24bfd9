import { and, asc, eq, gt, gte, inArray, isNull, min, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { badgeSightings, complaints, organizations, sealDomains, seals } from '@/db/schema';
import type { Database } from '@/db/client';
import { hostHomePage, type BadgeCopyFound } from '@/lib/complaints/badge-copy-check';
import type { JobRunner } from '@/lib/jobs/runner';
import type { NetPolicy } from '@/lib/net/policy';
import { recordComplaint, notifyReviewersOfComplaint } from './record-complaint';
import { resolveComplaintSubject } from './complaint-subject';
import { ValidationError } from '../errors';
import { utcDayKey } from '@/lib/format/dates';

/**
 * When a host "keeps showing" a seal it is not covered by, and so deserves a look rather than
 * only a line in the sightings list. The fast path counts only a first and a last time and a
 * number of requests per host (db/schema/badge-sightings.ts), so:
 *
 * - seen at least a day apart: the copy is still up a day later, so it is published, not a
 *   developer trying the embed snippet on a preview host for an afternoon; or
 * - at least 20 requests: twenty page views is real visitors, not one person reloading a test page.
 *
 * IP literals, `localhost` and other single-label names never reach the table (the fast path drops
 * them), so local previews cannot trip either rule. Either rule is cheap to forge with made-up
 * `Origin` headers, so neither files a complaint: it only puts the host on the list to check.
 */
export const KEEPS_SHOWING = { minSpanMs: 24 * 60 * 60 * 1000, minRequests: 20 } as const;

/**
 * How hard the monitor may knock on other people's hosts: a host's home page is fetched at most
 * once a day, whatever seals it is said to show and however often, and at most `hostsPerRun`
 * hosts per run (the job runs every ten minutes), a few at a time.
 */
export const CONFIRMATION_LIMITS = { recheckAfterMs: 24 * 60 * 60 * 1000, hostsPerRun: 20, concurrentFetches: 4 } as const;

type Candidate = { sealId: string; publicId: string; holder: string; host: string; requestCount: number; firstSeenAt: Date; lastSeenAt: Date };

/**
 * The copied-badge monitor. A sighting is a claim anyone can make by sending an `Origin` header,
 * so before a complaint names a host's owner the monitor confirms the copy: it fetches the host's
 * home page and looks for the badge snippet of that seal (lib/complaints/badge-on-page.ts).
 *
 * - Found: the sighting is marked confirmed (where, when, what) and one automated complaint
 *   (source `monitor`, category "Seal displayed without certification") is filed, with that
 *   evidence in its description. Idempotent across runs and instances: the unique index on
 *   (seal, monitor host) and ON CONFLICT DO NOTHING decide.
 * - Not found, or the page could not be read: the sighting stays unconfirmed, with the time and
 *   the reason of the check for reviewers, and is looked at again a day later at the earliest.
 *
 * Fetches run outside any transaction; each sighting's outcome is then written in one of its own.
 * Run by the system (the `complaints.monitor-sightings` job), not by a person; its audit rows have
 * no actor. Returns the references of the complaints it filed.
 */
export async function openMonitorComplaints(db: Database, { now, net, jobs, hostsPerRun = CONFIRMATION_LIMITS.hostsPerRun }: { now: Date; net: NetPolicy; jobs?: JobRunner; hostsPerRun?: number }): Promise<string[]> {
  const candidates = await sightingsToCheck(db, now, hostsPerRun);
  const byHost = new Map<string, Candidate[]>();
  for (const candidate of candidates) byHost.set(candidate.host, [...(byHost.get(candidate.host) ?? []), candidate]);
  const hosts = [...byHost.keys()];
  const opened: string[] = [];

  async function checkHost(host: string) {
    const page = hostHomePage(host, net);
    for (const sighting of byHost.get(host)!) {
      const outcome = await page.findBadge(sighting.publicId);
      if (outcome.found) {
        const reference = await fileConfirmedCopy(db, sighting, outcome, { now, jobs });
        if (reference) opened.push(reference);
      } else {
        await db
          .update(badgeSightings)
          .set({ checkedAt: now, checkProblem: outcome.problem })
          .where(and(eq(badgeSightings.sealId, sighting.sealId), eq(badgeSightings.host, host), isNull(badgeSightings.confirmedAt)));
      }
    }
  }
  // A few hosts at a time: a run of slow hosts (5 s timeouts, twice) stays well inside ten minutes.
  const queue = [...hosts];
  await Promise.all(
    Array.from({ length: Math.min(CONFIRMATION_LIMITS.concurrentFetches, hosts.length) }, async () => {
      for (let host = queue.shift(); host !== undefined; host = queue.shift()) await checkHost(host);
    }),
  );
  return opened;
}

/**
 * Sightings that keep showing, have no complaint, are not confirmed, and whose host is due: not
 * fetched in the last day for any seal. The hosts never looked at come first, then those looked at
 * longest ago; at most `hostsPerRun` hosts, with every due sighting of each.
 */
async function sightingsToCheck(db: Database, now: Date, hostsPerRun: number): Promise<Candidate[]> {
  const recent = alias(badgeSightings, 'recent_check');
  const span = sql`${badgeSightings.lastSeenAt} - ${badgeSightings.firstSeenAt}`;
  const due = and(
    or(gte(span, sql`${`${KEEPS_SHOWING.minSpanMs} milliseconds`}::interval`), gte(badgeSightings.requestCount, KEEPS_SHOWING.minRequests)),
    isNull(badgeSightings.confirmedAt),
    // Already complained about: skipped here; the unique index settles a race with another run.
    notExists(db.select({ one: complaints.id }).from(complaints).where(and(eq(complaints.sealId, badgeSightings.sealId), eq(complaints.monitorHost, badgeSightings.host)))),
    // A host the seal has come to cover since (a renewal adding a domain) is no misuse.
    notExists(
      db
        .select({ one: sealDomains.domain })
        .from(sealDomains)
        .where(and(eq(sealDomains.sealId, badgeSightings.sealId), or(eq(sealDomains.domain, badgeSightings.host), eq(sql`'www.' || ${sealDomains.domain}`, badgeSightings.host)))),
    ),
    // Once a day per host: a flood of forged sightings cannot make us fetch a page over and over.
    notExists(
      db
        .select({ one: recent.host })
        .from(recent)
        .where(and(eq(recent.host, badgeSightings.host), gt(recent.checkedAt, new Date(now.getTime() - CONFIRMATION_LIMITS.recheckAfterMs)))),
    ),
  );
  const hosts = await db
    .select({ host: badgeSightings.host })
    .from(badgeSightings)
    .where(due)
    .groupBy(badgeSightings.host)
    .orderBy(sql`min(${badgeSightings.checkedAt}) nulls first`, asc(min(badgeSightings.firstSeenAt)), asc(badgeSightings.host))
    .limit(hostsPerRun);
  if (hosts.length === 0) return [];
  return db
    .select({ sealId: badgeSightings.sealId, publicId: seals.publicId, holder: organizations.legalName, host: badgeSightings.host, requestCount: badgeSightings.requestCount, firstSeenAt: badgeSightings.firstSeenAt, lastSeenAt: badgeSightings.lastSeenAt })
    .from(badgeSightings)
    .innerJoin(seals, eq(seals.id, badgeSightings.sealId))
    .innerJoin(organizations, eq(organizations.id, seals.organizationId))
    .where(and(due, inArray(badgeSightings.host, hosts.map((row) => row.host))))
    .orderBy(asc(badgeSightings.firstSeenAt), asc(badgeSightings.host));
}

/** Marks the sighting confirmed and files its complaint, in one transaction; null when one exists. */
async function fileConfirmedCopy(db: Database, sighting: Candidate, found: BadgeCopyFound, { now, jobs }: { now: Date; jobs?: JobRunner }): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [marked] = await tx
      .update(badgeSightings)
      .set({ checkedAt: now, checkProblem: null, confirmedAt: now, confirmedUrl: found.url, confirmedSnippet: found.snippet })
      .where(and(eq(badgeSightings.sealId, sighting.sealId), eq(badgeSightings.host, sighting.host), isNull(badgeSightings.confirmedAt)))
      .returning({ host: badgeSightings.host });
    if (!marked) return null; // another run confirmed it first, and filed the complaint
    let subject;
    try {
      subject = await resolveComplaintSubject(tx, { sealId: sighting.publicId, domain: sighting.host, category: 'seal_misuse' }, now);
    } catch (error) {
      if (error instanceof ValidationError) return null; // not a domain name a complaint can name; the sighting shows confirmed
      throw error;
    }
    const requests = `${sighting.requestCount} ${sighting.requestCount === 1 ? 'request' : 'requests'}`;
    const recorded = await recordComplaint(tx, {
      source: 'monitor',
      fields: {
        category: 'seal_misuse',
        description: [
          `The badge of seal ${sighting.publicId}, held by ${sighting.holder}, was shown on pages of ${sighting.host}, which the seal does not cover: ${requests} between ${sighting.firstSeenAt.toISOString()} and ${sighting.lastSeenAt.toISOString()}.`,
          `The badge monitor found it on ${found.url} at ${now.toISOString()}: ${found.snippet}`,
          'Visitors of that host see the badge as “not verified”.',
        ].join('\n\n'),
        occurredOn: utcDayKey(sighting.firstSeenAt),
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
}
