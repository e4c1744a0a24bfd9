import { and, asc, eq, gt, lte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { applicationAnswers, applications, applicationVerdicts, criteriaVersions, organizations, policyMonitors, programs, seals, sites, users, type PolicyDiffPart } from '@/db/schema';
import type { Executor } from '@/db/client';
import { criteriaOf } from '@/lib/services/applications/application-access';
import { policyDiff } from '@/lib/policies/policy-diff';
import { criteriaDiff, type CriteriaDiff } from './criteria-diff';

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
    renewal: application.kind === 'renewal' && application.renewsSealId ? await renewalChanges(db, application.renewsSealId, application.id, application.policyText ?? '', application.criteriaVersionId, head.version) : null,
  };
}

export type Assessment = NonNullable<Awaited<ReturnType<typeof loadAssessment>>>;

/** What a renewal changes against what the seal was certified on: its policy and its criteria. */
export type RenewalChanges = {
  publicId: string;
  policy: {
    /** When the compared text became the certified one; null if the application never said. */
    certifiedAt: Date | null;
    /** The reviewer who accepted a changed text as certified since; null for the text of the application. */
    acceptedByName: string | null;
    parts: PolicyDiffPart[];
    changed: boolean;
  };
  criteria: { certifiedVersion: number; renewalVersion: number; changeNotes: Array<{ version: number; changeNote: string }>; diff: CriteriaDiff | null };
};

/**
 * For a renewal: the policy now against the certified one, and the criteria now against those the
 * seal was certified under, so the reviewer sees at once what changed on either side. The
 * certified policy is the watch's (a reviewer may have accepted a changed text since approval),
 * else the text captured by the application that granted (or last renewed) the seal. Once this
 * renewal is approved it is that application itself, and there is nothing to compare.
 */
async function renewalChanges(db: Executor, sealId: string, applicationId: string, policyText: string, criteriaVersionId: string, renewalVersion: number): Promise<RenewalChanges | null> {
  const certifier = alias(users, 'certifier');
  const [previous] = await db
    .select({
      publicId: seals.publicId,
      programId: seals.programId,
      previousApplicationId: applications.id,
      text: applications.policyText,
      capturedAt: applications.policyCapturedAt,
      criteriaVersionId: applications.criteriaVersionId,
      version: criteriaVersions.version,
      watchedText: policyMonitors.certifiedText,
      watchedSince: policyMonitors.certifiedAt,
      acceptedByName: certifier.name,
    })
    .from(seals)
    .innerJoin(applications, eq(applications.id, seals.applicationId))
    .innerJoin(criteriaVersions, eq(criteriaVersions.id, applications.criteriaVersionId))
    .leftJoin(policyMonitors, eq(policyMonitors.sealId, seals.id))
    .leftJoin(certifier, eq(certifier.id, policyMonitors.certifiedById))
    .where(eq(seals.id, sealId))
    .limit(1);
  if (!previous || previous.previousApplicationId === applicationId) return null;
  const certifiedText = previous.watchedText ?? previous.text ?? '';
  const parts = policyDiff(certifiedText, policyText);
  return {
    publicId: previous.publicId,
    policy: {
      certifiedAt: previous.watchedSince ?? previous.capturedAt,
      acceptedByName: previous.acceptedByName,
      parts,
      changed: parts.some((part) => part.added || part.removed),
    },
    criteria: {
      certifiedVersion: previous.version,
      renewalVersion,
      ...(previous.criteriaVersionId === criteriaVersionId ? { changeNotes: [], diff: null } : await criteriaChanges(db, previous, criteriaVersionId, renewalVersion)),
    },
  };
}

/** Each criterion compared by code, and the notes the program published with each version since the certified one. */
async function criteriaChanges(db: Executor, certified: { programId: string; criteriaVersionId: string; version: number }, criteriaVersionId: string, renewalVersion: number) {
  const [before, after, changeNotes] = await Promise.all([
    criteriaOf(db, certified.criteriaVersionId),
    criteriaOf(db, criteriaVersionId),
    db
      .select({ version: criteriaVersions.version, changeNote: criteriaVersions.changeNote })
      .from(criteriaVersions)
      .where(and(eq(criteriaVersions.programId, certified.programId), eq(criteriaVersions.status, 'published'), gt(criteriaVersions.version, certified.version), lte(criteriaVersions.version, renewalVersion)))
      .orderBy(asc(criteriaVersions.version)),
  ]);
  return { changeNotes, diff: criteriaDiff(before, after) };
}
