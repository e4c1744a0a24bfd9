import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookEvents } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { createOrganizationApiKey, createStaffApiKey, revokeApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { ForbiddenError, NotFoundError } from '@/lib/services/errors';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { createWebhookEndpoint } from '@/lib/services/webhooks/manage-endpoints';
import { DELIVERY_LOG_PAGE, readWebhooks } from '@/lib/services/webhooks/read-webhooks';
import { fanOutWebhookEvents } from '@/lib/webhooks/fan-out';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser, TEST_SECRET_BOX } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * The people's view of webhooks (issue #17, readWebhooks): an organization's endpoints and their
 * delivery logs for every member, never a secret, with only owners told they may change them; a
 * relying party's for the admins; each log newest first, paged both ways by its cursors.
 */

let database: TestDatabase;
let held: Awaited<ReturnType<typeof seedIssuedSeal>>;
let other: Awaited<ReturnType<typeof seedIssuedSeal>>;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
let admin: Awaited<ReturnType<typeof seedUser>>;
const T0 = new Date('2026-07-01T10:00:00Z');

beforeAll(async () => {
  const start = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' });
  database = start.database;
  reviewer = start.reviewer;
  admin = await seedUser(database.db, { role: 'admin', name: 'Ada Admin' });
  held = await seedIssuedSeal(database.db, { programId: start.programId, reviewerId: reviewer.id, issuedAt: new Date(T0.getTime() - 86_400_000) });
  other = await seedIssuedSeal(database.db, { programId: start.programId, reviewerId: reviewer.id, issuedAt: new Date(T0.getTime() - 86_400_000) });
  // The issues are events too; they are not what these tests read.
  await database.db.update(webhookEvents).set({ fannedOutAt: T0 });
});
afterAll(async () => {
  await database?.close();
});

const ctxOf = (user: { id: string; email: string; name: string; role: 'applicant' | 'reviewer' | 'admin' }, now = T0) => ({ ...contextFor(database.db, actorOf(user), createTestClock(now)), secrets: TEST_SECRET_BOX });
const hook = (path: string) => ({ url: `https://hooks.example.org/${path}`, eventTypes: ['seal.status_changed', 'case.opened'] });

