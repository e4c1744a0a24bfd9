import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import { portalOverview } from '@/lib/portal/overview';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram, seedOrganization, seedSite } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';

const DAY = 86_400_000;
let database: TestDatabase;
let program: Awaited<ReturnType<typeof seedDefaultProgram>>;
beforeAll(async () => {
  database = await freshDatabase();
  program = await seedDefaultProgram(database.db);
});
afterAll(() => database?.close());

/** The portal's home (issue 13, item 11): each organization's seals, applications, cases and next steps, for its members only. */
describe(`portal overview (${testDriver})`, () => {
  it('tells a new organization to add and prove its site, then to apply', async () => {
    const owner = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner, [], 'Fresh Start Ltd');
    const ctx = contextFor(database.db, actorOf(owner));
    let [entry] = await portalOverview({ ctx });
    expect(entry!.steps.map((step) => step.text)).toEqual(['Add the domain of your website, then prove that you control it.']);

    const unproven = await seedSite(database.db, organization.id, { verified: false, domain: 'fresh-unproven.example' });
    const proven = await seedSite(database.db, organization.id, { domain: 'fresh-proven.example' });
    [entry] = await portalOverview({ ctx });
    expect(entry!.steps).toEqual([
      { text: 'Apply for a seal for fresh-proven.example.', href: `/portal/sites/${proven.id}` },
      { text: 'Prove that you control fresh-unproven.example.', href: `/portal/sites/${unproven.id}` },
    ]);
  });

  it('shows a submitted application with the day a decision is usually made, and late once that day passed', async () => {
    const owner = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner);
    const site = await seedSite(database.db, organization.id, { domain: 'waiting-shop.example' });
    const version = await getCurrentCriteriaVersion(database.db, program.id);
    const submittedAt = new Date('2026-11-02T09:00:00Z');
    await database.db
      .insert(applications)
      .values({ organizationId: organization.id, siteId: site.id, programId: program.id, criteriaVersionId: version!.id, status: 'submitted', createdById: owner.id, submittedAt });

    const onTime = await portalOverview({ ctx: contextFor(database.db, actorOf(owner), createTestClock(new Date(submittedAt.getTime() + 3 * DAY))) });
    expect(onTime[0]!.applications).toHaveLength(1);
    expect(onTime[0]!.applications[0]).toMatchObject({ domain: 'waiting-shop.example', status: 'submitted', decisionExpectedBy: new Date(submittedAt.getTime() + program.reviewOverdueDays * DAY), decisionLate: false });
    // Nothing to do while the reviewers work: no second "apply" for the same site.
    expect(onTime[0]!.steps).toEqual([]);

    const late = await portalOverview({ ctx: contextFor(database.db, actorOf(owner), createTestClock(new Date(submittedAt.getTime() + (program.reviewOverdueDays + 1) * DAY))) });
    expect(late[0]!.applications[0]!.decisionLate).toBe(true);
  });

  it('lists the seal with its status and asks for the renewal once it opens; other organizations see none of it', async () => {
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    const issuedAt = new Date('2025-12-20T10:00:00Z');
    const { owner, member, seal, site } = await seedIssuedSeal(database.db, { programId: program.id, reviewerId: reviewer.id, issuedAt });

    const early = await portalOverview({ ctx: contextFor(database.db, actorOf(member), createTestClock(new Date('2026-03-01T00:00:00Z'))) });
    expect(early[0]!.seals.map((row) => [row.publicId, row.status])).toEqual([[seal.publicId, 'active']]);
    expect(early[0]!.steps).toEqual([]);

    const due = await portalOverview({ ctx: contextFor(database.db, actorOf(owner), createTestClock(new Date(seal.expiresAt.getTime() - 10 * DAY))) });
    expect(due[0]!.steps).toEqual([{ text: `Renew seal ${seal.publicId} for ${site.domain} before it expires.`, href: `/portal/sites/${site.id}`, urgent: true }]);

    const outsider = await seedUser(database.db);
    expect(await portalOverview({ ctx: contextFor(database.db, actorOf(outsider)) })).toEqual([]);
  });
});
