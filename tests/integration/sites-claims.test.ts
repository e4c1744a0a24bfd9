import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, complaints, sites } from '@/db/schema';
import { createTestClock, type TestClock } from '@/lib/clock';
import { sitesClaimsLapseJob } from '@/lib/jobs/definitions/sites-claims-lapse';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { openCaseFromComplaint } from '@/lib/services/cases/open-case';
import { ConflictError, TooManyAttemptsError, ValidationError } from '@/lib/services/errors';
import { addSite } from '@/lib/services/sites/add-site';
import { verifySite } from '@/lib/services/sites/verify-site';
import { testDriver, type TestDatabase } from '../helpers/database';
import { startDnsServer, type TestDnsServer, type TestZone } from '../helpers/dns-server';
import { rejectionOf } from '../helpers/errors';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedOrganization } from '../helpers/portal-factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { file, notificationsOf, publicContext } from './complaints-fixtures';

const DAY = 24 * 60 * 60_000;
let database: TestDatabase;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
let dns: TestDnsServer;
let net: NetPolicy;
const zone: TestZone = {};

beforeAll(async () => {
  ({ database, reviewer } = await freshDatabaseWithProgram());
  dns = await startDnsServer(zone);
  net = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8'], dnsServers: [dns.server], timeoutMs: 2_000 };
});
afterAll(async () => {
  await Promise.all([database?.close(), dns?.close()]);
});

const uniqueDomain = (label: string) => `${label}-${crypto.randomBytes(3).toString('hex')}.example`;

async function organizationWithOwner(clock: TestClock, legalName?: string) {
  const owner = await seedUser(database.db);
  const organization = await seedOrganization(database.db, owner, [], legalName);
  return { owner, organization, ctx: { ...contextFor(database.db, actorOf(owner), clock), net } };
}
type Claimant = Awaited<ReturnType<typeof organizationWithOwner>>;

const claim = (who: Claimant, domain: string) => addSite({ ctx: who.ctx, input: { organizationId: who.organization.id, domain } });
const proveByDns = (who: Claimant, siteId: string) => verifySite({ ctx: who.ctx, input: { siteId, method: 'dns' } });
/** Publishes the TXT records of these claims, as whoever runs the domain would. */
const publish = (domain: string, ...tokens: string[]) => {
  zone[domain] = { TXT: tokens.map((token) => `openseal-verification=${token}`) };
};
const siteRow = async (id: string) => (await database.db.select().from(sites).where(eq(sites.id, id)))[0]!;

