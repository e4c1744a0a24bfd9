import crypto from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, notifications, webhookDeliveries, webhookEndpoints, webhookEvents } from '@/db/schema';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { createTestClock } from '@/lib/clock';
import { createStaffApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { openCaseFromComplaint } from '@/lib/services/cases/open-case';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { createWebhookEndpoint, enableWebhookEndpoint, resendWebhookDelivery } from '@/lib/services/webhooks/manage-endpoints';
import { deliverWebhook, WEBHOOK_RETRY } from '@/lib/webhooks/deliver';
import { fanOutWebhookEvents, pruneWebhookHistory } from '@/lib/webhooks/fan-out';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser, TEST_SECRET_BOX } from '../helpers/factories';
import { startHttpsServer, type TestHttpServer } from '../helpers/http-server';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { createTestCertificateAuthority } from '../helpers/test-tls';
import { file, publicContext } from './complaints-fixtures';

/*
 * Webhooks end to end below the job queue (issue #17): an event recorded with the seal's
 * transition, fanned out to the endpoints that asked for it, POSTed to a real HTTPS receiver,
 * signed as Standard Webhooks says — checked here by the reference algorithm written out, not by
 * our signer — retried with back-off, given up after 24 hours, the endpoint disabled and its owner told.
 */

const authority = createTestCertificateAuthority();
const net: NetPolicy = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8', '::1/128'], extraCa: [authority.certificatePem] };
type Received = { headers: Record<string, string>; body: string };
let received: Received[] = [];
let answer = 200;
let receiver: TestHttpServer;
let database: TestDatabase;
let held: Awaited<ReturnType<typeof seedIssuedSeal>>;
let other: Awaited<ReturnType<typeof seedIssuedSeal>>;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
let admin: Awaited<ReturnType<typeof seedUser>>;
const T0 = new Date('2026-07-01T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

beforeAll(async () => {
  receiver = await startHttpsServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers as Record<string, string>, body });
      response.writeHead(answer, { 'Content-Type': 'text/plain' });
      response.end(answer === 200 ? 'ok' : 'receiver down');
    });
  }, authority);
  const start = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' });
  database = start.database;
  reviewer = start.reviewer;
  admin = await seedUser(database.db, { role: 'admin', name: 'Ada Admin' });
  held = await seedIssuedSeal(database.db, { programId: start.programId, reviewerId: reviewer.id, issuedAt: at(-86_400_000) });
  other = await seedIssuedSeal(database.db, { programId: start.programId, reviewerId: reviewer.id, issuedAt: at(-86_400_000) });
  // The issues above are events too; they are not what these tests follow.
  await database.db.update(webhookEvents).set({ fannedOutAt: T0 });
});
afterAll(async () => {
  await receiver?.close();
  await database?.close();
});

const url = () => `https://localhost:${receiver.port}/openseal-events`;
const ctxOf = (user: { id: string; email: string; name: string; role: 'applicant' | 'reviewer' | 'admin' }, now = T0) => ({ ...contextFor(database.db, actorOf(user), createTestClock(now)), secrets: TEST_SECRET_BOX });
const deliver = (id: string, now: Date) => deliverWebhook(database.db, id, { now, net, secrets: TEST_SECRET_BOX, jobs: null });
const deliveriesOf = (endpointId: string) => database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).orderBy(webhookDeliveries.createdAt);

/** Standard Webhooks' verification, as its specification writes it: base64 HMAC-SHA256 of `id.timestamp.body` under the decoded `whsec_` secret. */
function verifiedByReference(secret: string, message: Received): boolean {
  const key = Buffer.from(secret.split('_')[1]!, 'base64');
  const signed = `${message.headers['webhook-id']}.${message.headers['webhook-timestamp']}.${message.body}`;
  const expected = crypto.createHmac('sha256', key).update(signed).digest('base64');
  return (message.headers['webhook-signature'] ?? '').split(' ').some((part) => {
    const [version, signature] = part.split(',');
    return version === 'v1' && signature !== undefined && crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected.length === signature.length ? expected : signature + 'x'));
  });
}

