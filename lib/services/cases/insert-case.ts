import { cases, type Case } from '@/db/schema';
import type { Executor } from '@/db/client';
import { recordWebhookEvents } from '@/lib/webhooks/record-event';
import { generateCaseReference } from '@/lib/cases/reference';

/** Inserts a case under a fresh reference, in the caller's transaction. */
export async function insertCase(tx: Executor, values: Omit<typeof cases.$inferInsert, 'reference'>): Promise<Case> {
  // 31^8 references: a collision is unlikely, and another draw settles it.
  for (let attempt = 0; attempt < 5; attempt++) {
    const [caseRow] = await tx
      .insert(cases)
      .values({ ...values, reference: generateCaseReference() })
      .onConflictDoNothing()
      .returning();
    if (caseRow) {
      // The organization's own webhooks hear of it (issue #17); never relying parties: a case is not public.
      await recordWebhookEvents(tx, [{ type: 'case.opened', organizationId: caseRow.organizationId, public: false, data: { reference: caseRow.reference, kind: caseRow.kind, status: caseRow.status, domain: caseRow.domain, openedAt: caseRow.openedAt.toISOString() }, occurredAt: caseRow.openedAt }]);
      return caseRow;
    }
  }
  throw new Error('Could not draw an unused case reference');
}
