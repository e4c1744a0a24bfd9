import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { applications, auditEvents, type Criterion } from '@/db/schema';
import { startApplication } from '@/lib/services/applications/start-application';
import { saveApplication } from '@/lib/services/applications/save-application';
import { attachPolicy } from '@/lib/services/applications/attach-policy';
import { ApplicationIncompleteError, submitApplication } from '@/lib/services/applications/submit-application';
import { withdrawApplication } from '@/lib/services/applications/withdraw-application';
import { criteriaOf } from '@/lib/services/applications/application-access';
import { ConflictError, ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';
import { seedDefaultProgram, seedOrganization, seedSite } from '../helpers/portal-factories';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
  await seedDefaultProgram(database.db);
});
afterAll(async () => {
  await database?.close();
});

const POLICY = `Toysmart privacy policy. ${'We never share your personal information with third parties without your consent. '.repeat(5)}`;

function fullAnswers(criteria: Criterion[]) {
  return Object.fromEntries(
    criteria.map((criterion) => [criterion.code, { answer: `Our answer on ${criterion.title}.`, evidence: 'https://toysmart.example/privacy#section', affirmed: criterion.commitments.map((_, index) => index) }]),
  );
}

async function applicantWithVerifiedSite() {
  const owner = await seedUser(database.db);
  const organization = await seedOrganization(database.db, owner);
  const site = await seedSite(database.db, organization.id);
  return { owner, organization, site, ctx: contextFor(database.db, actorOf(owner)) };
}