describe(`the webhooks pages' reading (${testDriver})`, () => {
  let endpointId: string;

  it('shows an organization’s endpoints and delivery log to its members, without the secret; only owners may change them', async () => {
    const organization = { organizationId: held.organization.id };
    const older = await createWebhookEndpoint({ ctx: ctxOf(held.owner), owner: organization, input: hook('older') });
    const newest = await createWebhookEndpoint({ ctx: ctxOf(held.owner, new Date(T0.getTime() + 1000)), owner: organization, input: { ...hook('newest'), description: 'Shop back office' } });
    endpointId = newest.endpoint.id;
    await suspendSeal({ ctx: ctxOf(reviewer), input: { sealId: held.seal.publicId, reason: 'Customer list offered for sale.', reinstatementRequirements: 'Withdraw the sale.' } });
    expect(await fanOutWebhookEvents(database.db, { jobs: null, now: T0 })).toBe(1);

    const asMember = await readWebhooks({ ctx: ctxOf(held.member), owner: organization, input: {} });
    expect(asMember.canManage).toBe(false);
    expect(asMember.organizationName).toBe(held.organization.legalName);
    expect(asMember.endpoints.map((endpoint) => endpoint.id)).toEqual([newest.endpoint.id, older.endpoint.id]);
    expect(asMember.endpoints[0]).toMatchObject({ url: 'https://hooks.example.org/newest', description: 'Shop back office', eventTypes: ['seal.status_changed', 'case.opened'], createdByName: held.owner.name, disabledAt: null, failingSince: null });
    expect(JSON.stringify(asMember)).not.toContain(newest.secret.slice('whsec_'.length));
    expect(asMember.endpoints[0]).not.toHaveProperty('secret');
    // The newest endpoint's log, when none is named.
    expect(asMember.selected?.id).toBe(newest.endpoint.id);
    expect(asMember.deliveries!.rows).toHaveLength(1);
    expect(asMember.deliveries!.rows[0]).toMatchObject({ eventType: 'seal.status_changed', subject: `${held.seal.publicId}, now suspended`, status: 'pending', attempts: 0, responseStatus: null, messageId: expect.stringMatching(/^msg_[0-9a-f]{32}$/) });

    const asOwner = await readWebhooks({ ctx: ctxOf(held.owner), owner: organization, input: { endpoint: older.endpoint.id } });
    expect(asOwner.canManage).toBe(true);
    expect(asOwner.eventTypes).toEqual(['seal.status_changed', 'seal.issued', 'seal.renewed', 'seal.expired', 'case.opened', 'case.decided', 'log.checkpoint_published']);
    expect(asOwner.selected?.id).toBe(older.endpoint.id);

    await expect(readWebhooks({ ctx: ctxOf(other.owner), owner: organization, input: {} })).rejects.toBeInstanceOf(NotFoundError);
    await expect(readWebhooks({ ctx: ctxOf(reviewer), owner: organization, input: {} })).rejects.toBeInstanceOf(NotFoundError);
    await expect(readWebhooks({ ctx: { ...ctxOf(admin), actor: null }, owner: organization, input: {} })).rejects.toThrow();
  });

  it('pages a delivery log newest first, both ways, and drops what makes no sense in the query string', async () => {
    const [event] = await database.db.insert(webhookEvents).values({ type: 'log.checkpoint_published', organizationId: null, data: { treeSize: 42 }, occurredAt: T0, fannedOutAt: T0 }).returning();
    const made = Array.from({ length: 30 }, (_, index) => ({ endpointId, eventId: event!.id, status: 'delivered' as const, attempts: 1, responseStatus: 200, deliveredAt: T0, createdAt: new Date(T0.getTime() + (index + 1) * 1000) }));
    await database.db.insert(webhookDeliveries).values(made);
    const owner = { organizationId: held.organization.id };

    const first = await readWebhooks({ ctx: ctxOf(held.member), owner, input: { endpoint: endpointId } });
    expect(first.deliveries!.rows).toHaveLength(DELIVERY_LOG_PAGE);
    const times = first.deliveries!.rows.map((row) => row.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(first.deliveries!.rows[0]).toMatchObject({ eventType: 'log.checkpoint_published', subject: 'Log of 42 entries', status: 'delivered', responseStatus: 200, attempts: 1 });
    expect(first.deliveries!.previous).toBeNull();

    const second = await readWebhooks({ ctx: ctxOf(held.member), owner, input: { endpoint: endpointId, after: first.deliveries!.next! } });
    expect(second.deliveries!.rows).toHaveLength(31 - DELIVERY_LOG_PAGE); // the suspension's delivery is the oldest
    expect(second.deliveries!.rows.at(-1)!.eventType).toBe('seal.status_changed');
    expect(second.deliveries!.next).toBeNull();
    const back = await readWebhooks({ ctx: ctxOf(held.member), owner, input: { endpoint: endpointId, before: second.deliveries!.previous! } });
    expect(back.deliveries!.rows.map((row) => row.id)).toEqual(first.deliveries!.rows.map((row) => row.id));

    // Nonsense is dropped (the newest endpoint, its first page); an endpoint that is not this organization's reads as gone.
    const nonsense = await readWebhooks({ ctx: ctxOf(held.member), owner, input: { endpoint: 'not-an-id', after: '<script>' } });
    expect(nonsense.selected?.id).toBe(endpointId);
    expect(nonsense.deliveries!.rows[0]!.id).toBe(first.deliveries!.rows[0]!.id);
    const elsewhere = await createWebhookEndpoint({ ctx: ctxOf(other.owner), owner: { organizationId: other.organization.id }, input: hook('elsewhere') });
    for (const id of [elsewhere.endpoint.id, crypto.randomUUID()]) {
      const gone = await readWebhooks({ ctx: ctxOf(held.member), owner, input: { endpoint: id } });
      expect(gone).toMatchObject({ selected: null, missingEndpoint: true, deliveries: null });
    }
  });

  it('shows a relying party’s endpoints to the admins, read only once its key is revoked; other keys have none', async () => {
    const { key } = await createStaffApiKey({ ctx: ctxOf(admin), input: { kind: 'relying_party', name: 'Marketplace', scopes: ['public:read', 'webhooks:manage'] } });
    const owner = { apiKeyId: key.id };
    await createWebhookEndpoint({ ctx: ctxOf(admin), owner, input: { url: 'https://market.example/hooks', eventTypes: ['seal.status_changed'], sealIds: [held.seal.publicId] } });
    const view = await readWebhooks({ ctx: ctxOf(admin), owner, input: {} });
    expect(view).toMatchObject({ canManage: true, organizationName: null, key: { id: key.id, name: 'Marketplace', publicId: key.publicId, revokedAt: null } });
    expect(view.eventTypes).toEqual(['seal.status_changed', 'seal.issued', 'seal.renewed', 'seal.expired', 'log.checkpoint_published']);
    expect(view.endpoints[0]).toMatchObject({ url: 'https://market.example/hooks', sealIds: [held.seal.publicId], createdByName: 'Ada Admin' });
    expect(view.deliveries!.rows).toEqual([]);

    await expect(readWebhooks({ ctx: ctxOf(reviewer), owner, input: {} })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(readWebhooks({ ctx: ctxOf(admin), owner: { apiKeyId: crypto.randomUUID() }, input: {} })).rejects.toBeInstanceOf(NotFoundError);
    await expect(readWebhooks({ ctx: ctxOf(admin), owner: { apiKeyId: 'not-a-key' }, input: {} })).rejects.toBeInstanceOf(NotFoundError);
    const organizationKey = await createOrganizationApiKey({ ctx: ctxOf(held.owner), input: { organizationId: held.organization.id, name: 'Back office', scopes: ['webhooks:manage'] } });
    await expect(readWebhooks({ ctx: ctxOf(admin), owner: { apiKeyId: organizationKey.key.id }, input: {} })).rejects.toThrow('Only a relying party’s key has webhooks of its own');

    await revokeApiKey({ ctx: ctxOf(admin), input: { keyId: key.id } });
    const revoked = await readWebhooks({ ctx: ctxOf(admin), owner, input: {} });
    expect(revoked.canManage).toBe(false);
    expect(revoked.key!.revokedAt).not.toBeNull();
    expect(revoked.endpoints).toHaveLength(1);
  });
});
