import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, complaints } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import type { ApiRoute } from '@/lib/api/api-route';
import { resetApiRateLimits } from '@/lib/api/rate-limit';
import { confirmReviewRevocation, decideReviewCase, dismissReviewComplaint, openReviewCase, proposeReviewRevocation, reviewCase, sendReviewNotice } from '@/lib/api/routes/review-actions';
import { serveApiCall } from '@/lib/api/serve-api-call';
import { scopesOf } from '@/lib/api/scopes';
import { createStaffApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { respondToCase } from '@/lib/services/cases/respond-to-case';
import { declareConflict } from '@/lib/services/reviews/conflicts';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { caseOf, decision, openedCase, sealOf, type User } from './cases-decisions-fixtures';
import { file, publicContext } from './complaints-fixtures';

/*
 * The authority's own tools act with a key (issue #17) under the pages' rules: the key is its
 * creator, so a creator tied to the organization is refused and a revocation still takes two
 * people — a second key of the proposer's cannot confirm it. Every change carries the key's id in
 * its audit event.
 */

let database: TestDatabase;
let programId: string;
let rita: User;
const clock = createTestClock(new Date('2026-06-01T09:00:00Z'));
type Key = { token: string; id: string; creator: User };
let ada: Key; // Ada Admin's tool, every review scope
let adaAgain: Key; // a second key of Ada's
let bob: Key; // Bob Admin's tool, review:revoke only
let tied: Key; // Tess Admin's tool; Tess declared a conflict with the first story's organization

beforeAll(async () => {
  const start = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' });
  database = start.database;
  programId = start.programId;
  rita = start.reviewer;
  const keyOf = async (creator: User, name: string, scopes: string[]): Promise<Key> => {
    const { token, key } = await createStaffApiKey({ ctx: contextFor(database.db, actorOf(creator), clock), input: { kind: 'authority', name, scopes } });
    return { token, id: key.id, creator };
  };
  const admin = (name: string) => seedUser(database.db, { role: 'admin', name });
  ada = await keyOf(await admin('Ada Admin'), 'Ada’s tool', scopesOf('authority'));
  adaAgain = await keyOf(ada.creator, 'Ada’s second tool', ['review:revoke']);
  bob = await keyOf(await admin('Bob Admin'), 'Bob’s tool', ['review:revoke']);
  tied = await keyOf(await admin('Tess Admin'), 'Tess’s tool', scopesOf('authority'));
});
afterAll(async () => {
  await database?.close();
});
beforeEach(() => resetApiRateLimits());

async function call<P>(key: Key, route: ApiRoute<P>, params: P, body?: unknown) {
  const request = new Request('http://openseal.test/api/v1/review/x', {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${key.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const response = await serveApiCall({ db: database.db, clock }, request, route.spec, (apiCall) => route.handle(apiCall, params));
  return { status: response.status, json: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const story = () => openedCase(database.db, { programId, issuer: rita, opener: rita, clock });
const auditOf = (action: string, keyId: string) => database.db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.apiKeyId, keyId)));

describe(`an authority tool acting with its key (${testDriver})`, () => {
  it('triages a complaint, sends a notice, reads the answer and suspends the seal, each step audited with the key', async () => {
    const held = await story();
    const filed = await file(publicContext(database.db, clock), { sealId: held.seal.publicId }, { category: 'data_sale' });

    const opened = await call(ada, openReviewCase, { reference: filed.complaint.reference }, '');
    expect(opened).toMatchObject({ status: 201, json: { status: 'open', complaint: filed.complaint.reference } });
    const reference = opened.json.reference as string;

    const tooShort = await call(ada, sendReviewNotice, { reference }, { body: 'Explain.' });
    expect(tooShort.status).toBe(422);
    expect(tooShort.json.fields.body[0]).toMatch(/at least 20 characters/);
    const notice = await call(ada, sendReviewNotice, { reference }, { body: 'A complaint says your shop offered its customer list for sale. Explain what was offered.', responseDueOn: '2026-06-20' });
    expect(notice).toMatchObject({ status: 201, json: { reference, status: 'awaiting_site_response' } });
    expect(new Date(notice.json.responseDueAt).getTime()).toBeGreaterThan(new Date('2026-06-20T00:00:00Z').getTime());

    await respondToCase({ ctx: contextFor(database.db, actorOf(held.owner), clock), input: { caseRef: reference, body: 'We withdrew the list from sale on 1 June; nobody bought it.' } });
    const read = await call(ada, reviewCase, { reference });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ reference, status: 'in_review', assignee: 'Ada Admin', seal: { sealId: held.seal.publicId, status: 'active' }, openRevocationProposal: null });
    expect(read.json.messages.map((message: { kind: string }) => message.kind)).toEqual(expect.arrayContaining(['notice', 'site_response']));

    const missing = await call(ada, decideReviewCase, { reference }, decision(reference, 'suspension'));
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.json.fields)).toEqual(['reinstatementRequirements']);
    const suspended = await call(ada, decideReviewCase, { reference }, { ...decision(reference, 'suspension'), reinstatementRequirements: 'Confirm in writing that the list was destroyed.' });
    expect(suspended).toMatchObject({ status: 201, json: { case: { reference, status: 'decided' }, decision: { outcome: 'suspension', state: 'in_effect' } } });
    expect((await sealOf(database.db, held.seal.id)).status).toBe('suspended');

    for (const action of ['case.open', 'case.notice', 'case.decide']) expect((await auditOf(action, ada.id)).length, action).toBeGreaterThan(0);
  });

  it('dismisses a new complaint with a note for the complainant; a second call finds it no longer new', async () => {
    const held = await story();
    const filed = await file(publicContext(database.db, clock), { sealId: held.seal.publicId }, { category: 'data_sale' });
    const dismissed = await call(ada, dismissReviewComplaint, { reference: filed.complaint.reference }, { reason: 'duplicate', note: 'The same sale is already investigated in another case.' });
    expect(dismissed).toMatchObject({ status: 201, json: { reference: filed.complaint.reference, status: 'dismissed', dismissalReason: 'duplicate' } });
    const [row] = await database.db.select().from(complaints).where(eq(complaints.id, filed.complaint.id));
    expect(row!.status).toBe('dismissed');
    expect(await auditOf('complaint.dismiss', ada.id)).toHaveLength(1);
    expect((await call(ada, dismissReviewComplaint, { reference: filed.complaint.reference }, { reason: 'duplicate', note: 'The same sale is already investigated in another case.' })).status).toBe(409);
  });

  it('takes two people to revoke: the proposer’s second key is refused, another admin’s key confirms', async () => {
    const held = await story();
    const reference = held.caseRow.reference;
    const proposed = await call(ada, proposeReviewRevocation, { reference }, { ...decision(reference, 'revocation'), revocationReason: 'privacy_violation' });
    expect(proposed).toMatchObject({ status: 201, json: { decision: { outcome: 'revocation', state: 'proposed' } } });
    const decisionId = proposed.json.decision.id as string;
    expect((await call(ada, reviewCase, { reference })).json.openRevocationProposal).toBe(decisionId);

    for (const sameHands of [ada, adaAgain]) {
      const refused = await call(sameHands, confirmReviewRevocation, { decisionId }, '');
      expect(refused.status).toBe(403);
      expect(refused.json.message).toMatch(/four eyes/);
    }
    expect((await sealOf(database.db, held.seal.id)).status).toBe('active');

    const confirmed = await call(bob, confirmReviewRevocation, { decisionId }, {});
    expect(confirmed).toMatchObject({ status: 201, json: { case: { reference, status: 'decided' }, decision: { id: decisionId, state: 'in_effect' } } });
    expect((await sealOf(database.db, held.seal.id)).status).toBe('revoked');
    expect(await auditOf('case.propose-revocation', ada.id)).toHaveLength(1);
    expect(await auditOf('case.confirm-revocation', bob.id)).toHaveLength(1);
  });

  it('waits for the site’s response window before a revocation is proposed', async () => {
    const held = await story();
    const reference = held.caseRow.reference;
    await call(ada, sendReviewNotice, { reference }, { body: 'A complaint says your shop offered its customer list for sale. Explain what was offered.' });
    const early = await call(ada, proposeReviewRevocation, { reference }, { ...decision(reference, 'revocation'), revocationReason: 'privacy_violation' });
    expect(early.status).toBe(409);
    expect((await caseOf(database.db, held.caseRow.id)).status).toBe('awaiting_site_response');
  });

  it('refuses a creator tied to the organization at every door, and changes nothing', async () => {
    const held = await story();
    await declareConflict({ ctx: contextFor(database.db, actorOf(tied.creator), clock), input: { organizationId: held.organization.id, reason: 'I advise this shop.' } });
    const reference = held.caseRow.reference;
    const filed = await file(publicContext(database.db, clock), { sealId: held.seal.publicId }, { category: 'data_sale' });
    const answers = [
      await call(tied, reviewCase, { reference }),
      await call(tied, openReviewCase, { reference: filed.complaint.reference }, {}),
      await call(tied, dismissReviewComplaint, { reference: filed.complaint.reference }, { reason: 'duplicate', note: 'Already investigated in another case.' }),
      await call(tied, sendReviewNotice, { reference }, { body: 'A complaint says your shop offered its customer list for sale. Explain what was offered.' }),
      await call(tied, decideReviewCase, { reference }, decision(reference, 'warning')),
      await call(tied, proposeReviewRevocation, { reference }, { ...decision(reference, 'revocation'), revocationReason: 'privacy_violation' }),
    ];
    expect(answers.map((answer) => [answer.status, answer.json.error])).toEqual(answers.map(() => [403, 'forbidden']));
    expect((await caseOf(database.db, held.caseRow.id)).status).toBe('open');
    const [complaint] = await database.db.select().from(complaints).where(eq(complaints.id, filed.complaint.id));
    expect(complaint!.status).toBe('new');
    expect((await sealOf(database.db, held.seal.id)).status).toBe('active');
  });

  it('answers a body that is not a JSON object with what to send', async () => {
    const held = await story();
    const answer = await call(ada, sendReviewNotice, { reference: held.caseRow.reference }, '["not", "an object"]');
    expect(answer).toMatchObject({ status: 422, json: { error: 'validation' } });
    expect(answer.json.message).toMatch(/JSON object/);
  });
});
