import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock } from '@/lib/clock';
import type { ApiRoute } from '@/lib/api/api-route';
import { resetApiRateLimits } from '@/lib/api/rate-limit';
import { reviewCases, reviewComplaints } from '@/lib/api/routes/review';
import { serveApiCall } from '@/lib/api/serve-api-call';
import { createStaffApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { declareConflict } from '@/lib/services/reviews/conflicts';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { openedCase } from './cases-decisions-fixtures';
import { file, publicContext } from './complaints-fixtures';

/*
 * An authority tool's key reads the staff lists (issue #17) as its creator does, and no more: what
 * concerns an organization its creator is tied to is left out, as the staff search leaves it out.
 */

let database: TestDatabase;
let tied: Awaited<ReturnType<typeof openedCase>>;
let free: Awaited<ReturnType<typeof openedCase>>;
let token: string;
const clock = createTestClock(new Date('2026-06-01T09:00:00Z'));

beforeAll(async () => {
  const start = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' });
  database = start.database;
  tied = await openedCase(database.db, { programId: start.programId, issuer: start.reviewer, opener: start.reviewer, clock });
  free = await openedCase(database.db, { programId: start.programId, issuer: start.reviewer, opener: start.reviewer, clock });
  for (const held of [tied, free]) await file(publicContext(database.db, clock), { sealId: held.seal.publicId }, { category: 'third_party_sharing' });
  const admin = await seedUser(database.db, { role: 'admin', name: 'Ada Admin' });
  await declareConflict({ ctx: contextFor(database.db, actorOf(admin), clock), input: { organizationId: tied.organization.id, reason: 'My sister owns it.' } });
  ({ token } = await createStaffApiKey({ ctx: contextFor(database.db, actorOf(admin), clock), input: { kind: 'authority', name: 'Case dashboard', scopes: ['review:read'] } }));
});
afterAll(async () => {
  await database?.close();
});
beforeEach(() => resetApiRateLimits());

async function read(route: ApiRoute, query = '') {
  const request = new Request(`http://openseal.test/api/v1/review/x${query}`, { headers: { Authorization: `Bearer ${token}` } });
  const response = await serveApiCall({ db: database.db, clock }, request, route.spec, (call) => route.handle(call, {}));
  return { status: response.status, json: (await response.json()) as { data: Array<Record<string, unknown>>; nextCursor: string | null } };
}

describe(`an authority tool's key (${testDriver})`, () => {
  it('reads the new complaints as the staff list shows them, without those about an organization its creator is tied to', async () => {
    const { status, json } = await read(reviewComplaints);
    expect(status).toBe(200);
    expect(json.data.map((row) => row.sealId)).toEqual([free.seal.publicId]);
    expect(json.data[0]).toMatchObject({ status: 'new', category: 'third_party_sharing', organization: free.organization.legalName, case: null });
    const all = await read(reviewComplaints, '?state=all');
    expect(new Set(all.json.data.map((row) => row.sealId))).toEqual(new Set([free.seal.publicId]));
  });

  it('reads the cases the same way', async () => {
    const { json } = await read(reviewCases, '?state=all');
    expect(json.data.map((row) => row.reference)).toEqual([free.caseRow.reference]);
    expect(json.data[0]).toMatchObject({ organization: free.organization.legalName, complaints: 1, overdue: false });
  });
});
