import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { criteriaVersions, criterionRequirements, type CriteriaVersion, type Criterion } from '@/db/schema';
import type { Executor } from '@/db/client';
import { CRITERION_CODE_PATTERN } from '@/lib/programs/criterion';
import { ConflictError, NotFoundError } from '../errors';

export const criteriaVersionIdField = z.uuid({ message: 'Unknown criteria version.' });
export const programIdField = z.uuid({ message: 'Unknown program.' });

export const criterionCodeField = z
  .string({ message: 'Enter a code.' })
  .trim()
  .min(1, 'Enter a code, like change-of-control.')
  .max(60, 'Use at most 60 characters for the code.')
  .regex(CRITERION_CODE_PATTERN, 'Use lowercase letters, digits and single hyphens, like change-of-control.');

const text = (label: string, maxLength: number) =>
  z
    .string({ message: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .max(maxLength, `Use at most ${maxLength} characters for the ${label}.`);

/** Everything about a criterion an admin can edit; its code is its identity and stays. */
export const criterionContentShape = {
    title: text('title', 200),
    guidance: text('guidance', 4000),
    requirement: z.enum(criterionRequirements, { message: 'Choose mandatory or recommended.' }),
    question: text('question', 1000),
    evidencePrompt: z
      .string()
      .trim()
      .max(1000, 'Use at most 1000 characters for the evidence prompt.')
      .nullish()
      .transform((value) => value || null),
    evidenceRequired: z.boolean({ message: 'Say whether evidence is required.' }).default(false),
    commitments: z
      .array(z.string().trim().min(1, 'A commitment cannot be empty.').max(500, 'Use at most 500 characters for each commitment.'))
      .max(10, 'Use at most 10 commitments.')
      .default([]),
};

/** A criterion that requires evidence must say which. */
export function evidenceRule(value: { evidenceRequired: boolean; evidencePrompt: string | null }) {
  return !value.evidenceRequired || !!value.evidencePrompt;
}
export const evidenceRuleMessage = { message: 'Say what evidence is required, or make evidence optional.', path: ['evidencePrompt'] };

export const changeNoteField = z.string({ message: 'Write a change note.' }).trim().max(4000, 'Use at most 4000 characters for the change note.');

/** PostgreSQL's unique_violation; drizzle wraps driver errors, so the code sits on `cause`. */
export function isUniqueViolation(error: unknown): boolean {
  return errorCode(error) === '23505';
}

/** The trigger of migration 0003 (a published version is final) raises insufficient_privilege. */
export function isPublishedVersionRefusal(error: unknown): boolean {
  return errorCode(error) === '42501';
}

function errorCode(error: unknown): string | undefined {
  return (error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
}

export function publishedMessage(version: number) {
  return `Version ${version} is published and cannot change. Start a new draft to revise the criteria.`;
}

/**
 * Locks a version that is about to change and checks it is still a draft. Every draft verb calls
 * it first in its transaction: publishing takes the same lock, so an edit and a publish cannot
 * interleave, and the trigger's refusal never has to be the message a person reads.
 */
export async function lockDraftVersion(tx: Executor, criteriaVersionId: string): Promise<CriteriaVersion> {
  const [version] = await tx.select().from(criteriaVersions).where(eq(criteriaVersions.id, criteriaVersionId)).for('update').limit(1);
  if (!version) throw new NotFoundError('This criteria version does not exist; it may have been discarded.');
  if (version.status !== 'draft') throw new ConflictError(publishedMessage(version.version));
  return version;
}

/** What an audit event records of a criterion. */
export function criterionSnapshot(criterion: Criterion) {
  return {
    code: criterion.code,
    position: criterion.position,
    title: criterion.title,
    guidance: criterion.guidance,
    requirement: criterion.requirement,
    question: criterion.question,
    evidencePrompt: criterion.evidencePrompt,
    evidenceRequired: criterion.evidenceRequired,
    commitments: criterion.commitments,
  };
}

export function versionSnapshot(version: CriteriaVersion) {
  return { programId: version.programId, version: version.version, status: version.status, changeNote: version.changeNote, publishedAt: version.publishedAt?.toISOString() ?? null };
}
