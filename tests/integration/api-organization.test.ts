import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiKeyCalls, apiKeys, auditEvents, caseAttachments, memberships, seals, users } from '@/db/schema';
import { createTestClock, type TestClock } from '@/lib/clock';
import type { ApiRoute } from '@/lib/api/api-route';
import { resetApiRateLimits } from '@/lib/api/rate-limit';
import { API_RATE_LIMITS } from '@/lib/api/rate-limit-policy';
import { currentKey } from '@/lib/api/routes/key';
import { organizationCase, organizationCases, organizationSeals, respondToOrganizationCase } from '@/lib/api/routes/organization';
import { serveApiCall } from '@/lib/api/serve-api-call';
import { flushApiCallTrail } from '@/lib/api/call-trail';
import { createOrganizationApiKey, revokeApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { sendNotice } from '@/lib/services/cases/send-notice';
import type { TestDatabase } from '../helpers/database';
import { testDriver } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { openedCase, type User } from './cases-decisions-fixtures';

/*
 * An organization's key at the integrator API (issue #17), through the same code a request takes
 * (serveApiCall): its records a page at a time, the answers to bad keys and bad input in the one
 * error shape, a response to a notice audited with the key, the rate limit's headers and the trail.
 */

let database: TestDatabase;
let programId: string;
let reviewer: User;
let clock: TestClock;
let story: Awaited<ReturnType<typeof openedCase>>;
let token: string;

beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' }));
  clock = createTestClock(new Date('2026-06-01T09:00:00Z'));
  story = await openedCase(database.db, { programId, issuer: reviewer, opener: reviewer, clock });
  await sendNotice({ ctx: story.as(reviewer), input: { caseRef: story.caseRow.reference, body: 'Your shop is reported to offer its customer list for sale. Explain.' } });
  ({ token } = await createOrganizationApiKey({ ctx: contextFor(database.db, actorOf(story.owner), clock), input: { organizationId: story.organization.id, name: 'Shop back office', scopes: ['seals:read', 'cases:read', 'cases:respond'] } }));
});
afterAll(async () => {
  await database?.close();
});
beforeEach(() => resetApiRateLimits());

