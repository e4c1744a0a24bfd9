import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { memberships, webhookDeliveries, webhookEndpoints, webhookEvents, type ApiKeyKind } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { DOORS, doorName, type ApiKeyRule, type RouteDoor } from '@/lib/auth/permissions';
import type { ApiRoute } from '@/lib/api/api-route';
import { resetApiRateLimits } from '@/lib/api/rate-limit';
import { API_SCOPES, scopesOf } from '@/lib/api/scopes';
import { currentKey } from '@/lib/api/routes/key';
import * as organizationRoutes from '@/lib/api/routes/organization';
import * as webhookRoutes from '@/lib/api/routes/webhooks';
import * as reviewRoutes from '@/lib/api/routes/review';
import * as reviewActionRoutes from '@/lib/api/routes/review-actions';
import { sealStatusBatch, sealStatusExport } from '@/lib/api/routes/public-status';
import { createStatusSigner } from '@/lib/public-status/signing';
import { generateSigningKey } from '@/lib/public-status/signing-keys';
import { createStatusCache, type StatusCache } from '@/lib/public-status/status-cache';
import { serveApiCall } from '@/lib/api/serve-api-call';
import { createOrganizationApiKey, createStaffApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { proposeRevocation } from '@/lib/services/cases/revocation-proposals';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser, TEST_SECRET_BOX } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { decision, openedCase } from './cases-decisions-fixtures';
import { file, publicContext } from './complaints-fixtures';

/*
 * The integrator API's rows of the permission table (lib/auth/permissions.ts), walked with keys
 * instead of personas (issue #17): every door, called with a key of every kind holding each scope
 * on its own and all its scopes, lets through exactly the keys holding the door's scope — and an
 * organization's key whose creator has left the organization through none that read it.
 */

const ROUTES: Record<string, ApiRoute<{ reference: string }>> = {
  'lib/api/routes/key.ts#currentKey': currentKey as unknown as ApiRoute<{ reference: string }>,
  'lib/api/routes/public-status.ts#sealStatusBatch': sealStatusBatch as unknown as ApiRoute<{ reference: string }>,
  'lib/api/routes/public-status.ts#sealStatusExport': sealStatusExport as unknown as ApiRoute<{ reference: string }>,
  ...Object.fromEntries(Object.entries(organizationRoutes).map(([name, route]) => [`lib/api/routes/organization.ts#${name}`, route as ApiRoute<{ reference: string }>])),
  ...Object.fromEntries(Object.entries(reviewRoutes).map(([name, route]) => [`lib/api/routes/review.ts#${name}`, route as unknown as ApiRoute<{ reference: string }>])),
  ...Object.fromEntries(Object.entries(reviewActionRoutes).map(([name, route]) => [`lib/api/routes/review-actions.ts#${name}`, route as unknown as ApiRoute<{ reference: string }>])),
  ...Object.fromEntries(Object.entries(webhookRoutes).map(([name, route]) => [`lib/api/routes/webhooks.ts#${name}`, route as unknown as ApiRoute<{ reference: string }>])),
};
const apiDoors = DOORS.filter((door): door is RouteDoor & { who: ApiKeyRule } => door.kind === 'route' && 'apiKey' in door.who);

let database: TestDatabase;
let reference: string;
let sealId: string;
let organizationId: string;
let ownerId: string;
let programId: string;
let issuer: Awaited<ReturnType<typeof seedUser>>;
let statusCache: StatusCache;
type Key = { label: string; token: string; scopes: string[]; kind: ApiKeyKind; keyId: string; creatorLeft?: boolean };
const keys: Key[] = [];
const clock = createTestClock(new Date('2026-06-01T09:00:00Z'));
const signer = createStatusSigner(generateSigningKey());

