import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { applicationAnswers, applications, applicationSites, organizations, programs, sites, type Application, type ApplicationAnswer, type Criterion } from '@/db/schema';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';
import { notifyOrganization, notifyReviewers } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { assertEditable, criteriaOf, EDITABLE_STATUSES, requireApplicationMember } from './application-access';

/** One gap: a criterion (with the fields that need something), the policy (`privacy-policy`) or an extra domain (`domain:…`). */
export type MissingItem = { code: string; title: string; problems: string[]; fields?: Array<'answer' | 'evidence' | 'commitments'> };

/** Raised by a submission that is not complete: `missing` names every gap, criterion by criterion. */
export class ApplicationIncompleteError extends ValidationError {
  constructor(readonly missing: MissingItem[]) {
    super(`The application cannot be submitted yet: ${missing.length} ${missing.length === 1 ? 'item needs' : 'items need'} attention. Everything you entered is saved.`);
  }
}

/** What is still missing before an application may be submitted; empty when it is complete. */
export async function missingForSubmission(db: Executor, application: Application): Promise<MissingItem[]> {
  const [criteria, answers] = await Promise.all([
    criteriaOf(db, application.criteriaVersionId),
    db.select().from(applicationAnswers).where(eq(applicationAnswers.applicationId, application.id)),
  ]);
  const byCode = new Map<string, ApplicationAnswer>(answers.map((answer) => [answer.criterionCode, answer]));
  const missing: MissingItem[] = [];
  if (!application.policySha256) missing.push({ code: 'privacy-policy', title: 'Privacy policy', problems: ['Attach the privacy policy, by its address or as pasted text.'] });
  for (const criterion of criteria.filter((c: Criterion) => c.requirement === 'mandatory')) {
    const answer = byCode.get(criterion.code);
    const problems: string[] = [];
    const fields: NonNullable<MissingItem['fields']> = [];
    if (!answer?.answer) {
      problems.push('Answer the question.');
      fields.push('answer');
    }
    if (criterion.evidenceRequired && !answer?.evidence) {
      problems.push('Give the evidence asked for.');
      fields.push('evidence');
    }
    const unaffirmed = criterion.commitments.filter((_, index) => !answer?.affirmedCommitments.includes(index));
    if (unaffirmed.length > 0) {
      problems.push(criterion.commitments.length === 1 ? 'Affirm the commitment.' : `Affirm all ${criterion.commitments.length} commitments (${unaffirmed.length} not ticked).`);
      fields.push('commitments');
    }
    if (problems.length > 0) missing.push({ code: criterion.code, title: criterion.title, problems, fields });
  }
  const extras = await db
    .select({ domain: sites.domain, verifiedAt: sites.verifiedAt })
    .from(applicationSites)
    .innerJoin(sites, eq(sites.id, applicationSites.siteId))
    .where(eq(applicationSites.applicationId, application.id));
  for (const extra of extras.filter((site) => !site.verifiedAt)) {
    missing.push({ code: `domain:${extra.domain}`, title: extra.domain, problems: ['Prove ownership of this extra domain, or remove it from the application.'] });
  }
  return missing;
}

/**
 * What the reviewers are told ("New application: toysmart.example for the Privacy Seal") and what
 * the applicant's organization is told: that it arrived, and when to expect an answer.
 */
async function submissionMessages(tx: Executor, application: Application, resubmitted: boolean) {
  const [about] = await tx
    .select({ domain: sites.domain, program: programs.name, organization: organizations.legalName, reviewDays: programs.reviewOverdueDays })
    .from(sites)
    .innerJoin(programs, eq(programs.id, application.programId))
    .innerJoin(organizations, eq(organizations.id, application.organizationId))
    .where(eq(sites.id, application.siteId))
    .limit(1);
  const what = about ? `${about.domain} for the ${about.program}` : 'a site';
  const reviewDays = about?.reviewDays ?? 10;
  return {
    toReviewers: {
      kind: resubmitted ? 'application.resubmitted' : 'application.submitted',
      subject: `${resubmitted ? 'Resubmitted' : 'New'} application: ${what}`,
      body: `${about?.organization ?? 'An organization'} ${resubmitted ? 'resubmitted its application, after the changes requested,' : 'submitted an application'} for ${what}. It waits for a reviewer.`,
      link: `/review/applications/${application.id}`,
      organizationId: application.organizationId,
    },
    toApplicant: {
      kind: 'application.received',
      subject: `${resubmitted ? 'We received your changes' : 'We received your application'}: ${what}`,
      body:
        `${resubmitted ? 'Your application was resubmitted with the changes asked for' : 'Your application was submitted'} for ${what}. ` +
        `A reviewer assesses it against the program's criteria, usually within ${reviewDays} days; you are told when they decide, or if they ask for changes. ` +
        'It can no longer be edited while it is with the reviewers; you can withdraw it from the portal.',
      link: `/portal/applications/${application.id}`,
    },
  };
}

/** Submits a complete draft, or resubmits after a change request. */
export async function submitApplication({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const { applicationId } = parseInput(z.object({ applicationId: z.string() }), input);
  const { actor, application } = await requireApplicationMember(ctx.db, ctx.actor, applicationId);
  assertEditable(application);
  const missing = await missingForSubmission(ctx.db, application);
  if (missing.length > 0) throw new ApplicationIncompleteError(missing);

  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [submitted] = await tx
      .update(applications)
      .set({ status: 'submitted', submittedAt: now, updatedAt: now })
      .where(and(eq(applications.id, application.id), inArray(applications.status, [...EDITABLE_STATUSES])))
      .returning();
    if (!submitted) throw new ConflictError('This application was submitted or withdrawn meanwhile.');
    await recordAudit(tx, { actorId: actor.id, action: application.status === 'changes_requested' ? 'application.resubmit' : 'application.submit', entityType: 'application', entityId: application.id, before: { status: application.status }, after: { status: 'submitted' }, at: now });
    const messages = await submissionMessages(tx, submitted, application.status === 'changes_requested');
    await notifyReviewers(tx, { jobs: ctx.jobs, now }, messages.toReviewers);
    await notifyOrganization(tx, { jobs: ctx.jobs, now }, submitted.organizationId, messages.toApplicant);
    return submitted;
  });
}
