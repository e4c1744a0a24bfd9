import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { applications, seals } from '@/db/schema';
import type { Database } from '@/db/client';
import { claimApplication } from '@/lib/services/reviews/claim';
import { declareConflict } from '@/lib/services/reviews/conflicts';
import { approveApplication } from '@/lib/services/reviews/decide';
import { recordVerdicts } from '@/lib/services/reviews/record-verdicts';
import { ForbiddenError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { allMeet, reviewer, submittedApplication } from './reviews-fixtures';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
  await seedDefaultProgram(database.db);
});
afterAll(async () => {
  await database?.close();
});

/** Resolves once some session of this database waits for a row lock; never, if none ever does. */
async function someoneWaitsForALock(): Promise<'waiting'> {
  for (;;) {
    const { rows } = (await database.db.execute(sql`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)) as unknown as { rows: Array<{ waiting: number }> };
    if (rows[0]!.waiting > 0) return 'waiting';
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Concurrency needs two sessions: PGlite has one, so this runs on PostgreSQL only.
describe.runIf(testDriver === 'postgres')(`a conflict declared during a decision (${testDriver})`, () => {
  it('[REVIEWER] an approval that began while the reviewer’s conflict declaration was being written waits for it, then is refused', async () => {
    const { application, organization, criteria } = await submittedApplication(database.db, 'Racing Conflicts Ltd');
    const rita = await reviewer(database.db);
    await claimApplication({ ctx: rita.ctx, input: { applicationId: application.id } });
    await recordVerdicts({ ctx: rita.ctx, input: { applicationId: application.id, verdicts: allMeet(criteria) } });

    // The real declareConflict verb, inside an outer transaction the test keeps open: the
    // declaration is written but not yet committed when the approval starts.
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let written!: () => void;
    const declarationWritten = new Promise<void>((resolve) => (written = resolve));
    const declaring = database.db.transaction(async (outer) => {
      await declareConflict({ ctx: { ...rita.ctx, db: outer as unknown as Database }, input: { organizationId: organization.id, reason: 'Offered a job there this morning.' } });
      written();
      await committed;
    });
    await declarationWritten;

    const approving = approveApplication({ ctx: rita.ctx, input: { applicationId: application.id } });
    // Without the guard's lock the approval would not wait: it would settle first, and succeed.
    const first = await Promise.race([approving.then(() => 'settled' as const, () => 'settled' as const), someoneWaitsForALock()]);
    expect(first).toBe('waiting');
    commit();
    await declaring;

    const refused = await rejectionOf(approving, ForbiddenError);
    expect(refused.message).toBe('You declared a conflict of interest with Racing Conflicts Ltd, so you cannot act on its applications.');
    const [row] = await database.db.select().from(applications).where(eq(applications.id, application.id));
    expect(row?.status).toBe('in_review');
    expect(await database.db.select().from(seals).where(eq(seals.applicationId, application.id))).toEqual([]);
  });
});