beforeAll(async () => {
  const start = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' });
  database = start.database;
  const admin = await seedUser(database.db, { role: 'admin' });
  const story = await openedCase(database.db, { programId: start.programId, issuer: start.reviewer, opener: start.reviewer, clock });
  await sendNotice({ ctx: story.as(start.reviewer), input: { caseRef: story.caseRow.reference, body: 'Explain the sale of your customer list, please.' } });
  reference = story.caseRow.reference;
  sealId = story.seal.publicId;
  statusCache = createStatusCache({ handle: database });
  await statusCache.ready;
  const owner = contextFor(database.db, actorOf(story.owner), clock);
  const organizationKey = async (label: string, scopes: string[]) => {
    const { token, key } = await createOrganizationApiKey({ ctx: owner, input: { organizationId: story.organization.id, name: label, scopes } });
    keys.push({ label, token, scopes, kind: 'organization', keyId: key.id });
  };
  const staffKey = async (kind: Exclude<ApiKeyKind, 'organization'>, label: string, scopes: string[]) => {
    const { token, key } = await createStaffApiKey({ ctx: contextFor(database.db, actorOf(admin), clock), input: { kind, name: label, scopes } });
    keys.push({ label, token, scopes, kind, keyId: key.id });
  };
  for (const kind of Object.keys(API_SCOPES) as ApiKeyKind[]) {
    const add = (label: string, scopes: string[]) => (kind === 'organization' ? organizationKey(label, scopes) : staffKey(kind, label, scopes));
    for (const scope of scopesOf(kind)) await add(`${kind} with ${scope}`, [scope]);
    await add(`${kind} with every scope`, scopesOf(kind));
  }
  // A second owner makes a key with every scope, then leaves the organization.
  const leaver = await seedUser(database.db);
  await database.db.insert(memberships).values({ organizationId: story.organization.id, userId: leaver.id, role: 'owner' });
  const { token, key } = await createOrganizationApiKey({ ctx: contextFor(database.db, actorOf(leaver), clock), input: { organizationId: story.organization.id, name: 'left', scopes: scopesOf('organization') } });
  await database.db.delete(memberships).where(and(eq(memberships.userId, leaver.id), eq(memberships.organizationId, story.organization.id)));
  keys.push({ label: 'organization key of an owner who left', token, scopes: scopesOf('organization'), kind: 'organization', keyId: key.id, creatorLeft: true });
  organizationId = story.organization.id;
  ownerId = story.owner.id;
  programId = start.programId;
  issuer = start.reviewer;
});
afterAll(async () => {
  await statusCache?.close();
  await database?.close();
});
beforeEach(() => resetApiRateLimits());

