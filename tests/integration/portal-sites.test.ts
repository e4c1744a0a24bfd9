import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, sites } from '@/db/schema';
import { addSite } from '@/lib/services/sites/add-site';
import { verifySite } from '@/lib/services/sites/verify-site';
import { ConflictError, ValidationError } from '@/lib/services/errors';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';
import { seedOrganization } from '../helpers/portal-factories';
import { startDnsServer, type TestDnsServer, type TestZone } from '../helpers/dns-server';
import { startHttpsServer, unusedPort, type TestHttpServer } from '../helpers/http-server';
import { createTestCertificateAuthority } from '../helpers/test-tls';

let database: TestDatabase;
let dns: TestDnsServer;
let web: TestHttpServer;
let net: NetPolicy;
const zone: TestZone = {};
/** What the loopback web server answers for each Host: the home page and the well-known file. */
const pages = new Map<string, { home?: string; file?: string }>();

beforeAll(async () => {
  database = await freshDatabase();
  dns = await startDnsServer(zone);
  const authority = createTestCertificateAuthority();
  web = await startHttpsServer((request, response) => {
    const host = (request.headers.host ?? '').split(':')[0]!;
    const page = pages.get(host);
    const body = request.url === '/' ? page?.home : request.url === '/.well-known/openseal-verification.txt' ? page?.file : undefined;
    if (body === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': request.url === '/' ? 'text/html' : 'text/plain' }).end(body);
  }, authority);
  net = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8'], extraCa: [authority.certificatePem], dnsServers: [dns.server], timeoutMs: 2_000, sitePorts: { http: await unusedPort(), https: web.port } };
});
afterAll(async () => {
  await Promise.all([database?.close(), dns?.close(), web?.close()]);
});

async function orgWithOwner() {
  const owner = await seedUser(database.db);
  const organization = await seedOrganization(database.db, owner);
  return { owner, organization, ctx: { ...contextFor(database.db, actorOf(owner)), net } };
}

describe(`sites (${testDriver})`, () => {
  it('normalises the domain typed and says what is wrong with a bad one', async () => {
    const { organization, ctx } = await orgWithOwner();
    const site = await addSite({ ctx, input: { organizationId: organization.id, domain: 'https://WWW.Bücher-Laden.example:443/privacy' } });
    expect(site.domain).toBe(new URL('http://bücher-laden.example').hostname);
    expect(site.domain).toMatch(/^xn--/);
    const bad = await rejectionOf(addSite({ ctx, input: { organizationId: organization.id, domain: '10.0.0.1' } }), ValidationError);
    expect(bad.fieldErrors.domain).toEqual(['Enter a domain name, not an IP address.']);
  });

  it('lets an organization claim a domain once while its claim lives', async () => {
    const first = await orgWithOwner();
    await addSite({ ctx: first.ctx, input: { organizationId: first.organization.id, domain: 'taken.example' } });
    const again = await rejectionOf(addSite({ ctx: first.ctx, input: { organizationId: first.organization.id, domain: 'TAKEN.example' } }), ConflictError);
    expect(again.message).toBe('taken.example is already one of your sites; prove its ownership on its page.');
  });

  it('proves ownership with a DNS TXT record, telling first why the check failed', async () => {
    const { organization, ctx } = await orgWithOwner();
    const site = await addSite({ ctx, input: { organizationId: organization.id, domain: 'dns-proof.example' } });
    zone['dns-proof.example'] = { TXT: ['v=spf1 -all'] };
    const failed = await verifySite({ ctx, input: { siteId: site.id, method: 'dns' } });
    expect(failed).toEqual({ verified: false, problem: expect.stringContaining('none carries this token') });
    const [afterFailure] = await database.db.select().from(sites).where(eq(sites.id, site.id));
    expect(afterFailure?.verifiedAt).toBeNull();
    expect(afterFailure?.lastCheckProblem).toContain('none carries this token');

    zone['dns-proof.example'] = { TXT: ['v=spf1 -all', `openseal-verification=${site.verificationToken}`] };
    const foundAt = `Found the TXT record openseal-verification=${site.verificationToken} on dns-proof.example.`;
    expect(await verifySite({ ctx, input: { siteId: site.id, method: 'dns' } })).toEqual({ verified: true, domain: 'dns-proof.example', foundAt, endedClaims: 0 });
    const [verified] = await database.db.select().from(sites).where(eq(sites.id, site.id));
    expect(verified).toMatchObject({ verifiedBy: 'dns', lastCheckProblem: null, proofFoundAt: foundAt });
    const actions = (await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, site.id))).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['site.add', 'site.verify']));
    await rejectionOf(verifySite({ ctx, input: { siteId: site.id, method: 'dns' } }), ConflictError);
  });

  it('proves ownership with the meta tag or the well-known file served by the site', async () => {
    const { organization, ctx } = await orgWithOwner();
    const metaSite = await addSite({ ctx, input: { organizationId: organization.id, domain: 'meta-proof.example' } });
    const fileSite = await addSite({ ctx, input: { organizationId: organization.id, domain: 'file-proof.example' } });
    zone['meta-proof.example'] = { A: ['127.0.0.1'] };
    zone['file-proof.example'] = { A: ['127.0.0.1'] };

    pages.set('meta-proof.example', { home: '<html><head><title>Shop</title></head><body>Hello</body></html>' });
    const noTag = await verifySite({ ctx, input: { siteId: metaSite.id, method: 'meta' } });
    expect(noTag.verified).toBe(false);
    pages.set('meta-proof.example', { home: `<html><head><META CONTENT='${metaSite.verificationToken}' NAME="openseal-verification"></head></html>` });
    expect(await verifySite({ ctx, input: { siteId: metaSite.id, method: 'meta' } })).toMatchObject({ verified: true, foundAt: `Found the meta tag on https://meta-proof.example:${web.port}/.` });
    const verifyEvent = (await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, metaSite.id))).find((event) => event.action === 'site.verify');
    expect(verifyEvent?.after).toMatchObject({ method: 'meta', foundAt: `Found the meta tag on https://meta-proof.example:${web.port}/.` });

    const missing = await verifySite({ ctx, input: { siteId: fileSite.id, method: 'file' } });
    expect(missing).toEqual({ verified: false, problem: expect.stringContaining('404') });
    pages.set('file-proof.example', { file: `${fileSite.verificationToken}\n` });
    expect(await verifySite({ ctx, input: { siteId: fileSite.id, method: 'file' } })).toMatchObject({ verified: true });
  });

  it('refuses to check a site that resolves to a private address when the allow-list does not permit it', async () => {
    const { organization, ctx } = await orgWithOwner();
    const site = await addSite({ ctx, input: { organizationId: organization.id, domain: 'inside.example' } });
    zone['inside.example'] = { A: ['127.0.0.1'] };
    pages.set('inside.example', { home: `<meta name="openseal-verification" content="${site.verificationToken}">` });
    const refused = await verifySite({ ctx: { ...ctx, net: { ...net, allow: [] } }, input: { siteId: site.id, method: 'meta' } });
    expect(refused.verified).toBe(false);
    expect(refused.verified === false && refused.problem).toMatch(/127\.0\.0\.1/);
  });
});
