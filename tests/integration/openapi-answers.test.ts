import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { oas31 } from 'zod-openapi';
import { createTestClock, type TestClock } from '@/lib/clock';
import type { ApiRoute } from '@/lib/api/api-route';
import { openApiDocument } from '@/lib/api/openapi/document';
import { KEY_REFUSALS } from '@/lib/api/openapi/operation';
import { API_OPERATIONS } from '@/lib/api/openapi/operations';
import { currentKey } from '@/lib/api/routes/key';
import { organizationApplications, organizationCase, organizationCases, organizationSeals, respondToOrganizationCase } from '@/lib/api/routes/organization';
import { confirmReviewRevocation, decideReviewCase, dismissReviewComplaint, openReviewCase, proposeReviewRevocation, reviewCase, sendReviewNotice } from '@/lib/api/routes/review-actions';
import { serveApiCall } from '@/lib/api/serve-api-call';
import { scopesOf } from '@/lib/api/scopes';
import { getProgramBySlug, listPrograms } from '@/lib/programs/queries';
import { programDocument, programListDocument } from '@/lib/programs/public-documents';
import { loadSealStatusRecord, toStatusDocument } from '@/lib/public-status/status-record';
import { createOrganizationApiKey, createStaffApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { decideCase } from '@/lib/services/cases/decide-case';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { loadReport, publicReport, reportPeriod } from '@/lib/transparency/report';
import type { TestDatabase } from '../helpers/database';
import { testDriver } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { decision, openedCase, type User } from './cases-decisions-fixtures';
import { file, publicContext } from './complaints-fixtures';

/*
 * The OpenAPI document's response schemas against what the API really answers (issue #17): each
 * answer parses through its operation's schema, and carries no field the document does not name.
 */

const ORIGIN = 'https://seals.example.org';
const document = openApiDocument(ORIGIN);

let database: TestDatabase;
let clock: TestClock;
let rita: User;
let story: Awaited<ReturnType<typeof openedCase>>;
let token: string;
let programId: string;

beforeAll(async () => {
  ({ database, programId, reviewer: rita } = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' }));
  clock = createTestClock(new Date('2026-06-01T09:00:00Z'));
  const issuer = await seedUser(database.db, { role: 'reviewer' });
  story = await openedCase(database.db, { programId, issuer, opener: rita, clock });
  await sendNotice({ ctx: story.as(rita), input: { caseRef: story.caseRow.reference, body: 'Your shop is reported to offer its customer list for sale. Explain.' } });
  const scopes = ['seals:read', 'applications:read', 'cases:read', 'cases:respond'];
  ({ token } = await createOrganizationApiKey({ ctx: contextFor(database.db, actorOf(story.owner), clock), input: { organizationId: story.organization.id, name: 'Shop back office', scopes } }));
});
afterAll(async () => {
  await database?.close();
});

async function call<P>(route: ApiRoute<P>, params: P, { bearer = token, method = 'GET', body }: { bearer?: string; method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  const request = new Request(`${ORIGIN}/api/v1/x`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const response = await serveApiCall({ db: database.db, clock }, request, route.spec, (apiCall) => route.handle(apiCall, params));
  return { status: response.status, headers: response.headers, json: (await response.json()) as unknown };
}

const operation = (operationId: string) => API_OPERATIONS.find((candidate) => candidate.operationId === operationId)!;

/** The JSON schema the document gives an answer, `$ref`s resolved against its components. */
function documentedSchema(operationId: string, status: string): oas31.SchemaObject {
  const declared = operation(operationId);
  const response = document.paths![declared.path]![declared.method]!.responses![status] as oas31.ResponseObject;
  return response.content!['application/json']!.schema as oas31.SchemaObject;
}

const resolve = (schema: oas31.SchemaObject | oas31.ReferenceObject): oas31.SchemaObject =>
  typeof schema.$ref === 'string' ? resolve(document.components!.schemas![schema.$ref.split('/').pop()!]!) : (schema as oas31.SchemaObject);

/** The fields of `value` the schema does not name, as paths (`caseRow.internalNote`). */
function undocumented(value: unknown, given: oas31.SchemaObject | oas31.ReferenceObject, at = ''): string[] {
  const schema = resolve(given);
  if (value === null || typeof value !== 'object') return [];
  const options = (schema.anyOf ?? schema.oneOf)?.map(resolve).filter((option) => option.type !== 'null');
  if (options?.length === 1) return undocumented(value, options[0]!, at);
  if (Array.isArray(value)) return schema.items ? value.flatMap((item, index) => undocumented(item, schema.items!, `${at}[${index}]`)) : [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const named = schema.properties?.[key];
    const record = typeof schema.additionalProperties === 'object' && Object.keys(schema.additionalProperties).length > 0 ? schema.additionalProperties : undefined;
    const next = named ?? record;
    return next ? undocumented(inner, next, `${at}${at ? '.' : ''}${key}`) : [`${at}${at ? '.' : ''}${key}`];
  });
}

/** The answer parses through the operation's schema and has no field the document leaves out. */
function expectDocumented(operationId: string, status: string, answer: unknown) {
  const declared = operation(operationId).responses[status as '200'] ?? KEY_REFUSALS[status];
  const schema = declared!.json as z.ZodType;
  expect(schema.safeParse(answer).error, `${operationId} ${status}`).toBeUndefined();
  expect(undocumented(answer, documentedSchema(operationId, status)), `${operationId} ${status}: fields the document does not name`).toEqual([]);
}

describe(`the OpenAPI schemas against real answers (${testDriver})`, () => {
  it('describe what an organization’s key reads: itself, its seals, applications and cases, one case', async () => {
    const none = {} as Record<string, never>;
    for (const [operationId, route] of [
      ['getCurrentKey', currentKey],
      ['listOrganizationSeals', organizationSeals],
      ['listOrganizationApplications', organizationApplications],
      ['listOrganizationCases', organizationCases],
    ] as const) {
      const answer = await call(route, none);
      expect(answer.status, operationId).toBe(200);
      expectDocumented(operationId, '200', answer.json);
    }
    const viewed = await call(organizationCase, { reference: story.caseRow.reference });
    expect((viewed.json as { messages: unknown[] }).messages).toHaveLength(1);
    expectDocumented('getOrganizationCase', '200', viewed.json);
  });

  it('describe a response sent, the case with a decision, and the refusals', async () => {
    const reference = story.caseRow.reference;
    const sent = await call(respondToOrganizationCase, { reference }, { method: 'POST', body: { body: 'We never sold the list; the buyer only took the domain name.' } });
    expect(sent.status).toBe(201);
    expectDocumented('respondToOrganizationCase', '201', sent.json);
    await decideCase({ ctx: story.as(rita), input: decision(reference, 'warning') });
    const decided = await call(organizationCase, { reference });
    expect((decided.json as { decisions: unknown[] }).decisions).toHaveLength(1);
    expectDocumented('getOrganizationCase', '200', decided.json);

    const refused = await call(respondToOrganizationCase, { reference }, { method: 'POST', body: { body: 'short' } });
    expect(refused.status).toBe(422);
    expectDocumented('respondToOrganizationCase', '422', refused.json);
    const unknownKey = await call(currentKey, {} as Record<string, never>, { bearer: 'osk_abcdefghjkmn_nope' });
    expect(unknownKey.status).toBe(401);
    expectDocumented('getCurrentKey', '401', unknownKey.json);
  });

  it('describe what an authority tool’s key does: triage, a notice, the case read, a decision, a revocation by two people', async () => {
    const toolOf = async (name: string) => {
      const admin = await seedUser(database.db, { role: 'admin', name });
      return (await createStaffApiKey({ ctx: contextFor(database.db, actorOf(admin), clock), input: { kind: 'authority', name: `${name}’s tool`, scopes: scopesOf('authority') } })).token;
    };
    const [ada, bob] = [await toolOf('Ada Admin'), await toolOf('Bob Admin')];
    const post = (bearer: string, body: unknown) => ({ bearer, method: 'POST', body });
    const held = await openedCase(database.db, { programId, issuer: rita, opener: rita, clock });
    const [first, second] = [await file(publicContext(database.db, clock), { sealId: held.seal.publicId }), await file(publicContext(database.db, clock), { sealId: held.seal.publicId })];

    const opened = await call(openReviewCase, { reference: first.complaint.reference }, post(ada, {}));
    expectDocumented('openReviewCase', '201', opened.json);
    const dismissed = await call(dismissReviewComplaint, { reference: second.complaint.reference }, post(ada, { reason: 'duplicate', note: 'Already investigated in the case just opened.' }));
    expectDocumented('dismissReviewComplaint', '201', dismissed.json);
    const reference = (opened.json as { reference: string }).reference;
    const noticed = await call(sendReviewNotice, { reference }, post(ada, { body: 'Your shop is reported to offer its customer list for sale. Explain.' }));
    expectDocumented('sendReviewNotice', '201', noticed.json);
    const read = await call(reviewCase, { reference }, { bearer: ada });
    expect(read.status).toBe(200);
    expectDocumented('getReviewCase', '200', read.json);
    const refused = await call(decideReviewCase, { reference }, post(ada, decision(reference, 'corrective_action')));
    expect(refused.status).toBe(422);
    expectDocumented('decideReviewCase', '422', refused.json);

    const proposed = await call(proposeReviewRevocation, { reference: held.caseRow.reference }, post(ada, { ...decision(held.caseRow.reference, 'revocation'), revocationReason: 'privacy_violation' }));
    expectDocumented('proposeReviewRevocation', '201', proposed.json);
    const decisionId = (proposed.json as { decision: { id: string } }).decision.id;
    const sameHands = await call(confirmReviewRevocation, { decisionId }, post(ada, {}));
    expect(sameHands.status).toBe(403);
    expectDocumented('confirmReviewRevocation', '403', sameHands.json);
    const confirmed = await call(confirmReviewRevocation, { decisionId }, post(bob, {}));
    expectDocumented('confirmReviewRevocation', '201', confirmed.json);
    const afterwards = await call(reviewCase, { reference: held.caseRow.reference }, { bearer: ada });
    expect((afterwards.json as { decisions: unknown[] }).decisions).toHaveLength(1);
    expectDocumented('getReviewCase', '200', afterwards.json);
  });

  it('describe the public documents: a status, the programs, the transparency report', async () => {
    const record = await loadSealStatusRecord(database.db, story.seal.publicId);
    expectDocumented('getSealStatus', '200', toStatusDocument(record!, new Date(clock.now()), ORIGIN));
    expectDocumented('listPrograms', '200', programListDocument(await listPrograms(database.db)));
    expectDocumented('getProgram', '200', programDocument((await getProgramBySlug(database.db, 'privacy-seal'))!));
    const now = new Date(clock.now());
    const report = publicReport(await loadReport(database.db, reportPeriod({}, now), now));
    expectDocumented('getTransparencyReport', '200', { ...report, computedAt: now.toISOString() });
  });
});
