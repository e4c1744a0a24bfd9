import type { Criterion } from '@/db/schema';
import type { Database } from '@/db/client';
import { startApplication } from '@/lib/services/applications/start-application';
import { saveApplication } from '@/lib/services/applications/save-application';
import { attachPolicy } from '@/lib/services/applications/attach-policy';
import { submitApplication } from '@/lib/services/applications/submit-application';
import { criteriaOf } from '@/lib/services/applications/application-access';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedOrganization, seedSite } from '../helpers/portal-factories';

export const POLICY = `Shop privacy policy.\nWe never share your personal information with third parties without your consent.\nWe keep order data for two years.\n${'We protect your data with TLS. '.repeat(4)}`;

export function fullAnswers(criteria: Criterion[]) {
  return Object.fromEntries(
    criteria.map((criterion) => [criterion.code, { answer: `Our answer on ${criterion.title}.`, evidence: 'https://shop.example/privacy#section', affirmed: criterion.commitments.map((_, index) => index) }]),
  );
}

/** An applicant organization with a proven site and a complete, submitted application (through the services). */
export async function submittedApplication(db: Database, legalName?: string) {
  const owner = await seedUser(db);
  const organization = await seedOrganization(db, owner, [], legalName);
  const site = await seedSite(db, organization.id);
  const applicantCtx = contextFor(db, actorOf(owner));
  const draft = await startApplication({ ctx: applicantCtx, input: { siteId: site.id, programSlug: 'privacy-seal' } });
  const criteria = await criteriaOf(db, draft.criteriaVersionId);
  await saveApplication({ ctx: applicantCtx, input: { applicationId: draft.id, answers: fullAnswers(criteria) } });
  await attachPolicy({ ctx: applicantCtx, input: { applicationId: draft.id, source: 'text', text: POLICY } });
  const application = await submitApplication({ ctx: applicantCtx, input: { applicationId: draft.id } });
  return { owner, organization, site, application, criteria, applicantCtx };
}

/** Every criterion marked `meets`. */
export function allMeet(criteria: Criterion[]) {
  return Object.fromEntries(criteria.map((criterion) => [criterion.code, { verdict: 'meets' as const, note: '' }]));
}

export async function reviewer(db: Database, role: 'reviewer' | 'admin' = 'reviewer') {
  const user = await seedUser(db, { role });
  return { user, ctx: contextFor(db, actorOf(user)) };
}
