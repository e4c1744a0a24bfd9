import { eq } from 'drizzle-orm';
import { applicationAnswers, applications, applicationVerdicts, criteriaVersions, organizations, programs, seals, sites, users } from '@/db/schema';
import type { Executor } from '@/db/client';
import { criteriaOf } from '@/lib/services/applications/application-access';
import { diffLines, type DiffLine } from './diff';

/** Everything the assessment page shows about one application. Access is checked by the page. */
export async function loadAssessment(db: Executor, applicationId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(applicationId)) return null;
  const [head] = await db
    .select({ application: applications, organizationName: organizations.legalName, domain: sites.domain, programName: programs.name, programSlug: programs.slug, version: criteriaVersions.version })
    .from(applications)
    .innerJoin(organizations, eq(organizations.id, applications.organizationId))
    .innerJoin(sites, eq(sites.id, applications.siteId))
    .innerJoin(programs, eq(programs.id, applications.programId))
    .innerJoin(criteriaVersions, eq(criteriaVersions.id, applications.criteriaVersionId))
    .where(eq(applications.id, applicationId))
    .limit(1);
  if (!head) return null;
  const { application } = head;
  const [criteria, answers, verdicts, assignee, seal] = await Promise.all([
    criteriaOf(db, application.criteriaVersionId),
    db.select().from(applicationAnswers).where(eq(applicationAnswers.applicationId, application.id)),
    db.select().from(applicationVerdicts).where(eq(applicationVerdicts.applicationId, application.id)),
    application.assignedReviewerId ? db.select({ name: users.name }).from(users).where(eq(users.id, application.assignedReviewerId)).limit(1) : Promise.resolve([]),
    db.select({ id: seals.id, publicId: seals.publicId }).from(seals).where(eq(seals.applicationId, application.id)).limit(1),
  ]);
  const answerOf = new Map(answers.map((answer) => [answer.criterionCode, answer]));
  const verdictOf = new Map(verdicts.map((verdict) => [verdict.criterionCode, verdict]));
  return {
    ...head,
    assigneeName: assignee[0]?.name ?? null,
    seal: seal[0] ?? null,
    items: criteria.map((criterion) => ({ criterion, answer: answerOf.get(criterion.code) ?? null, verdict: verdictOf.get(criterion.code) ?? null })),
    renewal: application.kind === 'renewal' && application.renewsSealId ? await renewalDiff(db, application.renewsSealId, application.id, application.policyText ?? '') : null,
  };
}

export type Assessment = NonNullable<Awaited<ReturnType<typeof loadAssessment>>>;

/**
 * For a renewal: the policy now against the policy captured by the application that granted (or
 * last renewed) the seal, so the reviewer sees at once what the holder changed.
 */
async function renewalDiff(db: Executor, sealId: string, applicationId: string, policyText: string): Promise<{ publicId: string; previousCapturedAt: Date | null; lines: DiffLine[] } | null> {
  const [previous] = await db
    .select({ publicId: seals.publicId, previousApplicationId: applications.id, text: applications.policyText, capturedAt: applications.policyCapturedAt })
    .from(seals)
    .innerJoin(applications, eq(applications.id, seals.applicationId))
    .where(eq(seals.id, sealId))
    .limit(1);
  if (!previous || previous.previousApplicationId === applicationId) return null;
  return { publicId: previous.publicId, previousCapturedAt: previous.capturedAt, lines: diffLines(previous.text ?? '', policyText) };
}