describe(`claims on a domain (${testDriver})`, () => {
  it('[APPLICANT] lets several organizations claim one domain; the first proof wins, ends the other claims and tells their members without naming the winner', async () => {
    const clock = createTestClock();
    const squatter = await organizationWithOwner(clock, 'Squatter Holdings');
    const other = await organizationWithOwner(clock, 'Bystander Ltd');
    const owner = await organizationWithOwner(clock, 'Rightful Owner GmbH');
    const domain = uniqueDomain('contested');

    const squatted = await claim(squatter, domain);
    const bystanding = await claim(other, domain);
    // The claim that came first blocks nobody.
    const real = await claim(owner, `https://www.${domain}/`);
    expect(new Set([squatted.domain, bystanding.domain, real.domain])).toEqual(new Set([domain]));

    publish(domain, real.verificationToken);
    expect(await proveByDns(owner, real.id)).toMatchObject({ verified: true, domain, endedClaims: 2 });

    for (const ended of [squatted, bystanding]) {
      expect(await siteRow(ended.id)).toMatchObject({ verifiedAt: null, endReason: 'proven_elsewhere', endedAt: new Date(clock.now()) });
      const [event] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, ended.id), eq(auditEvents.action, 'site.end-claim')));
      expect(event).toMatchObject({ actorId: owner.owner.id, after: expect.objectContaining({ endReason: 'proven_elsewhere', domain }) });
    }
    const [told] = await notificationsOf(database.db, squatter.owner.id);
    expect(told).toMatchObject({ kind: 'site.claim-ended', subject: `Your claim on ${domain} has ended`, link: `/portal/sites/${squatted.id}` });
    expect(told!.body).toContain(`Another organization proved ownership of ${domain}`);
    expect(told!.body).not.toContain('Rightful Owner');
    expect(await notificationsOf(database.db, owner.owner.id)).toEqual([]);

    // The losing claim cannot be proven any more, even with the record in place.
    publish(domain, real.verificationToken, squatted.verificationToken);
    const lost = await rejectionOf(proveByDns(squatter, squatted.id), ConflictError);
    expect(lost.message).toMatch(new RegExp(`^Another organization proved ownership of ${domain.replace(/\./g, '\\.')} on .*, which ended this claim\\. If the domain is yours or changed hands, contact the seal program\\.$`));

    // While the domain is proven, a new claim by anyone else is refused, without naming the holder.
    const latecomer = await organizationWithOwner(clock);
    const refused = await rejectionOf(claim(latecomer, domain), ConflictError);
    expect(refused.message).toBe(`${domain} is already proven by another organization, so it cannot be claimed. If the domain is yours or changed hands, contact the seal program: they can check and transfer it.`);
    expect(refused.message).not.toContain('Rightful Owner');
    const again = await rejectionOf(claim(owner, domain), ConflictError);
    expect(again.message).toBe(`${domain} is already one of your sites.`);
  });

  it('[APPLICANT] of two proofs at once, exactly one wins; the other is told the domain was proven elsewhere', async () => {
    const clock = createTestClock();
    const first = await organizationWithOwner(clock);
    const second = await organizationWithOwner(clock);
    const domain = uniqueDomain('race');
    const a = await claim(first, domain);
    const b = await claim(second, domain);
    publish(domain, a.verificationToken, b.verificationToken);

    const results = await Promise.allSettled([proveByDns(first, a.id), proveByDns(second, b.id)]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    expect((lost[0]!.reason as Error).message).toContain(`Another organization proved ownership of ${domain}`);
    const rows = await database.db.select().from(sites).where(inArray(sites.id, [a.id, b.id]));
    expect(rows.filter((row) => row.verifiedAt)).toHaveLength(1);
    expect(rows.filter((row) => row.endReason === 'proven_elsewhere')).toHaveLength(1);
  });

  it('[APPLICANT] an unproven claim lapses after 14 days: it cannot be proven, the organization may claim again, and the job marks it ended', async () => {
    const clock = createTestClock();
    const late = await organizationWithOwner(clock);
    const idle = await organizationWithOwner(clock);
    const domain = uniqueDomain('lapsing');
    const idleDomain = uniqueDomain('idle');
    const lapsing = await claim(late, domain);
    const idleClaim = await claim(idle, idleDomain);
    expect(lapsing.claimLapsesAt!.getTime()).toBe(clock.now() + 14 * DAY);

    await clock.tick(14 * DAY + 60_000);
    publish(domain, lapsing.verificationToken);
    const refused = await rejectionOf(proveByDns(late, lapsing.id), ConflictError);
    expect(refused.message).toMatch(new RegExp(`^This claim on ${domain.replace(/\./g, '\\.')} lapsed on \\d{1,2} \\w+ \\d{4} without a proof of ownership\\. Add the domain again to get a new claim and token\\.$`));
    expect((await siteRow(lapsing.id)).verifiedAt).toBeNull();

    // Claimed again: a new claim with a new token, which can be proven; the lapsed one is ended.
    const renewed = await claim(late, domain);
    expect(renewed.id).not.toBe(lapsing.id);
    expect(renewed.verificationToken).not.toBe(lapsing.verificationToken);
    expect(await siteRow(lapsing.id)).toMatchObject({ endReason: 'lapsed', endedAt: lapsing.claimLapsesAt });
    publish(domain, renewed.verificationToken);
    expect(await proveByDns(late, renewed.id)).toMatchObject({ verified: true });

    // The job ends the claims nobody came back to, dated at their lapse, as the system.
    await sitesClaimsLapseJob.handler({}, { db: database.db, clock });
    expect(await siteRow(idleClaim.id)).toMatchObject({ endReason: 'lapsed', endedAt: idleClaim.claimLapsesAt, verifiedAt: null });
    const [event] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, idleClaim.id), eq(auditEvents.action, 'site.end-claim')));
    expect(event).toMatchObject({ actorId: null, after: expect.objectContaining({ endReason: 'lapsed' }) });
  });
});

