import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNotNull } from 'drizzle-orm';
import { badgeSightings, complaints } from '@/db/schema';
import { createTestClock, type TestClock } from '@/lib/clock';
import { complaintsMonitorSightingsJob } from '@/lib/jobs/definitions/complaints-monitor-sightings';
import { listBadgeSightings } from '@/lib/review/badge-sightings';
import { testDriver, type TestDatabase } from '../helpers/database';
import { seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedOrganization, seedSite } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { homePage, scriptSnippet, startHostSites, type HostSites } from './complaints-monitor-fixtures';
import { startFastPathServer } from './public-status-fixtures';

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
let sites: HostSites;
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram());
  sites = await startHostSites();
});
afterAll(async () => {
  await sites?.close();
  await database?.close();
});

const HOUR = 60 * 60 * 1000;
const runJob = (clock: TestClock) => complaintsMonitorSightingsJob.handler({}, { db: database.db, clock, net: sites.net });
const complaintsOf = (sealId: string) => database.db.select().from(complaints).where(eq(complaints.sealId, sealId));
const checkedRows = async (sealId: string) => (await database.db.select().from(badgeSightings).where(and(eq(badgeSightings.sealId, sealId), isNotNull(badgeSightings.checkedAt)))).length;

describe(`forged sightings do not become complaints (${testDriver})`, () => {
  it('files no complaint for 1,000 forged requests from hosts whose pages do not carry the badge, and one for the host that does', async () => {
    const clock = createTestClock(new Date('2026-08-03T09:00:00Z'));
    const { seal } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    // The organizations an attacker would like to see accused: registered sites, serving their own pages.
    const victims = [];
    for (let index = 0; index < 3; index++) {
      const organization = await seedOrganization(database.db, await seedUser(database.db));
      victims.push((await seedSite(database.db, organization.id)).domain);
    }
    sites.serve(victims[0]!, homePage(`<p>We are certified: ${seal.publicId}</p><a href="https://seal.example.org/verify/${seal.publicId}">see for yourself</a>`));
    sites.serve(victims[1]!, homePage(`<pre>&lt;script src="https://seal.example.org/embed/v1/seal.js" data-seal-id="${seal.publicId}"&gt;&lt;/script&gt;</pre>`));
    sites.serve(victims[2]!, homePage(scriptSnippet('OS-2222-2222')));
    const copier = `copier-${seal.publicId.toLowerCase()}.example`;
    sites.serve(copier, homePage(`<a href="https://seal.example.org/verify/${seal.publicId}"><img src="https://seal.example.org/api/v1/seals/${seal.publicId}/badge.svg" alt="seal"></a>`));
    // 46 more made-up names nobody serves (not in DNS), and the three victims, and the real copy:
    // 50 hosts, 20 forged requests each, through the real fast path.
    const hosts = [...victims, copier, ...Array.from({ length: 46 }, (_, index) => `forged-${index}-${seal.publicId.toLowerCase()}.example`)];
    const server = await startFastPathServer(database, { clock });
    try {
      for (let round = 0; round < 20; round++) {
        const responses = await Promise.all(hosts.map((host) => server.fetch(`/api/v1/seals/${seal.publicId}/status`, { headers: { Origin: `https://${host}` } })));
        for (const response of responses) expect(response.status).toBe(200);
      }
      await server.fastPath.service.sightings.flush();
    } finally {
      await server.close();
    }
    expect((await listBadgeSightings(database.db, seal.id)).totalHosts).toBe(50);

    // At most 20 hosts a run: three runs to look at all 50.
    await runJob(clock);
    const checkedByFirstRun = await checkedRows(seal.id);
    await runJob(clock);
    await runJob(clock);

    const filed = await complaintsOf(seal.id);
    expect(filed.map((complaint) => complaint.monitorHost)).toEqual([copier]);
    expect(checkedByFirstRun).toBe(20);
    expect(await checkedRows(seal.id)).toBe(50);
    expect(filed[0]!.description).toContain(`The badge monitor found it on ${sites.homeUrl(copier)} at 2026-08-03T09:00:00.000Z: <a href="https://seal.example.org/verify/${seal.publicId}"><img src=`);

    const { rows } = await listBadgeSightings(database.db, seal.id);
    const byHost = new Map(rows.map((row) => [row.host, row]));
    expect(byHost.get(copier)).toMatchObject({ check: { state: 'confirmed', url: sites.homeUrl(copier), confirmedAt: new Date('2026-08-03T09:00:00Z') }, complaintReference: filed[0]!.reference });
    for (const victim of victims) {
      expect(byHost.get(victim)).toMatchObject({ check: { state: 'unconfirmed', checkedAt: new Date('2026-08-03T09:00:00Z') }, complaintReference: null });
      expect(byHost.get(victim)!.check).toMatchObject({ problem: expect.stringContaining(`the page at ${sites.homeUrl(victim)} does not carry the badge for ${seal.publicId}`) });
    }
    const forged = byHost.get(hosts[10]!)!;
    expect(forged.check).toEqual({
      state: 'unconfirmed',
      checkedAt: new Date('2026-08-03T09:00:00Z'),
      problem: `https://${hosts[10]}:${sites.net.sitePorts.https}/ could not be read: ${hosts[10]} was not found in DNS; http://${hosts[10]}:${sites.net.sitePorts.http}/ could not be read: ${hosts[10]} was not found in DNS`,
    });
  });

  it('looks at a host at most once a day however many forged requests arrive, and files the complaint once the badge is really there', async () => {
    const clock = createTestClock(new Date('2026-08-10T09:00:00Z'));
    const { seal } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    const host = `later-copy-${seal.publicId.toLowerCase()}.example`;
    sites.serve(host, homePage('<p>Nothing here yet</p>'));
    const server = await startFastPathServer(database, { clock });
    const forge = async () => {
      for (let index = 0; index < 25; index++) await server.fetch(`/api/v1/seals/${seal.publicId}/badge.svg`, { headers: { Referer: `https://${host}/checkout` } });
      await server.fastPath.service.sightings.flush();
    };
    const fetches = () => sites.fetchedHosts().filter((fetched) => fetched === host).length;
    try {
      await forge();
      await runJob(clock);
      expect(fetches()).toBe(1);
      sites.serve(host, homePage(scriptSnippet(seal.publicId)));

      // More forged requests and a run every ten minutes for most of a day: no second look.
      for (let run = 0; run < 6; run++) {
        await forge();
        await clock.setTime(clock.now() + 3 * HOUR);
        await runJob(clock);
      }
      expect(fetches()).toBe(1);
      expect(await complaintsOf(seal.id)).toEqual([]);

      await clock.setTime(new Date('2026-08-11T09:00:01Z'));
      await runJob(clock);
      expect(fetches()).toBe(2);
      expect((await complaintsOf(seal.id)).map((complaint) => complaint.monitorHost)).toEqual([host]);
      await clock.setTime(new Date('2026-08-13T09:00:00Z'));
      await runJob(clock);
      expect(fetches()).toBe(2); // confirmed and complained about: never fetched again
    } finally {
      await server.close();
    }
  });
});
