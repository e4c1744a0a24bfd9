import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, badgeSightings, complaints, notifications } from '@/db/schema';
import { createTestClock, type TestClock } from '@/lib/clock';
import { complaintsMonitorSightingsJob } from '@/lib/jobs/definitions/complaints-monitor-sightings';
import { createBadgeSightings, type BadgeSightings } from '@/lib/public-status/badge-sightings';
import { openMonitorComplaints } from '@/lib/services/complaints/open-monitor-complaints';
import { testDriver, type TestDatabase } from '../helpers/database';
import { seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedOrganization, seedSite } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { homePage, scriptSnippet, scriptTag, startHostSites, type HostSites } from './complaints-monitor-fixtures';

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
let sites: HostSites;
const started: BadgeSightings[] = [];
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram());
  sites = await startHostSites();
});
afterAll(async () => {
  for (const sightings of started) await sightings.stop();
  await sites?.close();
  await database?.close();
});

const HOUR = 60 * 60 * 1000;

/** The fast path's real counter, on the test's clock; flushed by hand. */
function counter(clock: TestClock) {
  const sightings = createBadgeSightings({ db: database.db, clock, flushIntervalMs: 1000 * HOUR, log: { warn: () => {}, error: () => {} } });
  started.push(sightings);
  return sightings;
}

async function complaintsOf(sealId: string) {
  return database.db.select().from(complaints).where(eq(complaints.sealId, sealId));
}

/** Runs the scheduled job's handler as the runner would, on the given clock. */
const runJob = (clock: TestClock) => complaintsMonitorSightingsJob.handler({}, { db: database.db, clock, net: sites.net });

describe(`copied badges become complaints (${testDriver})`, () => {
  it('opens one automated complaint, with the page it found the badge on, for a host still showing the seal a day later, and none for a passing look', async () => {
    const clock = createTestClock(new Date('2026-07-01T10:00:00Z'));
    const { seal, organization } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    sites.serve('fraudshop.example', homePage(`<p>Trusted shop</p>${scriptSnippet(seal.publicId)}`));
    const sightings = counter(clock);
    sightings.record(seal.publicId, 'fraudshop.example');
    sightings.record(seal.publicId, 'preview.agency.example');
    await sightings.flush();
    await runJob(clock);
    expect(await complaintsOf(seal.id)).toEqual([]); // seen once: not yet "keeps showing"

    await clock.setTime(new Date('2026-07-02T10:30:00Z'));
    sightings.record(seal.publicId, 'fraudshop.example');
    await sightings.flush();
    await runJob(clock);
    const [complaint, ...others] = await complaintsOf(seal.id);
    expect(others).toEqual([]);
    expect(complaint).toMatchObject({ source: 'monitor', category: 'seal_misuse', status: 'new', domain: 'fraudshop.example', monitorHost: 'fraudshop.example', organizationId: null, complainantEmail: null, occurredOn: '2026-07-01', fastTrack: false });
    expect(complaint!.description).toContain(`The badge of seal ${seal.publicId}, held by ${organization.legalName}, was shown on pages of fraudshop.example`);
    // The evidence: where and when the monitor found the copy, and what it found.
    expect(complaint!.description).toContain(`The badge monitor found it on ${sites.homeUrl('fraudshop.example')} at 2026-07-02T10:30:00.000Z: ${scriptTag(seal.publicId)}`);
    const [sighting] = await database.db.select().from(badgeSightings).where(and(eq(badgeSightings.sealId, seal.id), eq(badgeSightings.host, 'fraudshop.example')));
    expect(sighting).toMatchObject({ confirmedAt: new Date('2026-07-02T10:30:00Z'), confirmedUrl: sites.homeUrl('fraudshop.example'), confirmedSnippet: scriptTag(seal.publicId), checkProblem: null });
    expect(complaint!.createdAt).toEqual(new Date('2026-07-02T10:30:00Z'));

    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'complaint'), eq(auditEvents.entityId, complaint!.id)));
    expect(audit).toMatchObject({ action: 'complaint.open-automated', actorId: null });
    // Not on the fast track: reviewers learn of it from the triage count and the daily digest (ADR 0019), not one by one.
    const told = await database.db.select().from(notifications).where(and(eq(notifications.recipientId, reviewer.id), eq(notifications.link, `/review/complaints/${complaint!.reference}`)));
    expect(told).toEqual([]);
  });

  it('opens a complaint once a host that carries the badge has shown it to 20 requests, even within an hour', async () => {
    const clock = createTestClock(new Date('2026-07-10T10:00:00Z'));
    const { seal } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    sites.serve('busy-copy.example', homePage(scriptSnippet(seal.publicId)));
    const sightings = counter(clock);
    for (let index = 0; index < 19; index++) sightings.record(seal.publicId, 'busy-copy.example');
    await sightings.flush();
    await runJob(clock);
    expect(await complaintsOf(seal.id)).toEqual([]);
    sightings.record(seal.publicId, 'busy-copy.example');
    await sightings.flush();
    await runJob(clock);
    expect((await complaintsOf(seal.id)).map((row) => row.monitorHost)).toEqual(['busy-copy.example']);
  });

  it('opens one complaint per seal and host however often it runs, also when two instances run at once', async () => {
    const clock = createTestClock(new Date('2026-07-20T10:00:00Z'));
    const { seal } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    for (const host of ['copy-one.example', 'copy-two.example', 'www.copy-one.example']) sites.serve(host, homePage(scriptSnippet(seal.publicId)));
    const sightings = counter(clock);
    for (const host of ['copy-one.example', 'copy-two.example', 'www.copy-one.example']) for (let index = 0; index < 25; index++) sightings.record(seal.publicId, host);
    await sightings.flush();
    const run = () => openMonitorComplaints(database.db, { now: new Date(clock.now()), net: sites.net });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.length + b.length).toBe(3);
    await runJob(clock);
    for (let index = 0; index < 50; index++) sightings.record(seal.publicId, 'copy-one.example');
    await sightings.flush();
    await clock.setTime(clock.now() + 48 * HOUR);
    await runJob(clock);
    expect((await complaintsOf(seal.id)).map((row) => row.monitorHost).sort()).toEqual(['copy-one.example', 'copy-two.example', 'www.copy-one.example']);
  });

  it('names the organization that registered the copying host, and skips hosts the seal covers', async () => {
    const clock = createTestClock(new Date('2026-07-25T10:00:00Z'));
    const { seal, site } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    const copier = await seedOrganization(database.db, await seedUser(database.db));
    const copierSite = await seedSite(database.db, copier.id);
    sites.serve(copierSite.domain, homePage(scriptSnippet(seal.publicId)));
    sites.serve(`www.${site.domain}`, homePage(scriptSnippet(seal.publicId)));
    const sightings = counter(clock);
    for (let index = 0; index < 20; index++) {
      sightings.record(seal.publicId, copierSite.domain);
      // The fast path never records covered hosts; were one ever written, it is still no misuse.
      sightings.record(seal.publicId, `www.${site.domain}`);
    }
    await sightings.flush();
    await runJob(clock);
    expect((await complaintsOf(seal.id)).map((row) => [row.monitorHost, row.organizationId])).toEqual([[copierSite.domain, copier.id]]);
  });
});
