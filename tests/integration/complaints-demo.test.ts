import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { complaints, organizations } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { seedDemoData } from '@/lib/demo/seed-demo';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
  await ensureDefaultProgram(database.db, createTestClock());
  await seedDemoData(database.db, createTestClock());
});
afterAll(async () => {
  await database?.close();
});

describe(`demo complaints (${testDriver})`, () => {
  it('gives the triage queue new and dismissed complaints, and the demo cases theirs, none about Toysmart, whose story starts without one', async () => {
    const rows = await database.db.select({ complaint: complaints, organization: organizations.legalName }).from(complaints).leftJoin(organizations, eq(organizations.id, complaints.organizationId));
    expect(new Set(rows.map((row) => row.complaint.status))).toEqual(new Set(['new', 'in_case', 'dismissed']));
    expect(new Set(rows.map((row) => row.complaint.source))).toEqual(new Set(['public', 'regulator']));
    expect(rows.filter((row) => row.complaint.domain?.includes('toysmart') || row.organization?.startsWith('Toysmart'))).toEqual([]);
    const dismissed = rows.find((row) => row.complaint.status === 'dismissed')!.complaint;
    expect(dismissed.dismissalReason).toBe('out_of_scope');
    expect(dismissed.dismissalNote).toBeTruthy();
    expect(rows.find((row) => row.complaint.domain === 'harbor-health.example')?.organization).toBe('Harbor Health Supplies Inc.');
  });
});
