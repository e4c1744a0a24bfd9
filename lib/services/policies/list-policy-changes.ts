import { z } from 'zod';
import { and, eq, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { organizations, policyChanges, seals } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { conflictedOrganizations } from '@/lib/review/queue';
import { CursorParam, keyset, readKeysetPage } from '@/lib/lists/keyset';
import { diffSize } from '@/lib/policies/policy-diff';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';

const ORDER = keyset(
  [
    { kind: 'timestamp', expr: policyChanges.fetchedAt },
    { kind: 'uuid', expr: policyChanges.id },
  ],
  'desc',
);

const PolicyChangeListQuery = z.object({
  kind: z.enum(['editorial', 'material', 'all']).catch('editorial').default('editorial'),
  after: CursorParam,
  before: CursorParam,
});

/**
 * The policy changes waiting for a reviewer (issue #16), newest first, 50 a page, a seal's newest
 * text only: by default the editorial ones, which are accepted in bulk from this list. A change of a holder the reader is
 * tied to is marked (the accept verb refuses it).
 */
export async function listPolicyChanges({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const filters = parseInput(PolicyChangeListQuery, input);
  const conflicts = await conflictedOrganizations(ctx.db, actor.id);
  // A seal's newest change only: an older open one was superseded by a later text, and only the newest can be accepted.
  const newer = alias(policyChanges, 'newer');
  const where = and(
    eq(policyChanges.state, 'open'),
    filters.kind === 'all' ? undefined : eq(policyChanges.classification, filters.kind),
    notExists(ctx.db.select({ one: sql`1` }).from(newer).where(and(eq(newer.sealId, policyChanges.sealId), sql`${newer.fetchedAt} > ${policyChanges.fetchedAt}`))),
  );
  const page = await readKeysetPage(ORDER, filters, (beyond, orderBy, limit) =>
    ctx.db
      .select({
        id: policyChanges.id,
        fetchedAt: policyChanges.fetchedAt,
        classification: policyChanges.classification,
        diff: policyChanges.diff,
        matches: policyChanges.matches,
        explained: sql<boolean>`${policyChanges.holderExplanation} is not null`,
        publicId: seals.publicId,
        organizationId: seals.organizationId,
        holder: organizations.legalName,
        cursor: ORDER.cursorOf,
      })
      .from(policyChanges)
      .innerJoin(seals, eq(seals.id, policyChanges.sealId))
      .innerJoin(organizations, eq(organizations.id, seals.organizationId))
      .where(and(where, beyond))
      .orderBy(...orderBy)
      .limit(limit),
  );
  return {
    filters,
    previous: page.previous,
    next: page.next,
    changes: page.rows.map(({ diff, organizationId, cursor: _, ...row }) => ({ ...row, size: diffSize(diff), conflicted: conflicts.has(organizationId) })),
  };
}
