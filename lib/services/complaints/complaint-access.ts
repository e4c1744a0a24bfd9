import { eq } from 'drizzle-orm';
import { complaints, type Complaint } from '@/db/schema';
import type { Executor } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { isComplaintReference } from '@/lib/complaints/reference';
import { assertMaySeeAsReviewer, assertNoConflict } from '../reviews/conflicts';
import { NotFoundError } from '../errors';

const NOT_FOUND = 'There is no complaint with this reference.';

/** A complaint by its reference (C-XXXX-XXXX, as typed: trimmed and upper-cased) or its id. */
export async function findComplaint(db: Executor, referenceOrId: string): Promise<Complaint> {
  const value = referenceOrId.trim();
  const column = isComplaintReference(value.toUpperCase()) ? complaints.reference : /^[0-9a-f-]{36}$/i.test(value) ? complaints.id : null;
  const key = column === complaints.reference ? value.toUpperCase() : value;
  const [complaint] = column ? await db.select().from(complaints).where(eq(column, key)).limit(1) : [];
  if (!complaint) throw new NotFoundError(NOT_FOUND);
  return complaint;
}

/**
 * The conflict-of-interest rule of the review verbs (lib/services/reviews/conflicts.ts), for a
 * change to a complaint: call it inside the change's transaction, which it serialises against a
 * declaration being written at the same moment.
 */
export function assertNoComplaintConflict(tx: Executor, reviewerId: string, organizationId: string): Promise<void> {
  return assertNoConflict(tx, reviewerId, organizationId, 'complaints about it');
}

/**
 * For reads (the detail page, evidence downloads): a reviewer tied to the organization must not
 * see its complaints, which name the complainant. No lock: nothing is changed.
 */
export async function assertMaySeeComplaint(db: Executor, actor: Actor, complaint: Complaint): Promise<void> {
  if (!complaint.organizationId) return;
  await assertMaySeeAsReviewer(db, actor.id, complaint.organizationId, 'complaints about it', 'the organization this complaint is about');
}
