import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { workspaceCounts } from '@/lib/review/workspace-counts';
import { COUNT_CAP, formatCappedCount } from '@/lib/lists/capped-count';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { seedUser } from '../helpers/factories';
import { seedOrganization } from '../helpers/portal-factories';
import { seedComplaintCase } from './cases-site-fixtures';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const DAY = 86_400_000;

/** `count` new complaints, written in one statement as a busy intake would leave them. */
async function newComplaints(count: number, status: 'new' | 'dismissed' = 'new') {
  await database.db.execute(sql`
    insert into complaints (reference, tracking_token_hash, source, category, description, status, created_at, updated_at)
    select 'T-' || md5(random()::text || g), md5(random()::text || g), 'public', 'data_sale', 'A complaint written by the test.', ${status}, now(), now()
    from generate_series(1, ${count}) as g`);
}

describe(`the staff menu's numbers (${testDriver})`, () => {
  it('counts what needs action: new complaints only, the viewer’s own open cases, deadlines within a week', async () => {
    const now = new Date('2026-09-01T10:00:00Z');
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    const other = await seedUser(database.db, { role: 'reviewer' });
    const owner = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner);
    await newComplaints(3);
    await newComplaints(4, 'dismissed');
    await seedComplaintCase(database.db, { organizationId: organization.id }, { assignedReviewerId: reviewer.id, responseDueAt: new Date(now.getTime() + 3 * DAY), now });
    await seedComplaintCase(database.db, { organizationId: organization.id }, { assignedReviewerId: reviewer.id, responseDueAt: new Date(now.getTime() + 30 * DAY), now });
    await seedComplaintCase(database.db, { organizationId: organization.id }, { assignedReviewerId: reviewer.id, status: 'closed', responseDueAt: new Date(now.getTime() + DAY), now });
    await seedComplaintCase(database.db, { organizationId: organization.id }, { assignedReviewerId: other.id, responseDueAt: new Date(now.getTime() - DAY), now });

    const exactly = (n: number) => ({ n, more: false });
    expect(await workspaceCounts(database.db, reviewer.id, now)).toEqual({ applicationsWaiting: exactly(0), complaintsToTriage: exactly(3), myOpenCases: exactly(2), deadlinesThisWeek: exactly(2) });
    expect(await workspaceCounts(database.db, other.id, now)).toMatchObject({ myOpenCases: exactly(1) });
  });

  it(`stops counting past ${COUNT_CAP}, and says so`, async () => {
    const viewer = await seedUser(database.db, { role: 'reviewer' });
    await newComplaints(COUNT_CAP + 50);
    const { complaintsToTriage } = await workspaceCounts(database.db, viewer.id, new Date());
    expect(complaintsToTriage).toEqual({ n: COUNT_CAP, more: true });
    expect(formatCappedCount(complaintsToTriage)).toBe('1,000+');
  });
});
