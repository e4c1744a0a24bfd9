import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookEvents } from '@/db/schema';
import type { Database } from '@/db/client';
import { createTestClock } from '@/lib/clock';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { createWebhookEndpoint } from '@/lib/services/webhooks/manage-endpoints';
import { fanOutWebhookEvents } from '@/lib/webhooks/fan-out';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, TEST_SECRET_BOX } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * The fan-out's shortcut for an installation without subscribers (ADR 0027): with no endpoint
 * anywhere, every waiting event is marked done in one statement — but never one recorded once the
 * first endpoint exists, even when both commit in the instant after the round looked for endpoints.
 */

let database: TestDatabase;
let reviewer: Awaited<ReturnType<typeof freshDatabaseWithProgram>>['reviewer'];
let held: Awaited<ReturnType<typeof seedIssuedSeal>>;
const T0 = new Date('2026-07-01T10:00:00Z');

beforeAll(async () => {
  const start = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' });
  database = start.database;
  reviewer = start.reviewer;
  held = await seedIssuedSeal(database.db, { programId: start.programId, reviewerId: reviewer.id, issuedAt: new Date(T0.getTime() - 86_400_000) });
});
afterAll(async () => {
  await database?.close();
});

const waiting = () => database.db.select({ id: webhookEvents.id, type: webhookEvents.type }).from(webhookEvents).where(isNull(webhookEvents.fannedOutAt));

describe(`the webhook fan-out with no endpoint anywhere (${testDriver})`, () => {
  it('marks every waiting event done at once, delivering nothing', async () => {
    expect((await waiting()).map((event) => event.type)).toContain('seal.issued');
    expect(await fanOutWebhookEvents(database.db, { jobs: null, now: T0 })).toBe(0);
    expect(await waiting()).toEqual([]);
    expect(await database.db.select().from(webhookDeliveries)).toEqual([]);
  });

  it('[OWNER] an event recorded with the first endpoint, after the round found none, is delivered by the next round, not marked done', async () => {
    let endpointId = '';
    // What another transaction commits between the round's check and its update: on PostgreSQL
    // from another connection, committed at once; PGlite has one session, so inside the round's.
    const meanwhile = async (tx: Database) => {
      const db = testDriver === 'postgres' ? database.db : tx;
      const clock = createTestClock(T0);
      const created = await createWebhookEndpoint({
        ctx: { ...contextFor(db, actorOf(held.owner), clock), secrets: TEST_SECRET_BOX },
        owner: { organizationId: held.organization.id },
        input: { url: 'https://shop.example/openseal-events', eventTypes: ['seal.status_changed'] },
      });
      endpointId = created.endpoint.id;
      await suspendSeal({ ctx: contextFor(db, actorOf(reviewer), clock), input: { sealId: held.seal.publicId, reason: 'Customer list offered for sale.', reinstatementRequirements: 'Withdraw the sale.' } });
    };
    expect(await fanOutWebhookEvents(database.db, { jobs: null, now: T0, afterEndpointCheck: meanwhile })).toBe(0);
    const [late] = await waiting();
    expect(late?.type).toBe('seal.status_changed');

    expect(await fanOutWebhookEvents(database.db, { jobs: null, now: T0 })).toBe(1);
    const deliveries = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, late!.id));
    expect(deliveries).toMatchObject([{ endpointId, status: 'pending' }]);
    expect(await waiting()).toEqual([]);
  });
});