describe(`the integrator API, door by door and key by key (${testDriver})`, () => {
  it('knows every API door of the permission table, and every API door needs a scope some key kind can hold', () => {
    expect(apiDoors.length).toBeGreaterThan(0);
    expect(apiDoors.filter((door) => !ROUTES[door.verb!]).map(doorName)).toEqual([]);
    const grantable = new Set(Object.values(API_SCOPES).flatMap((scopes) => Object.keys(scopes)));
    expect(apiDoors.filter((door) => door.who.scope !== null && !grantable.has(door.who.scope)).map(doorName)).toEqual([]);
    // The row's scope is the route's own: the table cannot say one thing while the code does another.
    expect(apiDoors.filter((door) => ROUTES[door.verb!]!.spec.scope !== door.who.scope).map(doorName)).toEqual([]);
  });

  it.each(apiDoors.map((door) => [doorName(door), door] as const))('%s', async (_name, door) => {
    const route = ROUTES[door.verb!]!;
    const disagreements: string[] = [];
    for (const key of keys) {
      // Records the call may act on, made fresh for it, of the key's own (its organization's, or its own as a relying party).
      const fixture = { ...(await webhookFixture(key, { disabled: door.file.endsWith('/enable/route.ts') })), ...(await reviewFixture(door)) };
      const body = door.method !== 'POST' ? undefined : JSON.stringify(bodyFor(door, key));
      const request = new Request('http://openseal.test/api/v1/walk', { method: door.method, headers: { Authorization: `Bearer ${key.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body });
      const runtime = { db: database.db, clock, statusCache: async () => statusCache, statusSigner: async () => signer, publicOrigin: 'https://seal.test', context: { secrets: TEST_SECRET_BOX } };
      const response = await serveApiCall(runtime, request, route.spec, (call) => route.handle(call, { reference, ...fixture }));
      await removeWebhookFixtures();
      const allowed = response.status < 300;
      const needsOrganization = door.who.scope !== null;
      const expected = (door.who.scope === null || key.scopes.includes(door.who.scope)) && !(key.creatorLeft && needsOrganization);
      if (allowed !== expected) disagreements.push(`${key.label}: expected ${expected ? 'allowed' : 'refused'}, got ${response.status} ${await response.text()}`);
    }
    expect(disagreements).toEqual([]);
  });
});

function bodyFor(door: RouteDoor & { who: ApiKeyRule }, key: Key): unknown {
  if (door.who.scope === 'public:read') return { sealIds: [sealId] };
  if (door.verb!.endsWith('#dismissReviewComplaint')) return { reason: 'duplicate', note: `Dismissed with the key “${key.label}”.` };
  if (door.verb!.endsWith('#sendReviewNotice')) return { body: `A notice sent with the key “${key.label}”: explain the sale.` };
  if (door.verb!.endsWith('#decideReviewCase')) return decision('(path)', 'no_violation');
  if (door.verb!.endsWith('#proposeReviewRevocation')) return { ...decision('(path)', 'revocation'), revocationReason: 'privacy_violation' };
  if (door.verb!.endsWith('#openReviewCase') || door.verb!.endsWith('#confirmReviewRevocation')) return {};
  if (door.who.scope === 'webhooks:manage') return { url: 'https://hooks.example/openseal', eventTypes: ['seal.status_changed'] };
  return { body: `An answer sent with the key “${key.label}”.` };
}

/** An endpoint of the key's owner (disabled when the door enables one) with a delivered delivery, written directly. */
async function webhookFixture(key: Key, { disabled }: { disabled: boolean }): Promise<{ endpointId: string; deliveryId: string }> {
  const owner = key.kind === 'organization' ? { organizationId } : key.kind === 'relying_party' ? { apiKeyId: key.keyId } : null;
  if (!owner) return { endpointId: crypto.randomUUID(), deliveryId: crypto.randomUUID() };
  const [endpoint] = await database.db
    .insert(webhookEndpoints)
    .values({ ...owner, url: 'https://hooks.example/fixture', eventTypes: ['seal.status_changed'], secret: 'sealed elsewhere', createdById: ownerId, createdAt: new Date(), disabledAt: disabled ? new Date() : null })
    .returning();
  const [event] = await database.db.insert(webhookEvents).values({ type: 'seal.status_changed', organizationId, public: true, data: {}, occurredAt: new Date(), fannedOutAt: new Date() }).returning();
  const [delivery] = await database.db.insert(webhookDeliveries).values({ endpointId: endpoint!.id, eventId: event!.id, status: 'delivered', createdAt: new Date() }).returning();
  return { endpointId: endpoint!.id, deliveryId: delivery!.id };
}

/**
 * A record each acting door of the authority's tools can act on, made fresh for each call (a case
 * takes one notice, one decision): a new complaint for triage, a new case for notices and decisions,
 * and a revocation proposed by the issuing reviewer for a confirmation (the keys' creator is an admin,
 * never the proposer). Reads and the other doors use the walk's case.
 */
async function reviewFixture(door: RouteDoor): Promise<{ reference?: string; decisionId?: string }> {
  const verb = door.verb!;
  if (!verb.startsWith('lib/api/routes/review-actions.ts#') || verb.endsWith('#reviewCase')) return {};
  if (verb.endsWith('#openReviewCase') || verb.endsWith('#dismissReviewComplaint')) {
    const filed = await file(publicContext(database.db, clock), { sealId }, { category: 'data_sale' });
    return { reference: filed.complaint.reference };
  }
  const story = await openedCase(database.db, { programId, issuer, opener: issuer, clock });
  if (!verb.endsWith('#confirmReviewRevocation')) return { reference: story.caseRow.reference };
  const proposed = await proposeRevocation({ ctx: story.as(issuer), input: { ...decision(story.caseRow.reference, 'revocation'), revocationReason: 'privacy_violation' } });
  return { decisionId: proposed.decision.id };
}

/** Every endpoint, so that no owner reaches the limit of endpoints across calls. */
async function removeWebhookFixtures() {
  await database.db.delete(webhookDeliveries);
  await database.db.delete(webhookEndpoints);
}
