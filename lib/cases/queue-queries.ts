import { and, desc, eq, ne } from 'drizzle-orm';
import { cases } from '@/db/schema';
import type { Executor } from '@/db/client';

/**
 * Read-only queries behind the triage choice. Access is checked by the page (reviewer role). The
 * case list itself is a verb: lib/services/cases/list-cases.ts.
 */

/** Cases of an organization that a complaint may still join (not closed), newest first: the triage's choice. */
export function openCasesOfOrganization(db: Executor, organizationId: string) {
  return db
    .select({ id: cases.id, reference: cases.reference, title: cases.title, status: cases.status, openedAt: cases.openedAt })
    .from(cases)
    .where(and(eq(cases.organizationId, organizationId), ne(cases.status, 'closed')))
    .orderBy(desc(cases.openedAt));
}