describe(`webhooks (${testDriver})`, () => {
  let relyingSecret: string;
  let relyingEndpoint: string;
  let ownEndpoint: string;
  let ownSecret: string;

  it('registers https endpoints only, public events only for a relying party, and shows the secret once', async () => {
    const { key } = await createStaffApiKey({ ctx: ctxOf(admin), input: { kind: 'relying_party', name: 'Marketplace', scopes: ['public:read', 'webhooks:manage'] } });
    const owner = { apiKeyId: key.id };
    await expect(createWebhookEndpoint({ ctx: ctxOf(admin), owner, input: { url: `http://localhost:${receiver.port}/`, eventTypes: ['seal.status_changed'] } })).rejects.toThrow('Use an https address');
    await expect(createWebhookEndpoint({ ctx: ctxOf(admin), owner, input: { url: url(), eventTypes: ['case.opened'] } })).rejects.toThrow('A relying party receives public events only, not case.opened.');
    const created = await createWebhookEndpoint({ ctx: ctxOf(admin), owner, input: { url: url(), eventTypes: ['seal.status_changed'] } });
    relyingSecret = created.secret;
    relyingEndpoint = created.endpoint.id;
    expect(relyingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const [stored] = await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, relyingEndpoint));
    expect(stored!.secret).not.toContain(relyingSecret.slice(6));
    // A relying party that follows one other seal only.
    await createWebhookEndpoint({ ctx: ctxOf(admin), owner, input: { url: `${url()}?only=other`, eventTypes: ['seal.status_changed'], sealIds: [other.seal.publicId.toLowerCase()] } });
    const own = await createWebhookEndpoint({ ctx: ctxOf(held.owner), owner: { organizationId: held.organization.id }, input: { url: `${url()}?own`, eventTypes: ['seal.status_changed', 'case.opened'] } });
    ownEndpoint = own.endpoint.id;
    ownSecret = own.secret;
    await expect(createWebhookEndpoint({ ctx: ctxOf(held.member), owner: { organizationId: held.organization.id }, input: { url: url(), eventTypes: ['seal.status_changed'] } })).rejects.toThrow('Only an owner');
  });

  it('sends a status change to the endpoints that asked for it, signed so that the reference algorithm verifies it', async () => {
    await suspendSeal({ ctx: ctxOf(reviewer), input: { sealId: held.seal.publicId, reason: 'Customer list offered for sale.', reinstatementRequirements: 'Withdraw the sale.' } });
    expect(await fanOutWebhookEvents(database.db, { jobs: null, now: T0 })).toBe(1);
    const [toRelying] = await deliveriesOf(relyingEndpoint);
    const [toOwn] = await deliveriesOf(ownEndpoint);
    expect(await database.db.select().from(webhookDeliveries)).toHaveLength(2); // not the endpoint following the other seal
    expect(await deliver(toRelying!.id, T0)).toBe('delivered');
    expect(await deliver(toOwn!.id, T0)).toBe('delivered');
    const [first, second] = received;
    expect(JSON.parse(first!.body)).toEqual({
      type: 'seal.status_changed',
      timestamp: T0.toISOString(),
      data: expect.objectContaining({ sealId: held.seal.publicId, event: 'suspended', status: 'suspended', reason: 'Customer list offered for sale.', verifyUrl: expect.stringContaining(`/verify/${held.seal.publicId}`) }),
    });
    expect(first!.headers['webhook-id']).toBe(`msg_${toRelying!.id.replaceAll('-', '')}`);
    expect(first!.headers['webhook-timestamp']).toBe(String(T0.getTime() / 1000));
    expect(verifiedByReference(relyingSecret, first!)).toBe(true);
    expect(verifiedByReference(ownSecret, first!)).toBe(false);
    expect(verifiedByReference(ownSecret, second!)).toBe(true);
    expect(verifiedByReference(relyingSecret, { ...first!, body: first!.body.replace('suspended', 'active') })).toBe(false);
    expect((await deliveriesOf(relyingEndpoint))[0]).toMatchObject({ status: 'delivered', attempts: 1, responseStatus: 200, deliveredAt: T0 });
  });

  it('tells an organization of its own new case, and no relying party', async () => {
    received = [];
    const filed = await file(publicContext(database.db, createTestClock(T0)), { sealId: held.seal.publicId }, { category: 'data_sale' });
    await openCaseFromComplaint({ ctx: ctxOf(reviewer), input: { complaintRef: filed.complaint.reference } });
    await fanOutWebhookEvents(database.db, { jobs: null, now: T0 });
    const [, caseDelivery] = await deliveriesOf(ownEndpoint);
    expect(await deliveriesOf(relyingEndpoint)).toHaveLength(1);
    await deliver(caseDelivery!.id, T0);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'case.opened', data: { kind: expect.any(String), reference: expect.stringMatching(/^K-/) } });
  });

  it('retries a failing receiver with growing waits, then succeeds on the same message id', async () => {
    received = [];
    answer = 500;
    await suspendSeal({ ctx: ctxOf(reviewer), input: { sealId: other.seal.publicId, reason: 'Under investigation.', reinstatementRequirements: 'Answer.' } });
    await fanOutWebhookEvents(database.db, { jobs: null, now: T0 });
    const [delivery] = (await deliveriesOf(relyingEndpoint)).slice(-1);
    expect(await deliver(delivery!.id, T0)).toBe('retrying');
    expect((await deliveriesOf(relyingEndpoint)).at(-1)).toMatchObject({ attempts: 1, responseStatus: 500, lastError: 'the address answered 500', nextAttemptAt: at(30_000), status: 'pending' });
    expect(await deliver(delivery!.id, at(10_000))).toBe('skipped'); // not before its time
    expect(await deliver(delivery!.id, at(30_000))).toBe('retrying');
    expect((await deliveriesOf(relyingEndpoint)).at(-1)!.nextAttemptAt).toEqual(at(90_000));
    answer = 200;
    expect(await deliver(delivery!.id, at(90_000))).toBe('delivered');
    expect(new Set(received.map((message) => message.headers['webhook-id'])).size).toBe(1);
    expect(received.map((message) => message.headers['webhook-timestamp'])).toEqual([0, 30, 90].map((seconds) => String(T0.getTime() / 1000 + seconds)));
    const [endpoint] = await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, relyingEndpoint));
    expect(endpoint!.failingSince).toBeNull();
  });

  it('gives up after 24 hours, disables an endpoint failing that long and tells its owner; resent once enabled', async () => {
    answer = 503;
    await database.db.insert(webhookEvents).values({ type: 'seal.status_changed', organizationId: held.organization.id, sealPublicId: held.seal.publicId, public: true, data: { sealId: held.seal.publicId }, occurredAt: T0 });
    await fanOutWebhookEvents(database.db, { jobs: null, now: T0 });
    const [delivery] = (await deliveriesOf(ownEndpoint)).slice(-1);
    let now = T0;
    let outcome = await deliver(delivery!.id, now);
    while (outcome === 'retrying') {
      now = (await deliveriesOf(ownEndpoint)).at(-1)!.nextAttemptAt!;
      outcome = await deliver(delivery!.id, now);
    }
    expect(outcome).toBe('failed');
    const last = (await deliveriesOf(ownEndpoint)).at(-1)!;
    expect(last.status).toBe('failed');
    expect(now.getTime() - T0.getTime()).toBeLessThanOrEqual(WEBHOOK_RETRY.giveUpAfterMs);
    expect(last.attempts).toBeGreaterThan(8);
    const [endpoint] = await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, ownEndpoint));
    expect(endpoint!.disabledAt).not.toBeNull();
    expect(endpoint!.disabledReason).toContain('Every delivery failed for 24 hours');
    const [told] = await database.db.select().from(notifications).where(and(eq(notifications.kind, 'webhook.disabled'), eq(notifications.recipientId, held.owner.id)));
    expect(told!.body).toContain(url());
    expect(told!.link).toBe(`/portal/organizations/${held.organization.id}/webhooks?endpoint=${ownEndpoint}`);
    expect(await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'webhook-endpoint.disable'))).toHaveLength(1);

    // Disabled: no new delivery is made to it; enabled again, the failed event is sent once more.
    await suspendSeal({ ctx: ctxOf(reviewer, now), input: { sealId: held.seal.publicId, reason: 'Still under investigation.', reinstatementRequirements: 'Answer.' } }).catch(() => {});
    await expect(resendWebhookDelivery({ ctx: ctxOf(held.owner, now), owner: { organizationId: held.organization.id }, input: { endpointId: ownEndpoint, deliveryId: last.id } })).rejects.toThrow('enable it first');
    await enableWebhookEndpoint({ ctx: ctxOf(held.owner, now), owner: { organizationId: held.organization.id }, input: { endpointId: ownEndpoint } });
    answer = 200;
    const again = await resendWebhookDelivery({ ctx: ctxOf(held.owner, now), owner: { organizationId: held.organization.id }, input: { endpointId: ownEndpoint, deliveryId: last.id } });
    expect(await deliver(again.id, now)).toBe('delivered');
    expect(received.at(-1)!.headers['webhook-id']).toBe(`msg_${again.id.replaceAll('-', '')}`);
  });

  it('refuses to send to a private address, whatever the endpoint says', async () => {
    const strict = await deliverWebhook(database.db, (await deliveriesOf(relyingEndpoint))[0]!.id, { now: T0, net: DEFAULT_NET_POLICY, secrets: TEST_SECRET_BOX, jobs: null });
    expect(strict).toBe('skipped'); // already delivered: nothing is sent twice
    await database.db.insert(webhookEvents).values({ type: 'seal.status_changed', organizationId: other.organization.id, sealPublicId: other.seal.publicId, public: true, data: {}, occurredAt: T0 });
    await fanOutWebhookEvents(database.db, { jobs: null, now: T0 });
    const [fresh] = (await deliveriesOf(relyingEndpoint)).slice(-1);
    expect(await deliverWebhook(database.db, fresh!.id, { now: T0, net: DEFAULT_NET_POLICY, secrets: TEST_SECRET_BOX, jobs: null })).toBe('retrying');
    expect((await deliveriesOf(relyingEndpoint)).at(-1)!.lastError).toMatch(/^refused: localhost resolves to/);
  });

  it('keeps a month of history: settled deliveries and their events are pruned after 30 days, pending ones never', async () => {
    const pending = (await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.status, 'pending'))).length;
    await pruneWebhookHistory(database.db, at(29 * 86_400_000));
    const kept = await database.db.select().from(webhookDeliveries);
    expect(kept.length).toBeGreaterThan(pending);
    await pruneWebhookHistory(database.db, at(31 * 86_400_000));
    expect((await database.db.select().from(webhookDeliveries)).map((row) => row.status)).toEqual(Array(pending).fill('pending'));
    // Every event left is one a pending delivery still needs (or one not fanned out yet).
    const fannedOut = await database.db.select({ id: webhookEvents.id }).from(webhookEvents).where(isNotNull(webhookEvents.fannedOutAt));
    const needed = new Set((await database.db.select({ eventId: webhookDeliveries.eventId }).from(webhookDeliveries)).map((row) => row.eventId));
    expect(fannedOut.filter((event) => !needed.has(event.id))).toEqual([]);
    expect(fannedOut.length).toBeGreaterThan(0); // the pending delivery's event stays
  });
});
