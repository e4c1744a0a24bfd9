import { desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { complaints, policyChanges, policyMonitors, seals, users, type PolicyChange, type PolicyMonitor } from '@/db/schema';
import type { Database, Executor } from '@/db/client';

/** A change as the seal page and the portal show it: with who accepted or explained it, and its complaint. */
export type PolicyChangeView = PolicyChange & { acceptedByName: string | null; explainedByName: string | null; complaintReference: string | null };

export type SealPolicyWatch = { monitor: (PolicyMonitor & { certifiedByName: string | null }) | null; changes: PolicyChangeView[] };

/**
 * A seal's policy watch and its latest changes (newest first, at most `limit`), read in one
 * snapshot: a page drawn while a check commits never shows the new change beside the monitor as
 * it was before (claimed, its outcome not yet written).
 */
export async function loadSealPolicyWatch(database: Database, sealId: string, limit = 5): Promise<SealPolicyWatch> {
  return database.transaction((tx) => readSealPolicyWatch(tx, sealId, limit), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

async function readSealPolicyWatch(db: Executor, sealId: string, limit: number): Promise<SealPolicyWatch> {
  const certifier = alias(users, 'certifier');
  const [monitor] = await db
    .select({ monitor: policyMonitors, certifiedByName: certifier.name })
    .from(policyMonitors)
    .leftJoin(certifier, eq(certifier.id, policyMonitors.certifiedById))
    .where(eq(policyMonitors.sealId, sealId))
    .limit(1);
  const accepter = alias(users, 'accepter');
  const explainer = alias(users, 'explainer');
  const rows = await db
    .select({ change: policyChanges, acceptedByName: accepter.name, explainedByName: explainer.name, complaintReference: complaints.reference })
    .from(policyChanges)
    .leftJoin(accepter, eq(accepter.id, policyChanges.acceptedById))
    .leftJoin(explainer, eq(explainer.id, policyChanges.explainedById))
    .leftJoin(complaints, eq(complaints.id, policyChanges.complaintId))
    .where(eq(policyChanges.sealId, sealId))
    .orderBy(desc(policyChanges.fetchedAt))
    .limit(limit);
  return {
    monitor: monitor ? { ...monitor.monitor, certifiedByName: monitor.certifiedByName } : null,
    changes: rows.map((row) => ({ ...row.change, acceptedByName: row.acceptedByName, explainedByName: row.explainedByName, complaintReference: row.complaintReference })),
  };
}

/** The policy change a monitor complaint was opened for, with its seal's public id; null for any other complaint. */
export async function loadComplaintPolicyChange(db: Executor, complaintId: string): Promise<(PolicyChange & { publicId: string }) | null> {
  const [row] = await db
    .select({ change: policyChanges, publicId: seals.publicId })
    .from(policyChanges)
    .innerJoin(seals, eq(seals.id, policyChanges.sealId))
    .where(eq(policyChanges.complaintId, complaintId))
    .limit(1);
  return row ? { ...row.change, publicId: row.publicId } : null;
}
