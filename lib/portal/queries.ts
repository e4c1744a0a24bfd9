import { and, asc, desc, eq, inArray, isNotNull, isNull, gt, or } from 'drizzle-orm';
import { applicationAnswers, applications, applicationSites, applicationVerdicts, criteriaVersions, invitations, memberships, organizations, programs, seals, sites, users } from '@/db/schema';
import type { Database } from '@/db/client';

/** Read-only queries behind the portal's pages. Access is checked by the caller (requireMembership & co). */

export function organizationsOf(db: Database, userId: string) {
  return db
    .select({ id: organizations.id, legalName: organizations.legalName, country: organizations.country, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.legalName));
}

export function membersOf(db: Database, organizationId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(users.name));
}

/** How long an expired invitation stays listed, to be sent again or withdrawn. */
const EXPIRED_INVITATIONS_SHOWN_MS = 30 * 24 * 60 * 60_000;

/**
 * Invitations neither accepted nor withdrawn: those still valid, and those expired in the last 30
 * days (an owner may send them again). Newest first; at most 100 — an organization that has more
 * open invitations than that has other problems.
 */
export function pendingInvitationsOf(db: Database, organizationId: string, now: Date) {
  return db
    .select({ id: invitations.id, email: invitations.email, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.organizationId, organizationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date(now.getTime() - EXPIRED_INVITATIONS_SHOWN_MS))))
    .orderBy(desc(invitations.createdAt))
    .limit(100);
}

/** The organization's proven sites and live claims; ended and lapsed claims are gone (lib/sites/claims.ts). */
export function sitesOf(db: Database, organizationId: string, now: Date) {
  return db
    .select()
    .from(sites)
    .where(and(eq(sites.organizationId, organizationId), isNull(sites.endedAt), or(isNotNull(sites.verifiedAt), isNull(sites.claimLapsesAt), gt(sites.claimLapsesAt, now))))
    .orderBy(asc(sites.domain));
}

export async function applicationsOfSites(db: Database, siteIds: string[]) {
  if (siteIds.length === 0) return [];
  return db
    .select({
      id: applications.id,
      siteId: applications.siteId,
      status: applications.status,
      programName: programs.name,
      criteriaVersion: criteriaVersions.version,
      submittedAt: applications.submittedAt,
      updatedAt: applications.updatedAt,
      /** The program's usual time to a decision, in days (its review-overdue threshold). */
      reviewDays: programs.reviewOverdueDays,
    })
    .from(applications)
    .innerJoin(programs, eq(programs.id, applications.programId))
    .innerJoin(criteriaVersions, eq(criteriaVersions.id, applications.criteriaVersionId))
    .where(inArray(applications.siteId, siteIds))
    .orderBy(desc(applications.createdAt));
}

export async function applicationDetails(db: Database, applicationId: string) {
  const [head] = await db
    .select({ programName: programs.name, programSlug: programs.slug, criteriaVersion: criteriaVersions.version, domain: sites.domain })
    .from(applications)
    .innerJoin(programs, eq(programs.id, applications.programId))
    .innerJoin(criteriaVersions, eq(criteriaVersions.id, applications.criteriaVersionId))
    .innerJoin(sites, eq(sites.id, applications.siteId))
    .where(eq(applications.id, applicationId));
  const [answers, verdicts, extraSites] = await Promise.all([
    db.select().from(applicationAnswers).where(eq(applicationAnswers.applicationId, applicationId)),
    db.select().from(applicationVerdicts).where(eq(applicationVerdicts.applicationId, applicationId)),
    db.select({ siteId: applicationSites.siteId }).from(applicationSites).where(eq(applicationSites.applicationId, applicationId)),
  ]);
  return { ...head!, answers, verdicts, extraSiteIds: extraSites.map((row) => row.siteId) };
}

export function listPublishedPrograms(db: Database) {
  return db.select({ slug: programs.slug, name: programs.name }).from(programs).orderBy(asc(programs.name));
}

/** The seals of these sites, newest first, for the portal's overview. */
export async function sealsOfSites(db: Database, siteIds: string[]) {
  if (siteIds.length === 0) return [];
  return db.select().from(seals).where(inArray(seals.siteId, siteIds)).orderBy(desc(seals.issuedAt));
}

/** The domain of a site, for a title or a heading; null for an unknown id. */
export async function domainOfSite(db: Database, siteId: string): Promise<string | null> {
  const [site] = await db.select({ domain: sites.domain }).from(sites).where(eq(sites.id, siteId)).limit(1);
  return site?.domain ?? null;
}

/** The primary domain of an application, for a title; null for an unknown or malformed id. */
export async function domainOfApplication(db: Database, applicationId: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(applicationId)) return null;
  const [row] = await db.select({ domain: sites.domain }).from(applications).innerJoin(sites, eq(sites.id, applications.siteId)).where(eq(applications.id, applicationId)).limit(1);
  return row?.domain ?? null;
}