async function call<P>(route: ApiRoute<P>, params: P, { path = '/api/v1/x', bearer = token, method = 'GET', body }: { path?: string; bearer?: string | null; method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = bearer === null ? {} : { Authorization: `Bearer ${bearer}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const request = new Request(`http://openseal.test${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const response = await serveApiCall({ db: database.db, clock }, request, route.spec, (apiCall) => route.handle(apiCall, params));
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}
const none = {} as Record<string, never>;

describe(`an organization's API key (${testDriver})`, () => {
  it('says what it is: name, kind, scopes, organization, and whom it acts as', async () => {
    const { status, json } = await call(currentKey, none);
    expect(status).toBe(200);
    expect(json).toMatchObject({ name: 'Shop back office', kind: 'organization', scopes: ['seals:read', 'cases:read', 'cases:respond'], organization: { id: story.organization.id }, actsAs: { role: 'applicant' }, expiresAt: null });
  });

  it('reads its seals a page at a time with an opaque cursor, newest first, and refuses a cursor it never gave', async () => {
    const later = await Promise.all([1, 2].map((days) => seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(Date.UTC(2026, 4, days)) })));
    // Move the two seals to the key's organization, as two more sites of the same holder.
    for (const held of later) await database.db.update(seals).set({ organizationId: story.organization.id }).where(eq(seals.id, held.seal.id));
    const first = await call(organizationSeals, none, { path: '/api/v1/organization/seals?limit=2' });
    expect(first.status).toBe(200);
    const firstData = first.json.data as Array<{ sealId: string; status: string }>;
    expect(firstData.map((seal) => seal.sealId)).toEqual([story.seal.publicId, later[1]!.seal.publicId]);
    expect(firstData[0]).toMatchObject({ status: 'active', domains: [story.site.domain] });
    const second = await call(organizationSeals, none, { path: `/api/v1/organization/seals?limit=2&cursor=${encodeURIComponent(first.json.nextCursor as string)}` });
    expect((second.json.data as Array<{ sealId: string }>).map((seal) => seal.sealId)).toEqual([later[0]!.seal.publicId]);
    expect(second.json.nextCursor).toBeNull();

    expect(await call(organizationSeals, none, { path: '/api/v1/organization/seals?cursor=garbage' })).toMatchObject({ status: 422, json: { error: 'validation', fields: { cursor: ['Use the nextCursor of the previous page.'] } } });
    expect(await call(organizationSeals, none, { path: '/api/v1/organization/seals?limit=1000' })).toMatchObject({ status: 422, json: { fields: { limit: ['The limit is at most 100.'] } } });
  });

  it('answers a missing, mangled, revoked or expired key with 401 and says why; a scope it lacks with 403', async () => {
    const missing = await call(currentKey, none, { bearer: null });
    expect(missing).toMatchObject({ status: 401, json: { error: 'missing_key' } });
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(await call(currentKey, none, { bearer: `${token.slice(0, -2)}xx` })).toMatchObject({ status: 401, json: { error: 'invalid_key', message: 'This API key is not valid. Check that it was copied whole.' } });
    const lacking = await call(organizationCases, none, { bearer: (await keyFor(['seals:read'])).token });
    expect(lacking).toMatchObject({ status: 403, json: { error: 'insufficient_scope' } });
    expect(lacking.json.message).toContain('cases:read');

    const short = await createOrganizationApiKey({ ctx: contextFor(database.db, actorOf(story.owner), clock), input: { organizationId: story.organization.id, name: 'Short lived', scopes: ['seals:read'], expiresOn: '2026-06-02' } });
    expect((await call(currentKey, none, { bearer: short.token })).status).toBe(200);
    await clock.setTime(clock.now() + 2 * 24 * 60 * 60 * 1000);
    expect(await call(currentKey, none, { bearer: short.token })).toMatchObject({ status: 401, json: { error: 'key_expired' } });
    await clock.setTime(clock.now() - 2 * 24 * 60 * 60 * 1000);

    const revoked = await keyFor(['seals:read']);
    await revokeApiKey({ ctx: contextFor(database.db, actorOf(story.owner), clock), input: { keyId: revoked.key.id } });
    expect(await call(currentKey, none, { bearer: revoked.token })).toMatchObject({ status: 401, json: { error: 'key_revoked' } });
  });

  it('never does more than its creator may: an owner who left reads nothing, a disabled creator’s key stops', async () => {
    const leaver = await seedUser(database.db);
    await database.db.insert(memberships).values({ organizationId: story.organization.id, userId: leaver.id, role: 'owner' });
    const leaving = await keyFor(['seals:read'], leaver);
    expect((await call(organizationSeals, none, { bearer: leaving.token })).status).toBe(200);
    await database.db.delete(memberships).where(and(eq(memberships.userId, leaver.id), eq(memberships.organizationId, story.organization.id)));
    expect((await call(organizationSeals, none, { bearer: leaving.token })).status).toBe(404);

    const disabled = await seedUser(database.db);
    await database.db.insert(memberships).values({ organizationId: story.organization.id, userId: disabled.id, role: 'owner' });
    const theirs = await keyFor(['seals:read'], disabled);
    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
    expect(await call(organizationSeals, none, { bearer: theirs.token })).toMatchObject({ status: 401, json: { error: 'key_owner_disabled' } });
  });

  it('reads and answers only its own organization’s cases, even when its creator belongs to another one too', async () => {
    const other = await openedCase(database.db, { programId, issuer: reviewer, opener: reviewer, clock });
    await database.db.insert(memberships).values({ organizationId: other.organization.id, userId: story.owner.id, role: 'owner' });
    const reference = story.caseRow.reference;
    expect((await call(organizationCase, { reference })).status).toBe(200);
    expect(await call(organizationCase, { reference: other.caseRow.reference })).toMatchObject({ status: 404, json: { error: 'not_found' } });
    expect((await call(respondToOrganizationCase, { reference: other.caseRow.reference }, { method: 'POST', body: { body: 'We never sold anything, here is why.' } })).status).toBe(404);
    const listed = await call(organizationCases, none);
    expect((listed.json.data as Array<{ reference: string }>).map((item) => item.reference)).toEqual([reference]);
  });

  it('answers a notice as the portal does, audited with the key; bad input gets the fields', async () => {
    const reference = story.caseRow.reference;
    expect(await call(respondToOrganizationCase, { reference }, { method: 'POST', body: '{not json' })).toMatchObject({ status: 422, json: { error: 'validation' } });
    expect(await call(respondToOrganizationCase, { reference }, { method: 'POST', body: { body: 'short' } })).toMatchObject({ status: 422, json: { fields: { body: [expect.stringContaining('at least 10 characters')] } } });
    const answered = await call(respondToOrganizationCase, { reference }, { method: 'POST', body: { body: 'We never sold the list; the buyer only took the domain name.' } });
    expect(answered).toMatchObject({ status: 201, json: { reference, status: 'in_review' } });
    const [key] = await database.db.select().from(apiKeys).where(eq(apiKeys.name, 'Shop back office'));
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, story.caseRow.id), eq(auditEvents.apiKeyId, key!.id)));
    expect(audit).toMatchObject({ actorId: story.owner.id });
    const viewed = await call(organizationCase, { reference });
    expect(JSON.stringify(viewed.json)).toContain('the buyer only took the domain name');
  });

  it('takes files with a response sent as multipart/form-data, judged by their bytes as in the portal', async () => {
    const held = await openedCase(database.db, { programId, issuer: reviewer, opener: reviewer, clock });
    const reference = held.caseRow.reference;
    await sendNotice({ ctx: held.as(reviewer), input: { caseRef: reference, body: 'Explain the sale of your customer list, please.' } });
    const { token: uploader } = await createOrganizationApiKey({ ctx: contextFor(database.db, actorOf(held.owner), clock), input: { organizationId: held.organization.id, name: 'Uploads', scopes: ['cases:respond'] } });
    const send = async (files: Array<[string, string | Uint8Array<ArrayBuffer>]>) => {
      const form = new FormData();
      form.set('body', 'We withdrew the list from sale; the processor’s letter is attached.');
      for (const [name, bytes] of files) form.append('files', new File([bytes], name));
      const request = new Request('http://openseal.test/api/v1/x', { method: 'POST', headers: { Authorization: `Bearer ${uploader}` }, body: form });
      const response = await serveApiCall({ db: database.db, clock }, request, respondToOrganizationCase.spec, (apiCall) => respondToOrganizationCase.handle(apiCall, { reference }));
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const refused = await send([['setup.pdf', new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])]]);
    expect(refused).toMatchObject({ status: 422, json: { error: 'validation', fields: { files: [expect.stringContaining('setup.pdf')] } } });
    expect((await database.db.select().from(caseAttachments)).length).toBe(0);

    const sent = await send([['letter.txt', 'Dear OpenSeal, the list was withdrawn on 1 June.\n'], ['proof.pdf', '%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n']]);
    expect(sent).toMatchObject({ status: 201, json: { reference, status: 'in_review', files: ['letter.txt', 'proof.pdf'] } });
    const stored = await database.db.select().from(caseAttachments).orderBy(caseAttachments.fileName);
    expect(stored.map((file) => [file.fileName, file.contentType])).toEqual([
      ['letter.txt', 'text/plain'],
      ['proof.pdf', 'application/pdf'],
    ]);
  });

  it('counts calls per minute with RateLimit headers, refuses the one too many with 429, and keeps each call in the key’s trail', async () => {
    const counted = await keyFor(['seals:read']);
    const limit = API_RATE_LIMITS.organization;
    let last;
    for (let n = 0; n < limit; n++) last = await call(currentKey, none, { bearer: counted.token });
    expect(last!.headers.get('ratelimit-limit')).toBe(String(limit));
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
    const refused = await call(currentKey, none, { bearer: counted.token });
    expect(refused).toMatchObject({ status: 429, json: { error: 'rate_limited' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await clock.setTime(clock.now() + 60_000);
    expect((await call(currentKey, none, { bearer: counted.token })).status).toBe(200);
    await flushApiCallTrail(database.db); // the server writes the trail within a second; here, now
    const trail = await database.db.select().from(apiKeyCalls).where(eq(apiKeyCalls.keyId, counted.key.id));
    expect(trail).toHaveLength(limit + 2);
    expect(trail.filter((row) => row.status === 429)).toHaveLength(1);
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, counted.key.id));
    expect(row!.lastUsedAt).toEqual(new Date(clock.now()));
  });
});

async function keyFor(scopes: string[], creator: User = story.owner) {
  return createOrganizationApiKey({ ctx: contextFor(database.db, actorOf(creator), clock), input: { organizationId: story.organization.id, name: `Key ${Math.random().toString(36).slice(2, 8)}`, scopes } });
}
