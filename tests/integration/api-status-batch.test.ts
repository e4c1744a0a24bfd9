import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock } from '@/lib/clock';
import { resetApiRateLimits } from '@/lib/api/rate-limit';
import { sealStatusBatch, type StatusBatchAnswer } from '@/lib/api/routes/public-status';
import { serveApiCall } from '@/lib/api/serve-api-call';
import { createStatusCache, type StatusCache } from '@/lib/public-status/status-cache';
import { createStaffApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * A relying party's batch of statuses (issue #17, item 5): seal ids and domains together, from the
 * badge's status cache, each answer the status document the public endpoint gives one by one.
 */

let database: TestDatabase;
let cache: StatusCache;
let token: string;
let adminUser: Awaited<ReturnType<typeof seedUser>>;
let held: Array<Awaited<ReturnType<typeof seedIssuedSeal>>>;
const clock = createTestClock(new Date('2026-06-01T09:00:00Z'));

beforeAll(async () => {
  const start = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' });
  database = start.database;
  held = [];
  for (let n = 0; n < 3; n++) held.push(await seedIssuedSeal(database.db, { programId: start.programId, reviewerId: start.reviewer.id, issuedAt: new Date('2026-05-01T00:00:00Z') }));
  await suspendSeal({ ctx: contextFor(database.db, actorOf(start.reviewer), clock), input: { sealId: held[1]!.seal.publicId, reason: 'Under investigation.', reinstatementRequirements: 'Answer the complaint.' } });
  const admin = await seedUser(database.db, { role: 'admin' });
  adminUser = admin;
  ({ token } = await createStaffApiKey({ ctx: contextFor(database.db, actorOf(admin), clock), input: { kind: 'relying_party', name: 'Marketplace', scopes: ['public:read'] } }));
  cache = createStatusCache({ handle: database });
  await cache.ready;
});
afterAll(async () => {
  await cache?.close();
  await database?.close();
});
beforeEach(() => resetApiRateLimits());

async function batch(body: unknown, bearer = token) {
  const request = new Request('http://openseal.test/api/v1/seals/status:batch', { method: 'POST', headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const response = await serveApiCall({ db: database.db, clock, statusCache: async () => cache, publicOrigin: 'https://seal.test' }, request, sealStatusBatch.spec, (call) => sealStatusBatch.handle(call, {}));
  return { status: response.status, headers: response.headers, json: (await response.json()) as StatusBatchAnswer & { error?: string; fields?: Record<string, string[]> } };
}

describe(`the status batch for relying parties (${testDriver})`, () => {
  it('answers seal ids and domains at once, with each seal’s public status document; unknown ones as null or none', async () => {
    const [first, suspended] = held;
    const { status, json } = await batch({ sealIds: [first!.seal.publicId, suspended!.seal.publicId.toLowerCase(), 'NOSUCHSEAL'], domains: [`WWW.${suspended!.site.domain}`, 'nobody-here.example'] });
    expect(status).toBe(200);
    expect(json.seals[first!.seal.publicId]).toMatchObject({ sealId: first!.seal.publicId, status: 'active', domains: [first!.site.domain], verifyUrl: `https://seal.test/verify/${first!.seal.publicId}` });
    expect(json.seals[suspended!.seal.publicId]).toMatchObject({ status: 'suspended', reason: 'Under investigation.' });
    expect(json.seals.NOSUCHSEAL).toBeNull();
    expect(json.domains[suspended!.site.domain]!.map((document) => document.sealId)).toEqual([suspended!.seal.publicId]);
    expect(json.domains['nobody-here.example']).toEqual([]);
    expect(json.checkedAt).toBe('2026-06-01T09:00:00.000Z');
  });

  it('answers a second batch from the cache without reading the database again', async () => {
    const ids = held.map((seal) => seal.seal.publicId);
    await batch({ sealIds: ids });
    const loads = cache.stats().loads;
    const again = await batch({ sealIds: ids });
    expect(Object.values(again.json.seals).map((document) => document?.status)).toEqual(['active', 'suspended', 'active']);
    expect(cache.stats().loads).toBe(loads);
  });

  it('refuses an empty batch, more than 1,000 entries, and a bad domain, naming the entry', async () => {
    expect(await batch({})).toMatchObject({ status: 422, json: { error: 'validation' } });
    const tooMany = await batch({ sealIds: Array.from({ length: 600 }, (_, n) => `S${n}`), domains: Array.from({ length: 401 }, (_, n) => `shop${n}.example`) });
    expect(tooMany).toMatchObject({ status: 422 });
    expect(tooMany.json.fields?.body?.[0]).toContain('at most 1,000');
    const badDomain = await batch({ domains: ['good.example', 'not a domain'] });
    expect(badDomain).toMatchObject({ status: 422 });
    expect(Object.keys(badDomain.json.fields ?? {})).toEqual(['domains.1']);
  });

  it('refuses a body over 512 KB, and one announced over it without reading it', async () => {
    const padded = await batch({ sealIds: [held[0]!.seal.publicId], note: 'x'.repeat(600 * 1024) });
    expect(padded).toMatchObject({ status: 422, json: { error: 'validation', message: 'The body is larger than 512 KB.' } });
    // A body that never ends: only a refusal made before reading can come back.
    const endless = new ReadableStream({ pull: () => new Promise<void>(() => {}) });
    const request = new Request('http://openseal.test/api/v1/seals/status:batch', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': String(10 * 1024 * 1024) }, body: endless, duplex: 'half' } as RequestInit);
    const response = await serveApiCall({ db: database.db, clock, statusCache: async () => cache, publicOrigin: 'https://seal.test' }, request, sealStatusBatch.spec, (call) => sealStatusBatch.handle(call, {}));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { message: string }).message).toBe('The body is larger than 512 KB.');
  });

  it('holds a key to the calls a minute an admin set for it, whatever its kind’s default', async () => {
    const small = await createStaffApiKey({ ctx: contextFor(database.db, actorOf(adminUser), clock), input: { kind: 'relying_party', name: 'Small partner', scopes: ['public:read'], callsPerMinute: '3' } });
    const answers = [];
    for (let n = 0; n < 4; n++) answers.push(await batch({ sealIds: [held[0]!.seal.publicId] }, small.token));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers[0]!.headers.get('ratelimit-limit')).toBe('3');
    expect(answers[0]!.headers.get('ratelimit-policy')).toBe('3;w=60');
    await expect(createStaffApiKey({ ctx: contextFor(database.db, actorOf(adminUser), clock), input: { kind: 'relying_party', name: 'Greedy', scopes: ['public:read'], callsPerMinute: '0' } })).rejects.toThrow('Allow at least 1 call a minute.');
  });
});