describe(`applications (${testDriver})`, () => {
  it('starts a draft under the current published criteria, once per site and program', async () => {
    const { site, ctx } = await applicantWithVerifiedSite();
    const application = await startApplication({ ctx, input: { siteId: site.id, programSlug: 'privacy-seal' } });
    expect(application.status).toBe('draft');
    const criteria = await criteriaOf(database.db, application.criteriaVersionId);
    expect(criteria.length).toBeGreaterThanOrEqual(12);
    expect(criteria.map((criterion) => criterion.code)).toContain('change-of-control');
    const twice = await rejectionOf(startApplication({ ctx, input: { siteId: site.id, programSlug: 'privacy-seal' } }), ConflictError);
    expect(twice.message).toContain('is already in progress');
  });

  it('refuses to start for a site whose ownership is not proven', async () => {
    const { organization, ctx } = await applicantWithVerifiedSite();
    const unproven = await seedSite(database.db, organization.id, { verified: false });
    const refused = await rejectionOf(startApplication({ ctx, input: { siteId: unproven.id, programSlug: 'privacy-seal' } }), ValidationError);
    expect(refused.message).toBe(`Prove that you control ${unproven.domain} before applying: the portal shows three ways to do it.`);
  });

  it('keeps a partial draft, lists exactly what is missing on submit, and submits once complete', async () => {
    const { site, ctx } = await applicantWithVerifiedSite();
    const application = await startApplication({ ctx, input: { siteId: site.id, programSlug: 'privacy-seal' } });
    const criteria = await criteriaOf(database.db, application.criteriaVersionId);
    const mandatory = criteria.filter((criterion) => criterion.requirement === 'mandatory');
    const [first, ...rest] = mandatory;
    await saveApplication({ ctx, input: { applicationId: application.id, answers: { [first!.code]: { answer: 'A first answer', evidence: 'https://x.example', affirmed: first!.commitments.map((_, i) => i) } } } });

    const incomplete = await rejectionOf(submitApplication({ ctx, input: { applicationId: application.id } }), ApplicationIncompleteError);
    expect(incomplete.missing.map((item) => item.code)).toEqual(['privacy-policy', ...rest.map((criterion) => criterion.code)]);
    const changeOfControl = incomplete.missing.find((item) => item.code === 'change-of-control');
    expect(changeOfControl?.problems.join(' ')).toMatch(/Affirm all 3 commitments/);
    // Each gap names its fields, so the form marks exactly those invalid and its summary links to the first.
    expect(changeOfControl?.fields).toEqual(['answer', 'evidence', 'commitments']);
    expect(incomplete.missing.find((item) => item.code === 'privacy-policy')?.fields).toBeUndefined();
    const [stillDraft] = await database.db.select().from(applications).where(eq(applications.id, application.id));
    expect(stillDraft?.status).toBe('draft');

    await saveApplication({ ctx, input: { applicationId: application.id, answers: fullAnswers(criteria) } });
    const withPolicy = await attachPolicy({ ctx, input: { applicationId: application.id, source: 'text', text: POLICY } });
    expect(withPolicy.policySha256).toMatch(/^[0-9a-f]{64}$/);
    const submitted = await submitApplication({ ctx, input: { applicationId: application.id } });
    expect(submitted.status).toBe('submitted');
    expect(submitted.submittedAt).toBeInstanceOf(Date);

    const locked = await rejectionOf(saveApplication({ ctx, input: { applicationId: application.id, answers: {} } }), ConflictError);
    expect(locked.message).toContain('can no longer be changed');
    const actions = (await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, application.id))).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['application.start', 'application.save', 'application.attach-policy', 'application.submit']));
  });

  it('refuses a change of control answer without the three Toysmart commitments', async () => {
    const { site, ctx } = await applicantWithVerifiedSite();
    const application = await startApplication({ ctx, input: { siteId: site.id, programSlug: 'privacy-seal' } });
    const criteria = await criteriaOf(database.db, application.criteriaVersionId);
    const answers = fullAnswers(criteria);
    answers['change-of-control']!.affirmed = [0, 1];
    await saveApplication({ ctx, input: { applicationId: application.id, answers } });
    await attachPolicy({ ctx, input: { applicationId: application.id, source: 'text', text: POLICY } });
    const incomplete = await rejectionOf(submitApplication({ ctx, input: { applicationId: application.id } }), ApplicationIncompleteError);
    expect(incomplete.missing).toEqual([{ code: 'change-of-control', title: expect.any(String), problems: ['Affirm all 3 commitments (1 not ticked).'], fields: ['commitments'] }]);
  });

  it('resubmits after a change request, and withdraws an undecided application but not a decided one', async () => {
    const { site, ctx } = await applicantWithVerifiedSite();
    const application = await startApplication({ ctx, input: { siteId: site.id, programSlug: 'privacy-seal' } });
    const criteria = await criteriaOf(database.db, application.criteriaVersionId);
    await saveApplication({ ctx, input: { applicationId: application.id, answers: fullAnswers(criteria) } });
    await attachPolicy({ ctx, input: { applicationId: application.id, source: 'text', text: POLICY } });
    await submitApplication({ ctx, input: { applicationId: application.id } });
    // A reviewer's change request (the review verbs arrive with the reviewer dashboard).
    await database.db.update(applications).set({ status: 'changes_requested', decisionNote: 'Clarify retention.' }).where(eq(applications.id, application.id));
    await saveApplication({ ctx, input: { applicationId: application.id, answers: { 'data-retention': { answer: 'Orders are deleted after 24 months.', evidence: '', affirmed: [] } } } });
    expect((await submitApplication({ ctx, input: { applicationId: application.id } })).status).toBe('submitted');
    const events = (await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, application.id))).map((event) => event.action);
    expect(events).toContain('application.resubmit');

    expect((await withdrawApplication({ ctx, input: { applicationId: application.id } })).status).toBe('withdrawn');
    const again = await rejectionOf(withdrawApplication({ ctx, input: { applicationId: application.id } }), ConflictError);
    expect(again.message).toContain('already withdrawn');
  });

  it('covers extra domains only when they are proven sites of the same organization', async () => {
    const { organization, site, ctx } = await applicantWithVerifiedSite();
    const shop = await seedSite(database.db, organization.id);
    const unproven = await seedSite(database.db, organization.id, { verified: false });
    const foreign = await applicantWithVerifiedSite();
    const application = await startApplication({ ctx, input: { siteId: site.id, programSlug: 'privacy-seal' } });
    await saveApplication({ ctx, input: { applicationId: application.id, extraSiteIds: [shop.id] } });
    const notProven = await rejectionOf(saveApplication({ ctx, input: { applicationId: application.id, extraSiteIds: [unproven.id] } }), ValidationError);
    expect(notProven.message).toContain(unproven.domain);
    await rejectionOf(saveApplication({ ctx, input: { applicationId: application.id, extraSiteIds: [foreign.site.id] } }), ValidationError);
  });
});
