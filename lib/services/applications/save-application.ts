import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { applicationAnswers, applications } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { assertEditable, criteriaOf, EDITABLE_STATUSES, requireApplicationMember } from './application-access';
import { replaceExtraSites } from './start-application';

const AnswerInput = z.object({
  answer: z.string().max(10_000, 'Keep each answer under 10,000 characters.').default(''),
  evidence: z.string().max(2_000, 'Keep the evidence under 2,000 characters; link to longer documents.').default(''),
  affirmed: z.array(z.coerce.number().int().min(0)).default([]),
});

export const SaveApplicationInput = z.object({
  applicationId: z.string(),
  answers: z.record(z.string(), AnswerInput).default({}),
  extraSiteIds: z.array(z.string()).optional(),
});

/**
 * Saves what the applicant entered so far, complete or not: a draft can be left and resumed from
 * any device. Allowed while the application is a draft or changes were requested.
 */
export async function saveApplication({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(SaveApplicationInput, input);
  const { actor, application } = await requireApplicationMember(ctx.db, ctx.actor, data.applicationId);
  assertEditable(application);
  const known = new Map((await criteriaOf(ctx.db, application.criteriaVersionId)).map((criterion) => [criterion.code, criterion]));
  for (const [code, answer] of Object.entries(data.answers)) {
    const criterion = known.get(code);
    if (!criterion) throw new ValidationError(`“${code}” is not a criterion of this application’s version.`);
    if (answer.affirmed.some((index) => index >= criterion.commitments.length)) throw new ValidationError(`An unknown commitment was affirmed for “${criterion.title}”.`);
  }

  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    // Conditional: a submission or withdrawal in another tab wins over this save.
    const [current] = await tx
      .update(applications)
      .set({ updatedAt: now })
      .where(and(eq(applications.id, application.id), inArray(applications.status, [...EDITABLE_STATUSES])))
      .returning();
    if (!current) throw new ConflictError('This application was submitted or withdrawn meanwhile; your changes were not saved.');
    for (const [code, answer] of Object.entries(data.answers)) {
      const values = { answer: answer.answer.trim(), evidence: answer.evidence.trim(), affirmedCommitments: [...new Set(answer.affirmed)].sort(), updatedAt: now };
      await tx
        .insert(applicationAnswers)
        .values({ applicationId: application.id, criterionCode: code, ...values })
        .onConflictDoUpdate({ target: [applicationAnswers.applicationId, applicationAnswers.criterionCode], set: values });
    }
    const extraSiteIds = data.extraSiteIds ? await replaceExtraSites(tx, application, data.extraSiteIds) : undefined;
    await recordAudit(tx, { actorId: actor.id, action: 'application.save', entityType: 'application', entityId: application.id, after: { criteria: Object.keys(data.answers), extraSiteIds }, at: now });
    return current;
  });
}
