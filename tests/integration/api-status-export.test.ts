import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { statusExports } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { resetApiRateLimits } from '@/lib/api/rate-limit';
import { sealStatusExport } from '@/lib/api/routes/public-status';
import { serveApiCall } from '@/lib/api/serve-api-call';
import { createStatusSigner } from '@/lib/public-status/signing';
import { generateSigningKey, publicJwkOf } from '@/lib/public-status/signing-keys';
import { makeStatusExport, STATUS_EXPORTS_KEPT } from '@/lib/public-status/status-export';
import { createStaffApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * The daily export of every public status (issue #17, item 5): every seal as its status document,
 * one per line, and a signature over the digest that a relying party checks with the JWKS alone.
 */

let database: TestDatabase;
let token: string;
let held: Array<Awaited<ReturnType<typeof seedIssuedSeal>>>;
const key = generateSigningKey();
const signer = createStatusSigner(key);
const clock = createTestClock(new Date('2026-06-01T00:15:00Z'));

beforeAll(async () => {
  const start = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' });
  database = start.database;
  held = [];
  for (let n = 0; n < 3; n++) held.push(await seedIssuedSeal(database.db, { programId: start.programId, reviewerId: start.reviewer.id, issuedAt: new Date('2026-05-01T00:00:00Z') }));
  await suspendSeal({ ctx: contextFor(database.db, actorOf(start.reviewer), clock), input: { sealId: held[2]!.seal.publicId, reason: 'Under investigation.', reinstatementRequirements: 'Answer.' } });
  const admin = await seedUser(database.db, { role: 'admin' });
  ({ token } = await createStaffApiKey({ ctx: contextFor(database.db, actorOf(admin), clock), input: { kind: 'relying_party', name: 'Offline checker', scopes: ['public:read'] } }));
});
afterAll(async () => {
  await database?.close();
});
beforeEach(() => resetApiRateLimits());

async function download(acceptEncoding?: string) {
  const request = new Request('http://openseal.test/api/v1/seals/export', { headers: { Authorization: `Bearer ${token}`, ...(acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {}) } });
  const response = await serveApiCall({ db: database.db, clock, publicOrigin: 'https://seal.test', statusSigner: async () => signer }, request, sealStatusExport.spec, (call) => sealStatusExport.handle(call, {}));
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** What a relying party does with the JWKS alone: the JWS's signature, then the body's digest against its payload. */
function verifyExport(signature: string, body: Buffer) {
  const [header, payload, mac] = signature.split('.') as [string, string, string];
  const ok = crypto.verify(null, Buffer.from(`${header}.${payload}`), crypto.createPublicKey({ key: { ...publicJwkOf(key) }, format: 'jwk' }), Buffer.from(mac, 'base64url'));
  const statement = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sha256: string; sealCount: number; day: string };
  return { ok, statement, digestMatches: statement.sha256 === crypto.createHash('sha256').update(body).digest('hex'), typ: (JSON.parse(Buffer.from(header, 'base64url').toString()) as { typ: string }).typ };
}

describe(`the daily status export (${testDriver})`, () => {
  it('is made on the first request of a fresh installation: every seal’s status document, one per line, by seal id, signed', async () => {
    const { response, bytes } = await download();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
    const lines = bytes.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { sealId: string; status: string; checkedAt: string });
    expect(lines.map((line) => line.sealId)).toEqual(held.map((seal) => seal.seal.publicId).sort());
    expect(lines.find((line) => line.sealId === held[2]!.seal.publicId)).toMatchObject({ status: 'suspended', reason: 'Under investigation.', checkedAt: '2026-06-01T00:15:00.000Z' });
    const checked = verifyExport(response.headers.get('openseal-export-signature')!, bytes);
    expect(checked).toMatchObject({ ok: true, digestMatches: true, typ: 'openseal-status-export+jws', statement: { sealCount: 3, day: '2026-06-01' } });
    expect(verifyExport(response.headers.get('openseal-export-signature')!, Buffer.from(bytes.toString().replace('suspended', 'active'))).digestMatches).toBe(false);
  });

  it('is served gzipped to a client that accepts it, the same bytes once inflated', async () => {
    const plain = await download();
    const { response, bytes } = await download('gzip, br');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(zlib.gunzipSync(bytes).equals(plain.bytes)).toBe(true);
  });

  it('keeps one export a day and the newest seven days', async () => {
    for (let day = 2; day <= 10; day++) await makeStatusExport(database.db, { now: new Date(`2026-06-${String(day).padStart(2, '0')}T00:15:00Z`), origin: 'https://seal.test', signer });
    await makeStatusExport(database.db, { now: new Date('2026-06-10T12:00:00Z'), origin: 'https://seal.test', signer });
    const days = (await database.db.select({ day: statusExports.day }).from(statusExports)).map((row) => row.day).sort();
    expect(days).toHaveLength(STATUS_EXPORTS_KEPT);
    expect(days.at(-1)).toBe('2026-06-10');
    const { response } = await download();
    expect(response.headers.get('content-disposition')).toContain('openseal-statuses-2026-06-10.jsonl');
  });
});
