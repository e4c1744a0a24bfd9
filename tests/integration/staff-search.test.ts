import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { conflictDeclarations, memberships, organizations, sealDomains, sites } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { openCaseFromComplaint } from '@/lib/services/cases/open-case';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { SEARCH_LIMIT, searchRecords, type SearchResult } from '@/lib/services/search/search-records';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedOrganization, seedSite } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { rejectionOf } from '../helpers/errors';
import { file, publicContext, uniqueEmail } from './complaints-fixtures';

type User = Awaited<ReturnType<typeof seedUser>>;

let database: TestDatabase;
let programId: string;
let rita: User;
let admin: User;

beforeAll(async () => {
  const start = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' });
  database = start.database;
  programId = start.programId;
  rita = start.reviewer;
  admin = await seedUser(database.db, { role: 'admin' });
});

afterAll(async () => {
  await database?.close();
});

const tag = () => crypto.randomBytes(4).toString('hex');
const search = (as: User | null, q: unknown) => searchRecords({ ctx: contextFor(database.db, as ? actorOf(as) : null), input: { q } });
const referencesOf = (result: SearchResult) => ({
  seals: result.seals.hits.map((hit) => hit.publicId),
  complaints: result.complaints.hits.map((hit) => hit.reference),
  cases: result.cases.hits.map((hit) => hit.reference),
});

/**
 * A sealed organization named `Name <tag> Holdings` on `shop-<tag>.example`, with a public complaint
 * about its seal (from `complainantEmail`) that Rita opened a case from.
 */
async function sealedShop() {
  const label = tag();
  const issued = await seedIssuedSeal(database.db, { programId, reviewerId: rita.id });
  const domain = `shop-${label}.example`;
  await database.db.update(organizations).set({ legalName: `Name ${label} Holdings` }).where(eq(organizations.id, issued.organization.id));
  // The seal's own domain as issued is the site's: rename both, as if the site had been registered so.
  await database.db.update(sites).set({ domain }).where(eq(sites.id, issued.site.id));
  await database.db.update(sealDomains).set({ domain }).where(eq(sealDomains.sealId, issued.seal.id));
  const complainantEmail = uniqueEmail('carla');
  const filed = await file(publicContext(database.db, createTestClock()), { sealId: issued.seal.publicId }, { complainantEmail });
  const caseRow = await openCaseFromComplaint({ ctx: contextFor(database.db, actorOf(rita)), input: { complaintRef: filed.complaint.reference } });
  return { ...issued, label, domain, complainantEmail, complaint: filed.complaint, caseRow };
}

