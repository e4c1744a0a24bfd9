import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { csvExport } from '@/lib/lists/csv-export';
import { listComplaintsForReview, type ComplaintListPage } from '@/lib/services/complaints/list-complaints';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function complaintsAbout(domain: string, count: number, status: 'new' | 'dismissed') {
  await database.db.execute(sql`
    insert into complaints (reference, tracking_token_hash, source, category, description, status, domain, created_at, updated_at)
    select 'X-' || upper(substr(md5(random()::text || g), 1, 8)), md5(random()::text || g), 'public', 'data_sale', 'Written by the test.', ${status}, ${domain}, now() - make_interval(secs => g), now()
    from generate_series(1, ${count}) as g`);
}

function exportOf(ctx: ReturnType<typeof contextFor>, filters: Record<string, string>) {
  return csvExport<ComplaintListPage>({
    filename: 'complaints.csv',
    header: ['Reference', 'Site', 'Status'],
    read: (after) => listComplaintsForReview({ ctx, input: { ...filters, after } }),
    rowsOf: (page) => page.complaints.map((item) => [item.reference, item.site, item.status]),
  });
}

describe(`exporting a list as CSV (${testDriver})`, () => {
  it('writes exactly the rows of every page of the filtered list, in its order, streamed page by page', async () => {
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    const ctx = contextFor(database.db, actorOf(reviewer));
    await complaintsAbout('exported-shop.example', 130, 'new');
    await complaintsAbout('exported-shop.example', 20, 'dismissed');
    await complaintsAbout('other-shop.example', 40, 'new');
    const filters = { state: 'new', q: 'exported-shop' };

    // What a reviewer pages through on the screen.
    const listed: string[] = [];
    let after: string | undefined;
    do {
      const page = await listComplaintsForReview({ ctx, input: { ...filters, after } });
      listed.push(...page.complaints.map((item) => item.reference));
      after = page.next ?? undefined;
    } while (after);
    expect(listed).toHaveLength(130);

    const response = await exportOf(ctx, filters);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="complaints.csv"');
    const lines = (await response.text()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Reference,Site,Status');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(listed);
    expect(lines.slice(1).every((line) => line.endsWith(',exported-shop.example,new'))).toBe(true);
  });

  it('refuses before writing anything when the list is not the reader’s to see', async () => {
    const applicant = await seedUser(database.db);
    const response = await exportOf(contextFor(database.db, actorOf(applicant)), {});
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });
});
