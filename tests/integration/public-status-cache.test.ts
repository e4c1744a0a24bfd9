import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { applications } from '@/db/schema';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { createTestClock } from '@/lib/clock';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import { createStatusCache } from '@/lib/public-status/status-cache';
import { renderBadgeSvg } from '@/lib/badge/badge-svg';
import { issueSeal } from '@/lib/services/seals/issue-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram, seedOrganization, seedSite } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { notificationsDelivered, startFastPathServer, type FastPathServer } from './public-status-fixtures';

let database: TestDatabase;
let server: FastPathServer;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewer = await seedUser(database.db, { role: 'reviewer' });
  server = await startFastPathServer(database);
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const issuedSeal = () => seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(server.clock.now() - 60_000) });
const asReviewer = () => contextFor(database.db, actorOf(reviewer), server.clock);
const suspension = { reason: 'A complaint about the sale of customer data is under investigation.', reinstatementRequirements: 'Confirm in writing that no data is sold.' };

async function statusOf(target: FastPathServer, publicId: string) {
  const response = await target.fetch(`/api/v1/seals/${publicId}/status`);
  return (await response.json()) as { status: string; reason: string | null; statusChangedAt: string };
}

/**
 * A change reaches the cache as a notification after its commit: in the same process on PGlite
 * (there before the transaction's promise resolves), over the network on PostgreSQL.
 */
async function expectStatus(target: FastPathServer, publicId: string, status: string) {
  if (testDriver === 'pglite') expect((await statusOf(target, publicId)).status).toBe(status);
  else await expect.poll(async () => (await statusOf(target, publicId)).status, { timeout: 10_000, interval: 20 }).toBe(status);
}

describe(`the status cache (${testDriver})`, () => {
  it('answers a repeated request without a database query, and concurrent first requests with one', async () => {
    const { seal } = await issuedSeal();
    await notificationsDelivered(database, server); // the issue's own notice must not drop what is counted
    const before = server.fastPath.service.cache.stats().loads;
    const answers = await Promise.all(Array.from({ length: 20 }, () => statusOf(server, seal.publicId)));
    expect(answers.every((answer) => answer.status === 'active')).toBe(true);
    expect(server.fastPath.service.cache.stats().loads).toBe(before + 1);
    await statusOf(server, seal.publicId);
    await server.fetch(`/api/v1/seals/${seal.publicId}/badge.svg`);
    await server.fetch(`/api/v1/seals/${seal.publicId}/status.jws`);
    expect(server.fastPath.service.cache.stats().loads).toBe(before + 1);
  });

  it('shows a suspension through the real verb on the next request, and the reinstatement after it', async () => {
    const { seal } = await issuedSeal();
    expect((await statusOf(server, seal.publicId)).status).toBe('active'); // now cached
    await suspendSeal({ ctx: asReviewer(), input: { sealId: seal.publicId, ...suspension } });
    await expectStatus(server, seal.publicId, 'suspended');
    expect((await statusOf(server, seal.publicId)).reason).toBe(suspension.reason);
    const byDomain = await (await server.fetch(`/api/v1/seals?domain=${(await domainOf(seal.publicId))}`)).json();
    expect(byDomain.seals[0].status).toBe('suspended');

    await reinstateSeal({ ctx: asReviewer(), input: { sealId: seal.publicId } });
    await expectStatus(server, seal.publicId, 'active');
  });

  it('remembers unknown ids (a bounded number), and forgets one the moment a seal is issued under it', async () => {
    const cache = createStatusCache({ handle: database, negativeLimit: 2, log: () => {} });
    try {
      await cache.ready;
      const ids = ['OS-2222-2222', 'OS-2222-2223', 'OS-2222-2224'];
      for (const id of ids) expect(await cache.get(id)).toBeNull();
      expect(cache.stats().loads).toBe(3);
      expect(await cache.get('OS-2222-2224')).toBeNull();
      expect(await cache.get('not-an-id')).toBeNull(); // never reaches the database
      expect(cache.stats().loads).toBe(3);
      expect(await cache.get('OS-2222-2222')).toBeNull(); // evicted: only two are kept
      expect(cache.stats().loads).toBe(4);

      // A domain nobody certified is remembered as such, until a seal is issued for it.
      const domain = `later-${crypto.randomBytes(4).toString('hex')}.example`;
      expect(await cache.forDomain(domain)).toEqual([]);
      const seal = await issueSealFor(domain);
      await expect.poll(async () => (await cache.forDomain(domain)).map((record) => record.sealId), { timeout: 10_000, interval: 20 }).toEqual([seal.publicId]);
    } finally {
      await cache.close();
    }
  });

  it('reads expired the moment expiresAt passes, with no notification and no database query, and never lets a cache keep active past it', async () => {
    const clock = createTestClock();
    const own = await startFastPathServer(database, { clock });
    try {
      const { seal, organization } = await issuedSeal();
      // The issue's notification, late on a loaded machine, would otherwise drop the entry the
      // first read caches and cost a second load (notificationsDelivered says why).
      await notificationsDelivered(database, own);
      await clock.setTime(seal.expiresAt.getTime() - 90_000);
      const first = await own.fetch(`/api/v1/seals/${seal.publicId}/status`);
      expect((await first.json()).status).toBe('active');
      expect(first.headers.get('cache-control')).toBe('public, max-age=60');
      const loads = own.fastPath.service.cache.stats().loads;

      await clock.setTime(seal.expiresAt.getTime() - 30_500);
      const late = await own.fetch(`/api/v1/seals/${seal.publicId}/status`);
      expect((await late.json()).status).toBe('active');
      expect(late.headers.get('cache-control')).toBe('public, max-age=30');
      expect(late.headers.get('etag')).toBe(first.headers.get('etag'));

      await clock.setTime(seal.expiresAt.getTime());
      const expired = await own.fetch(`/api/v1/seals/${seal.publicId}/status`);
      const document = await expired.json();
      expect(document).toMatchObject({ status: 'expired', statusChangedAt: seal.expiresAt.toISOString(), reason: null });
      expect(expired.headers.get('etag'), 'a client holding the active document gets the new one').not.toBe(first.headers.get('etag'));
      const svg = await own.fetch(`/api/v1/seals/${seal.publicId}/badge.svg`);
      expect(await svg.text()).toBe(renderBadgeSvg({ state: 'expired', sealId: seal.publicId, holderName: organization.legalName }));
      expect(own.fastPath.service.cache.stats().loads, 'served from the cache').toBe(loads);
    } finally {
      await own.close();
    }
  });
});

