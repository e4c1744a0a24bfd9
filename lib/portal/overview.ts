import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { renewalOpensAt } from '@/lib/seals/validity';
import { OPEN_STATUSES } from '@/lib/services/applications/application-access';
import { listCasesForMember } from '@/lib/services/cases/read-case-for-site';
import type { ServiceContext } from '@/lib/services/context';
import { applicationsOfSites, organizationsOf, sealsOfSites, sitesOf } from './queries';

const DAY_MS = 86_400_000;

/** One thing to do, said as an instruction, with where to do it. `urgent` comes first. */
export type NextStep = { text: string; href: string; urgent?: boolean };

/**
 * The portal's home for one member (issue 13, item 11): per organization, its seals with status and
 * expiry, its applications with their state and when a decision is to be expected, its open cases
 * with their deadlines, and what to do next. A member belongs to a handful of organizations, each
 * with a handful of sites: read whole, no paging needed.
 */
export async function portalOverview({ ctx }: { ctx: ServiceContext }) {
  const actor = requireRole(ctx.actor, 'applicant');
  const now = nowDate(ctx.clock);
  const [organizations, cases] = await Promise.all([organizationsOf(ctx.db, actor.id), listCasesForMember({ ctx })]);
  return Promise.all(
    organizations.map(async (organization) => {
      const sites = await sitesOf(ctx.db, organization.id, now);
      const siteIds = sites.map((site) => site.id);
      const [seals, applications] = await Promise.all([sealsOfSites(ctx.db, siteIds), applicationsOfSites(ctx.db, siteIds)]);
      const domainOf = new Map(sites.map((site) => [site.id, site.domain]));
      const liveSeals = seals.filter((seal) => effectiveStatus(seal, now) !== 'revoked').map((seal) => ({ ...seal, domain: domainOf.get(seal.siteId) ?? '', status: effectiveStatus(seal, now) }));
      const openApplications = applications
        .filter((application) => (OPEN_STATUSES as readonly string[]).includes(application.status))
        .map((application) => ({
          ...application,
          domain: domainOf.get(application.siteId) ?? '',
          decisionExpectedBy: application.submittedAt && ['submitted', 'in_review'].includes(application.status) ? new Date(application.submittedAt.getTime() + application.reviewDays * DAY_MS) : null,
        }))
        .map((application) => ({ ...application, decisionLate: !!application.decisionExpectedBy && application.decisionExpectedBy <= now }));
      const openCases = cases.filter((row) => row.organizationId === organization.id && row.status !== 'closed');

      const steps: NextStep[] = [];
      for (const row of openCases) {
        if (row.expectation.dueAt || row.expectation.overdue) steps.push({ text: `Case ${row.reference}: ${row.expectation.text}`, href: `/portal/cases/${row.reference}`, urgent: true });
      }
      for (const application of openApplications) {
        if (application.status === 'changes_requested') steps.push({ text: `Answer the reviewer’s request on the application for ${application.domain}, then submit it again.`, href: `/portal/applications/${application.id}`, urgent: true });
        if (application.status === 'draft') steps.push({ text: `Finish and submit the application for ${application.domain}.`, href: `/portal/applications/${application.id}` });
      }
      for (const seal of liveSeals) {
        if (seal.status !== 'expired' && renewalOpensAt(seal.expiresAt) <= now && !openApplications.some((application) => application.siteId === seal.siteId)) {
          steps.push({ text: `Renew seal ${seal.publicId} for ${seal.domain} before it expires.`, href: `/portal/sites/${seal.siteId}`, urgent: true });
        }
      }
      for (const site of sites) {
        const covered = liveSeals.some((seal) => seal.siteId === site.id && seal.status !== 'expired') || openApplications.some((application) => application.siteId === site.id);
        if (!site.verifiedAt) steps.push({ text: `Prove that you control ${site.domain}.`, href: `/portal/sites/${site.id}` });
        else if (!covered) steps.push({ text: `Apply for a seal for ${site.domain}.`, href: `/portal/sites/${site.id}` });
      }
      if (sites.length === 0) steps.push({ text: 'Add the domain of your website, then prove that you control it.', href: `/portal/organizations/${organization.id}` });
      steps.sort((a, b) => Number(!!b.urgent) - Number(!!a.urgent));

      return { organization, seals: liveSeals, applications: openApplications, cases: openCases, steps };
    }),
  );
}

export type PortalOverview = Awaited<ReturnType<typeof portalOverview>>;
