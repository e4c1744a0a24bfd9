import { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import { applications, applicationVerdicts, verdicts as verdictValues } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { requireRole } from '@/lib/auth/actor';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { criteriaOf } from '../applications/application-access';
import { assertNoConflict } from './conflicts';
import { assertAssignedOrAdmin, assertInReview, findApplicationForReview } from './review-access';

const schema = z.object({
  applicationId: z.string().uuid('This application does not exist.'),
  verdicts: z.record(
    z.string(),
    z.object({
      verdict: z.enum(verdictValues, { message: 'Choose meets, does not meet or not applicable.' }),
      note: z.string().trim().max(4000, 'Keep the note under 4,000 characters.').default(''),
    }),
  ),
});

/**
 * Saves the reviewer's verdicts, criterion by criterion, against the application's own criteria
 * version. Only while in review, by its reviewer or an administrator without a conflict.
 */
export async function recordVerdicts({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const { applicationId, verdicts } = parseInput(schema, input);
  const application = await findApplicationForReview(ctx.db, applicationId);
  const entries = Object.entries(verdicts);
  const now = nowDate(ctx.clock);
  await ctx.db.transaction(async (tx) => {
    // The guards run in the transaction: the conflict check locks the organization (see assertNoConflict).
    await assertNoConflict(tx, actor.id, application.organizationId);
    await assertAssignedOrAdmin(tx, actor, application);
    assertInReview(application);
    const codes = new Set((await criteriaOf(tx, application.criteriaVersionId)).map((criterion) => criterion.code));
    const unknown = Object.keys(verdicts).filter((code) => !codes.has(code));
    if (unknown.length > 0) throw new ValidationError(`These are not criteria of this application's version: ${unknown.join(', ')}.`);
    if (entries.length === 0) throw new ValidationError('Give a verdict on at least one criterion.');
    // Locks the row and re-checks the state: a decision taken meanwhile must not gain new verdicts.
    const [still] = await tx
      .update(applications)
      .set({ updatedAt: now })
      .where(and(eq(applications.id, applicationId), eq(applications.status, 'in_review')))
      .returning({ id: applications.id });
    if (!still) throw new ConflictError('This application was decided meanwhile; reload to see the decision.');
    await tx
      .insert(applicationVerdicts)
      .values(entries.map(([code, { verdict, note }]) => ({ applicationId, criterionCode: code, verdict, note, reviewerId: actor.id, updatedAt: now })))
      .onConflictDoUpdate({
        target: [applicationVerdicts.applicationId, applicationVerdicts.criterionCode],
        set: { verdict: sql`excluded.verdict`, note: sql`excluded.note`, reviewerId: sql`excluded.reviewer_id`, updatedAt: sql`excluded.updated_at` },
      });
    await recordAudit(tx, { actorId: actor.id, action: 'application.record-verdicts', entityType: 'application', entityId: applicationId, after: { verdicts: Object.fromEntries(entries) }, at: now });
  });
  return { saved: entries.length };
}
