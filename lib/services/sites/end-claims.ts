import { and, asc, eq, isNull, lte, ne, sql } from 'drizzle-orm';
import { sites, type Site } from '@/db/schema';
import type { Executor } from '@/db/client';
import type { JobRunner } from '@/lib/jobs/runner';
import { notifyOrganization } from '@/lib/notifications/notify';
import { provenElsewhereMessage } from '@/lib/sites/claims';
import { recordAudit } from '../audit';
import { deferredDates } from '@/lib/format/dates';

/**
 * Serialises claims and proofs of one domain: a claim and a proof (or two proofs) of the same
 * domain at once would otherwise each miss the other's uncommitted row.
 */
export async function lockDomain(tx: Executor, domain: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`site-domain:${domain}`}, 0))`);
}

/** Ends one unproven claim (conditional: a claim already ended or proven stays as it is). */
export async function endClaim(tx: Executor, site: Pick<Site, 'id' | 'domain'>, reason: 'lapsed' | 'proven_elsewhere', endedAt: Date, actorId: string | null, now: Date) {
  const [ended] = await tx
    .update(sites)
    .set({ endedAt, endReason: reason })
    .where(and(eq(sites.id, site.id), isNull(sites.endedAt), isNull(sites.verifiedAt)))
    .returning();
  if (ended) {
    await recordAudit(tx, { actorId, action: 'site.end-claim', entityType: 'site', entityId: ended.id, before: { endedAt: null }, after: { endedAt: endedAt.toISOString(), endReason: reason, domain: ended.domain }, at: now });
  }
  return ended ?? null;
}

/**
 * A proof won: every other organization's open claim on the domain ends, with an audit event, and
 * their members are told (without naming who proved it).
 */
export async function endClaimsProvenElsewhere(tx: Executor, proven: Pick<Site, 'id' | 'domain'>, ctx: { actorId: string; jobs?: JobRunner; now: Date }): Promise<Site[]> {
  const others = await tx
    .select()
    .from(sites)
    .where(and(eq(sites.domain, proven.domain), ne(sites.id, proven.id), isNull(sites.endedAt), isNull(sites.verifiedAt)))
    .orderBy(asc(sites.id));
  const ended: Site[] = [];
  for (const other of others) {
    const row = await endClaim(tx, other, 'proven_elsewhere', ctx.now, ctx.actorId, ctx.now);
    if (!row) continue;
    ended.push(row);
    await notifyOrganization(tx, { jobs: ctx.jobs, now: ctx.now }, row.organizationId, {
      kind: 'site.claim-ended',
      subject: `Your claim on ${row.domain} has ended`,
      body: `${provenElsewhereMessage(row.domain, ctx.now, deferredDates)} Your organization's other sites, applications and seals are not affected.`,
      link: `/portal/sites/${row.id}`,
    });
  }
  return ended;
}

/**
 * Marks every unproven claim past its lapse as ended (system, no actor), dated at the lapse itself.
 * Readers do not wait for it: a lapsed claim is treated as gone from its lapse on (lib/sites/claims.ts).
 * Returns the ids ended.
 */
export async function sweepLapsedClaims(db: Executor, now: Date, batchSize = 500): Promise<string[]> {
  const due = await db
    .select({ id: sites.id, domain: sites.domain, claimLapsesAt: sites.claimLapsesAt })
    .from(sites)
    .where(and(isNull(sites.verifiedAt), isNull(sites.endedAt), lte(sites.claimLapsesAt, now)))
    .orderBy(asc(sites.claimLapsesAt))
    .limit(batchSize);
  const ended: string[] = [];
  for (const claim of due) {
    // One transaction per claim: a proof that wins the race for one claim does not hold back the rest.
    const row = await db.transaction((tx) => endClaim(tx, claim, 'lapsed', claim.claimLapsesAt!, null, now));
    if (row) ended.push(row.id);
  }
  return ended;
}
