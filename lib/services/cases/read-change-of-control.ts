import { z } from 'zod';
import { asc, eq } from 'drizzle-orm';
import { changeOfControlChecks, changeOfControlDeclarations, users } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { changeOfControlChecklist } from '@/lib/cases/change-of-control';
import { requireRole } from '@/lib/auth/actor';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';
import { loadCaseForReviewerRead } from './case-access';
import { activeSealsOf } from './declare-change-of-control';

/**
 * A change-of-control case as its reviewers see it: the declaration, the Toysmart checklist with
 * each finding, its evidence and who recorded it, and, when the case names no single seal, the
 * organization's active seals. Null for a complaint case. Conflicted reviewers are refused
 * (loadCaseForReviewerRead), as for the rest of the case.
 */
const ReadInput = z.object({ caseRef: z.string({ message: 'Say which case.' }) });

export async function readChangeOfControlForReviewer({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const { caseRef } = parseInput(ReadInput, input);
  const { caseRow } = await loadCaseForReviewerRead(ctx.db, ctx.actor, caseRef);
  if (caseRow.kind !== 'change_of_control') return null;
  const [[declaration], checks, activeSeals] = await Promise.all([
    ctx.db
      .select({
        kind: changeOfControlDeclarations.kind,
        effectiveOn: changeOfControlDeclarations.effectiveOn,
        counterparty: changeOfControlDeclarations.counterparty,
        description: changeOfControlDeclarations.description,
        declaredAt: changeOfControlDeclarations.declaredAt,
        declaredByName: users.name,
        declaredByEmail: users.email,
      })
      .from(changeOfControlDeclarations)
      .innerJoin(users, eq(users.id, changeOfControlDeclarations.declaredById))
      .where(eq(changeOfControlDeclarations.caseId, caseRow.id)),
    ctx.db
      .select({ item: changeOfControlChecks.item, finding: changeOfControlChecks.finding, evidence: changeOfControlChecks.evidence, recordedAt: changeOfControlChecks.recordedAt, recordedByName: users.name })
      .from(changeOfControlChecks)
      .leftJoin(users, eq(users.id, changeOfControlChecks.recordedById))
      .where(eq(changeOfControlChecks.caseId, caseRow.id))
      .orderBy(asc(changeOfControlChecks.item)),
    caseRow.sealId ? Promise.resolve([]) : activeSealsOf(ctx.db, caseRow.organizationId, nowDate(ctx.clock)),
  ]);
  // In the checklist's own order (the settlement's reasoning), not the enum's.
  const items = changeOfControlChecklist.map((entry) => ({ ...entry, check: checks.find((check) => check.item === entry.item) ?? null }));
  const failed = items.filter((entry) => entry.check?.finding === 'failed');
  return { caseRow, declaration: declaration ?? null, items, failed, activeSeals };
}