describe(`limits on claims (${testDriver})`, () => {
  it('[APPLICANT] refuses a 21st claim in a day for one organization, saying when to try again, and allows it a day later', async () => {
    const clock = createTestClock();
    const [owner, colleague, third] = [await seedUser(database.db), await seedUser(database.db), await seedUser(database.db)];
    const organization = await seedOrganization(database.db, owner, [colleague, third]);
    const as = (user: typeof owner) => ({ ...contextFor(database.db, actorOf(user), clock), net });
    // Ten each from two members (ten is one person's own limit), then a third member an hour later.
    for (let i = 0; i < 10; i++) await addSite({ ctx: as(owner), input: { organizationId: organization.id, domain: uniqueDomain(`bulk-${i}`) } });
    for (let i = 0; i < 10; i++) await addSite({ ctx: as(colleague), input: { organizationId: organization.id, domain: uniqueDomain(`more-${i}`) } });
    await clock.tick(60 * 60_000);
    const thirdCtx = as(third);
    const domain = uniqueDomain('one-too-many');
    const refused = await rejectionOf(addSite({ ctx: thirdCtx, input: { organizationId: organization.id, domain } }), TooManyAttemptsError);
    expect(refused.message).toBe('Your organization has claimed 20 domains in the last day; please wait 23 hours and add this one again.');
    expect(refused.retryAfterSeconds).toBe(23 * 60 * 60);

    await clock.tick(23 * 60 * 60_000);
    expect(await addSite({ ctx: thirdCtx, input: { organizationId: organization.id, domain } })).toMatchObject({ domain });
  });

  it('[APPLICANT] refuses an 11th claim in a day by one person, across organizations', async () => {
    const clock = createTestClock();
    const first = await organizationWithOwner(clock);
    const second = await seedOrganization(database.db, first.owner);
    for (let i = 0; i < 10; i++) await claim(first, uniqueDomain(`mine-${i}`));
    const refused = await rejectionOf(addSite({ ctx: first.ctx, input: { organizationId: second.id, domain: uniqueDomain('eleventh') } }), TooManyAttemptsError);
    expect(refused.message).toBe('You have claimed 10 domains in the last day; please wait 24 hours and add this one again.');
  });
});

describe(`complaints about a claimed domain (${testDriver})`, () => {
  it('[PUBLIC] a complaint about a domain that is only claimed reaches nobody: unattributed, no notice, no identity; once proven, the owner gets the next one', async () => {
    const clock = createTestClock();
    const squatter = await organizationWithOwner(clock, 'Squatter Holdings');
    const domain = uniqueDomain('squatted');
    await claim(squatter, domain);

    const filed = await file(publicContext(database.db, clock), { domain }, { shareIdentity: 'yes', complainantName: 'Carla Complainant' });
    const [stored] = await database.db.select().from(complaints).where(eq(complaints.id, filed.complaint.id));
    expect(stored!.organizationId).toBeNull();
    expect(await notificationsOf(database.db, squatter.owner.id)).toEqual([]);
    // No case, so no notice and no complainant's name can ever reach the squatter through it.
    const noCase = await rejectionOf(openCaseFromComplaint({ ctx: contextFor(database.db, actorOf(reviewer), clock), input: { complaintRef: filed.complaint.reference } }), ValidationError);
    expect(noCase.message).toContain('names no organization we know (no site with a proven owner and no seal)');

    const owner = await organizationWithOwner(clock);
    const real = await claim(owner, domain);
    publish(domain, real.verificationToken);
    await proveByDns(owner, real.id);
    const next = await file(publicContext(database.db, clock), { domain });
    const [attributed] = await database.db.select().from(complaints).where(eq(complaints.id, next.complaint.id));
    expect(attributed!.organizationId).toBe(owner.organization.id);
  });
});