describe.skipIf(testDriver === 'pglite')('two instances on one PostgreSQL database (skipped on PGlite: the embedded database is one process)', () => {
  it('a suspension made through instance A is served by instance B, and B still hears changes after its LISTEN connection is cut', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${database.name}`;
    const other: DatabaseHandle = await openDatabase({ url: url.toString() });
    const instanceB = await startFastPathServer(other);
    try {
      const { seal } = await issuedSeal();
      expect((await statusOf(instanceB, seal.publicId)).status).toBe('active'); // cached on B
      expect((await statusOf(server, seal.publicId)).status).toBe('active'); // and on A
      await suspendSeal({ ctx: asReviewer(), input: { sealId: seal.publicId, ...suspension } });
      await expectStatus(instanceB, seal.publicId, 'suspended');

      // Cut B's listener: B serves from the database until it listens again, then drops its cache.
      await other.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%' and pid <> pg_backend_pid()`);
      await reinstateSeal({ ctx: asReviewer(), input: { sealId: seal.publicId } });
      await expectStatus(instanceB, seal.publicId, 'active');
      await expect.poll(() => instanceB.fastPath.service.cache.stats().listening, { timeout: 10_000 }).toBe(true);
      await suspendSeal({ ctx: asReviewer(), input: { sealId: seal.publicId, ...suspension } });
      await expectStatus(instanceB, seal.publicId, 'suspended');
    } finally {
      await instanceB.close();
      await other.close();
    }
  });
});

async function domainOf(publicId: string): Promise<string> {
  const { rows } = (await database.db.execute(sql`select d.domain from seal_domains d join seals s on s.id = d.seal_id where s.public_id = ${publicId}`)) as unknown as { rows: Array<{ domain: string }> };
  return rows[0]!.domain;
}

/** A seal issued through issueSeal for a site on `domain`, as the approve verb does. */
async function issueSealFor(domain: string) {
  const owner = await seedUser(database.db);
  const organization = await seedOrganization(database.db, owner);
  const site = await seedSite(database.db, organization.id, { domain });
  const version = await getCurrentCriteriaVersion(database.db, programId);
  const [application] = await database.db
    .insert(applications)
    .values({ organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, status: 'approved', createdById: owner.id, decidedAt: new Date() })
    .returning();
  return database.db.transaction((tx) => issueSeal(tx, { application: application!, actorId: reviewer.id, now: new Date() }));
}