describe(`the staff search (${testDriver})`, () => {
  it('opens a seal by its id, a complaint or a case by its reference, typed in any case', async () => {
    const shop = await sealedShop();
    const bySeal = await search(rita, `  ${shop.seal.publicId.toLowerCase()} `);
    expect(bySeal.recognised).toBe('seal');
    expect(bySeal.landing).toBe(`/review/seals/${shop.seal.publicId}`);
    expect(bySeal.seals.hits[0]).toMatchObject({ publicId: shop.seal.publicId, domain: shop.domain, holder: `Name ${shop.label} Holdings`, status: 'active' });

    expect((await search(rita, shop.complaint.reference.toLowerCase())).landing).toBe(`/review/complaints/${shop.complaint.reference}`);
    expect((await search(rita, shop.caseRow.reference)).landing).toBe(`/review/cases/${shop.caseRow.reference}`);
    const byCase = await search(rita, shop.caseRow.reference.toLowerCase());
    expect(byCase.cases.hits).toEqual([expect.objectContaining({ reference: shop.caseRow.reference, organizationName: `Name ${shop.label} Holdings`, status: 'open' })]);
  });

  it('opens the seal of a domain, typed or pasted as a URL', async () => {
    const shop = await sealedShop();
    for (const typed of [shop.domain, shop.domain.toUpperCase(), `https://www.${shop.domain}/privacy?from=mail`]) {
      const result = await search(rita, typed);
      expect(result.recognised, typed).toBe('domain');
      expect(result.landing, typed).toBe(`/review/seals/${shop.seal.publicId}`);
    }
  });

  it('says nothing was found for an identifier that names no record', async () => {
    const result = await search(rita, 'OS-2222-2222');
    expect(result.landing).toBeNull();
    expect(referencesOf(result)).toEqual({ seals: [], complaints: [], cases: [] });
    expect((await search(rita, 'c-2222-2222')).complaints.hits).toEqual([]);
    expect((await search(rita, 'nobody-here.example')).landing).toBeNull();
  });

  it('finds a person’s account by their email for admins, and the complaints filed from it for every reviewer', async () => {
    const shop = await sealedShop();
    const person = await seedUser(database.db, { email: `pat-${tag()}@example.test` });
    const asAdmin = await search(admin, person.email.toUpperCase());
    expect(asAdmin.recognised).toBe('email');
    expect(asAdmin.landing).toBe(`/review/users?q=${encodeURIComponent(person.email)}`);
    // /review/users is for admins: a reviewer is not told about accounts.
    const asReviewer = await search(rita, person.email);
    expect(asReviewer.users.hits).toEqual([]);
    expect(asReviewer.landing).toBeNull();

    const byComplainant = await search(rita, shop.complainantEmail.toUpperCase());
    expect(byComplainant.landing).toBe(`/review/complaints/${shop.complaint.reference}`);
  });

  it('lists organizations and domains by any part of the name or the domain, each with where it opens', async () => {
    const shop = await sealedShop();
    const byName = await search(rita, `${shop.label} HOLD`);
    expect(byName.recognised).toBe('text');
    expect(byName.landing).toBeNull();
    expect(byName.organizations.hits).toEqual([{ id: shop.organization.id, legalName: `Name ${shop.label} Holdings`, country: 'US', href: `/review/seals/${shop.seal.publicId}`, landsOn: 'seal' }]);

    const byDomain = await search(rita, `op-${shop.label}`);
    expect(byDomain.domains.hits).toEqual([
      { domain: shop.domain, organizationName: `Name ${shop.label} Holdings`, proven: true, sealPublicId: shop.seal.publicId, sealStatus: 'active', href: `/review/seals/${shop.seal.publicId}` },
    ]);

    // An organization without a seal or an application yet is listed, with nowhere to open.
    const owner = await seedUser(database.db);
    const newcomer = await seedOrganization(database.db, owner, [], `Fresh ${shop.label} Start`);
    await seedSite(database.db, newcomer.id, { verified: false, domain: `fresh-${shop.label}.example` });
    const fresh = await search(rita, `fresh ${shop.label}`);
    expect(fresh.organizations.hits).toEqual([expect.objectContaining({ legalName: `Fresh ${shop.label} Start`, href: null, landsOn: null })]);
    const freshDomain = await search(rita, `fresh-${shop.label}.example`);
    expect(freshDomain.domains.hits).toEqual([expect.objectContaining({ domain: `fresh-${shop.label}.example`, proven: false, sealPublicId: null, href: null })]);
    expect(freshDomain.landing).toBeNull();
  });

  it('takes LIKE’s wildcards literally, needs three characters inside names, and stops at the limit', async () => {
    expect((await search(rita, '___')).organizations.hits).toEqual([]);
    expect((await search(rita, '%%%')).domains.hits).toEqual([]);
    const short = await search(rita, 'ab');
    expect(short.tooShort).toBe(true);
    expect(short.organizations.hits).toEqual([]);

    const label = tag();
    const owner = await seedUser(database.db);
    await database.db.insert(organizations).values(Array.from({ length: SEARCH_LIMIT + 1 }, (_, i) => ({ legalName: `Many ${label} ${i}`, country: 'GB', contactEmail: 'privacy@many.example' })));
    await seedOrganization(database.db, owner, [], `Unrelated ${tag()}`);
    const many = await search(rita, `many ${label}`);
    expect(many.organizations.hits).toHaveLength(SEARCH_LIMIT);
    expect(many.organizations.more).toBe(true);
  });

  it('finds people by any part of their name or address for admins only', async () => {
    const label = tag();
    const person = await seedUser(database.db, { name: `Grace ${label} Hopper` });
    expect((await search(admin, `${label} hop`)).users.hits).toEqual([expect.objectContaining({ email: person.email, href: `/review/users?q=${encodeURIComponent(person.email)}` })]);
    expect((await search(rita, `${label} hop`)).users.hits).toEqual([]);
  });

  it('tells a reviewer tied to an organization nothing about its complaints and cases, as if they did not exist', async () => {
    const shop = await sealedShop();
    const declared = await seedUser(database.db, { role: 'reviewer' });
    await database.db.insert(conflictDeclarations).values({ reviewerId: declared.id, organizationId: shop.organization.id, reason: 'Former employer, until 2025.', declaredAt: new Date() });
    const memberAdmin = await seedUser(database.db, { role: 'admin' });
    await database.db.insert(memberships).values({ organizationId: shop.organization.id, userId: memberAdmin.id, role: 'member' });

    // An untied reviewer finds them: the same searches below find nothing only because of the tie.
    expect((await search(rita, shop.complaint.reference)).complaints.hits).toHaveLength(1);
    expect((await search(rita, shop.caseRow.reference)).cases.hits).toHaveLength(1);
    expect((await search(rita, shop.complainantEmail)).complaints.hits).toHaveLength(1);

    for (const tied of [declared, memberAdmin]) {
      for (const q of [shop.complaint.reference, shop.complaint.reference.toLowerCase(), shop.caseRow.reference, shop.complainantEmail]) {
        const result = await search(tied, q);
        expect(result.complaints.hits, `${tied.role} searching ${q}`).toEqual([]);
        expect(result.cases.hits, `${tied.role} searching ${q}`).toEqual([]);
        expect(result.landing, `${tied.role} searching ${q}`).toBeNull();
      }
      // The seal and the organization are public records: a tied reviewer still finds them.
      expect((await search(tied, shop.seal.publicId)).landing).toBe(`/review/seals/${shop.seal.publicId}`);
      expect((await search(tied, `${shop.label} holdings`)).organizations.hits).toHaveLength(1);
    }

    // A withdrawn declaration ties no more.
    await database.db.update(conflictDeclarations).set({ withdrawnAt: new Date() }).where(eq(conflictDeclarations.reviewerId, declared.id));
    expect((await search(declared, shop.caseRow.reference)).landing).toBe(`/review/cases/${shop.caseRow.reference}`);
  });

  it('refuses an empty search and one longer than 200 characters, saying why', async () => {
    for (const q of ['', '    ', undefined]) {
      const error = await rejectionOf(search(rita, q), ValidationError);
      expect(error.message).toBe('Type a seal id, a reference, a name, a domain or an email address.');
    }
    const long = await rejectionOf(search(rita, 'x'.repeat(500)), ValidationError);
    expect(long.message).toBe('A search is at most 200 characters long.');
    // 200 characters are a search.
    expect((await search(rita, 'y'.repeat(200))).q).toHaveLength(200);
  });

  it('is for reviewers and admins only', async () => {
    const applicant = await seedUser(database.db);
    await seedOrganization(database.db, applicant);
    await rejectionOf(search(applicant, 'OS-2222-2222'), ForbiddenError);
    await rejectionOf(search(null, 'OS-2222-2222'), UnauthenticatedError);
    // Refused before the input is read: a stranger learns nothing, not even that the input was wrong.
    await rejectionOf(search(applicant, ''), ForbiddenError);
  });
});
