import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { applications } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { OPEN_STATUSES, requireApplicationMember } from './application-access';

/** A member withdraws an application that is not decided yet. Final: a new one can be started. */
export async function withdrawApplication({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const { applicationId } = parseInput(z.object({ applicationId: z.string() }), input);
  const { actor, application } = await requireApplicationMember(ctx.db, ctx.actor, applicationId);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [withdrawn] = await tx
      .update(applications)
      .set({ status: 'withdrawn', withdrawnAt: now, updatedAt: now })
      .where(and(eq(applications.id, application.id), inArray(applications.status, [...OPEN_STATUSES])))
      .returning();
    if (!withdrawn) throw new ConflictError(`This application is already ${application.status === 'withdrawn' ? 'withdrawn' : 'decided'} and cannot be withdrawn.`);
    await recordAudit(tx, { actorId: actor.id, action: 'application.withdraw', entityType: 'application', entityId: application.id, before: { status: application.status }, after: { status: 'withdrawn' }, at: now });
    return withdrawn;
  });
}
