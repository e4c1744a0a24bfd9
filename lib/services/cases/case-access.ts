import { eq } from 'drizzle-orm';
import { cases, type Case } from '@/db/schema';
import type { Executor } from '@/db/client';
import { requireRole, type Actor } from '@/lib/auth/actor';
import { isCaseReference } from '@/lib/cases/reference';
import { requireMembership, type OrganizationAccess } from '../organizations/membership';
import { assertMaySeeAsReviewer, assertNoConflict } from '../reviews/conflicts';
import { NotFoundError } from '../errors';

const NOT_FOUND = 'There is no case with this reference.';

/** A case by its reference (K-XXXX-XXXX, as typed: trimmed and upper-cased) or its id. */
export async function findCase(db: Executor, referenceOrId: unknown, options: { forUpdate?: boolean } = {}): Promise<Case> {
  if (typeof referenceOrId !== 'string') throw new NotFoundError(NOT_FOUND);
  const value = referenceOrId.trim();
  const upper = value.toUpperCase();
  const where = isCaseReference(upper) ? eq(cases.reference, upper) : /^[0-9a-f-]{36}$/i.test(value) ? eq(cases.id, value) : null;
  if (!where) throw new NotFoundError(NOT_FOUND);
  const query = db.select().from(cases).where(where).limit(1);
  const [found] = options.forUpdate ? await query.for('update') : await query;
  if (!found) throw new NotFoundError(NOT_FOUND);
  return found;
}

/**
 * For a reviewer's change to a case: reviewer role, the case locked for the transaction, and the
 * conflict-of-interest rule checked inside it (serialised against a declaration being written).
 * Call inside the change's transaction.
 */
export async function loadCaseForReviewerChange(tx: Executor, actor: Actor | null, referenceOrId: unknown): Promise<{ actor: Actor; caseRow: Case }> {
  const reviewer = requireRole(actor, 'reviewer');
  const caseRow = await findCase(tx, referenceOrId, { forUpdate: true });
  await assertNoConflict(tx, reviewer.id, caseRow.organizationId, 'cases about it');
  return { actor: reviewer, caseRow };
}

/**
 * For a reviewer's read (the case page, the dossier, attachments): a reviewer tied to the
 * organization may neither see nor act, so the refusal comes before anything is shown.
 */
export async function loadCaseForReviewerRead(db: Executor, actor: Actor | null, referenceOrId: unknown): Promise<{ actor: Actor; caseRow: Case }> {
  const reviewer = requireRole(actor, 'reviewer');
  const caseRow = await findCase(db, referenceOrId);
  await assertMaySeeAsReviewer(db, reviewer.id, caseRow.organizationId, 'cases about it', 'this organization');
  return { actor: reviewer, caseRow };
}

/**
 * For the site's side (the portal): a member of the case's organization. Anyone else gets the
 * same NotFound as for a case that does not exist, so case references cannot be probed.
 */
export async function loadCaseForMember(db: Executor, actor: Actor | null, referenceOrId: unknown, needed: 'owner' | 'member' = 'member'): Promise<{ access: OrganizationAccess; caseRow: Case }> {
  const caseRow = await findCase(db, referenceOrId);
  try {
    const access = await requireMembership(db, actor, caseRow.organizationId, needed);
    return { access, caseRow };
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(NOT_FOUND);
    throw error;
  }
}
