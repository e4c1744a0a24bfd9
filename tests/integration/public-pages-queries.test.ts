import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { organizations } from '@/db/schema';
import { createTestClock, nowDate } from '@/lib/clock';
import { addMonths } from '@/lib/seals/validity';
import { expireSeal } from '@/lib/services/seals/expire-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { listDirectory, parseDirectoryQuery } from '@/lib/public-status/directory-queries';
import { canonicalSealId, loadVerification, lookUpSeal } from '@/lib/public-status/verification-queries';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { revokeByAuthority, seedIssuedSeal } from '../helpers/seal-factories';

const ORIGIN = 'https://seals.example.org';
const DAY = 24 * 60 * 60 * 1000;

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram());
});
afterAll(async () => {
  await database?.close();
});

/** A seal issued at `issuedAt` to an organization called `holderName`. */
async function sealOf(holderName: string, issuedAt = new Date()) {
  const seeded = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt });
  await database.db.update(organizations).set({ legalName: holderName }).where(eq(organizations.id, seeded.organization.id));
  return seeded;
}

const asReviewerAt = (at: Date) => contextFor(database.db, actorOf(reviewer), createTestClock(at));
const suspend = (sealId: string, at: Date, reason = 'A complaint is under investigation.') =>
  suspendSeal({ ctx: asReviewerAt(at), input: { sealId, reason, reinstatementRequirements: 'Answer the case notice.' } });
const revoke = (sealId: string, at: Date, statement = 'Customer data was offered for sale.') => revokeByAuthority(database.db, { sealId, proposer: actorOf(reviewer), at, statement });

/** The directory as a visitor searching for `q` sees it at `now`: seal id → status in words. */
async function listedAt(q: string, now: Date) {
  const page = await listDirectory(database.db, { q, page: 1 }, now);
  return Object.fromEntries(page.entries.map((entry) => [entry.sealId, entry.status]));
}

const tag = () => crypto.randomBytes(3).toString('hex');

describe(`the directory's 12-month rule (${testDriver})`, () => {
  it('keeps suspended, revoked and expired seals listed as such for 12 months after the change, then drops them', async () => {
    const name = `Retention ${tag()}`;
    const issuedAt = new Date('2026-03-10T12:00:00Z');
    const clock = createTestClock(issuedAt);
    const active = await sealOf(`${name} Active`, issuedAt);
    const suspended = await sealOf(`${name} Suspended`, issuedAt);
    const revoked = await sealOf(`${name} Revoked`, issuedAt);
    const changedAt = new Date(issuedAt.getTime() + 30 * DAY);
    await clock.setTime(changedAt);
    await suspend(suspended.seal.publicId, nowDate(clock));
    await revoke(revoked.seal.publicId, nowDate(clock));

    await clock.setTime(new Date(changedAt.getTime() + DAY));
    expect(await listedAt(name, nowDate(clock))).toEqual({ [active.seal.publicId]: 'active', [suspended.seal.publicId]: 'suspended', [revoked.seal.publicId]: 'revoked' });

    // A day before the revocation's 12 months are up it is still listed as revoked.
    await clock.setTime(new Date(addMonths(changedAt, 12).getTime() - DAY));
    expect(await listedAt(name, nowDate(clock))).toMatchObject({ [revoked.seal.publicId]: 'revoked' });

    // Past it, the revocation drops out; the other two lapsed at their expiry (issue + 12 months),
    // which is their status change now, although no job has recorded it: listed as expired.
    await clock.setTime(new Date(addMonths(changedAt, 12).getTime() + DAY));
    const expiresAt = addMonths(issuedAt, 12);
    expect(await listedAt(name, nowDate(clock))).toEqual({ [active.seal.publicId]: 'expired', [suspended.seal.publicId]: 'expired' });
    const expired = (await listDirectory(database.db, { q: name, page: 1 }, nowDate(clock))).entries;
    expect(expired.map((entry) => entry.statusChangedAt)).toEqual([expiresAt, expiresAt]);

    // Recording the expiry changes nothing a visitor sees; 12 months after the expiry both drop out.
    await expireSeal(database.db, active.seal.id, nowDate(clock));
    expect(await listedAt(name, nowDate(clock))).toEqual({ [active.seal.publicId]: 'expired', [suspended.seal.publicId]: 'expired' });
    await clock.setTime(new Date(addMonths(expiresAt, 12).getTime() - DAY));
    expect(Object.keys(await listedAt(name, nowDate(clock)))).toHaveLength(2);
    await clock.setTime(new Date(addMonths(expiresAt, 12).getTime() + DAY));
    expect(await listedAt(name, nowDate(clock))).toEqual({});
  });
});

describe(`searching the directory (${testDriver})`, () => {
  it('finds a holder by part of its name in any case, by its domain typed as an address, and by its seal id', async () => {
    const name = `Searchable Toys ${tag()}`;
    const { seal, site } = await sealOf(name);
    const other = await sealOf(`Unrelated Shop ${tag()}`);
    const now = new Date();
    const found = async (q: string) => (await listDirectory(database.db, { q, page: 1 }, now)).entries.map((entry) => entry.sealId);

    expect(await found(name.toLowerCase())).toEqual([seal.publicId]);
    expect(await found(`  ${name.slice(0, 14).toUpperCase()}`.trim())).toContain(seal.publicId);
    expect(await found(site.domain)).toEqual([seal.publicId]);
    expect(await found(`https://WWW.${site.domain.toUpperCase()}/privacy`)).toEqual([seal.publicId]);
    expect(await found(site.domain.slice(0, site.domain.indexOf('.')))).toEqual([seal.publicId]);
    expect(await found(seal.publicId.toLowerCase())).toEqual([seal.publicId]);

    const [entry] = (await listDirectory(database.db, { q: site.domain, page: 1 }, now)).entries;
    expect(entry).toMatchObject({ holder: { name, country: 'US' }, domains: [site.domain], program: { slug: 'privacy-seal' }, status: 'active' });
    expect((await found(other.site.domain))).toEqual([other.seal.publicId]);
  });

  it('takes % and _ literally, and answers a search that matches nothing with an empty page', async () => {
    await sealOf(`Percent ${tag()}`);
    const now = new Date();
    expect(await listDirectory(database.db, { q: '%', page: 1 }, now)).toMatchObject({ entries: [], total: 0, pageCount: 1 });
    expect(await listDirectory(database.db, { q: '_', page: 1 }, now)).toMatchObject({ entries: [], total: 0 });
    expect(await listDirectory(database.db, { q: `no such holder ${tag()}`, page: 1 }, now)).toMatchObject({ entries: [], total: 0 });
  });

  it('reads the query string: a bad page number or an overlong search is explained, not fatal', () => {
    expect(parseDirectoryQuery({})).toEqual({ query: { q: '', page: 1 }, problems: [] });
    expect(parseDirectoryQuery({ q: '  toysmart ', page: '2' })).toEqual({ query: { q: 'toysmart', page: 2 }, problems: [] });
    expect(parseDirectoryQuery({ q: 'toysmart', page: 'two' })).toEqual({ query: { q: 'toysmart', page: 1 }, problems: ['The page number must be a whole number from 1 up. Showing the first page.'] });
    expect(parseDirectoryQuery({ page: '0' }).problems).toHaveLength(1);
    expect(parseDirectoryQuery({ page: '-3' }).problems).toHaveLength(1);
    expect(parseDirectoryQuery({ q: 'x'.repeat(101), page: '3' })).toEqual({ query: { q: '', page: 3 }, problems: ['Search for at most 100 characters. The search was not applied.'] });
    expect(parseDirectoryQuery({ q: ['a', 'b'] }).problems).toEqual(['Search for one name or domain at a time. The search was not applied.']);
  });
});

describe(`paging through the directory (${testDriver})`, () => {
  it('shows 25 seals a page, active ones first and then by holder name, and an empty page past the end', async () => {
    const name = `Pager ${tag()}`;
    const seeded = [];
    for (let index = 1; index <= 27; index++) seeded.push(await sealOf(`${name} ${String(index).padStart(2, '0')}`));
    const suspended = seeded[2]!; // "… 03"
    await suspend(suspended.seal.publicId, new Date());
    const now = new Date();
    const activeIds = seeded.filter((entry) => entry !== suspended).map((entry) => entry.seal.publicId);

    const first = await listDirectory(database.db, { q: name, page: 1 }, now);
    expect(first).toMatchObject({ total: 27, page: 1, pageSize: 25, pageCount: 2 });
    expect(first.entries.map((entry) => entry.sealId)).toEqual(activeIds.slice(0, 25));

    const second = await listDirectory(database.db, { q: name, page: 2 }, now);
    expect(second.entries.map((entry) => [entry.sealId, entry.status])).toEqual([
      [activeIds[25], 'active'],
      [suspended.seal.publicId, 'suspended'],
    ]);

    const beyond = await listDirectory(database.db, { q: name, page: 3 }, now);
    expect(beyond).toMatchObject({ entries: [], total: 27, page: 3, pageCount: 2 });

    // Exactly one full page: no second page.
    const exact = await listDirectory(database.db, { q: name, page: 1 }, now, 27);
    expect(exact).toMatchObject({ total: 27, pageCount: 1 });
    expect(exact.entries).toHaveLength(27);
  });
});

describe(`the verification page's data (${testDriver})`, () => {
  it('gives the status document and the public history, newest first, with each public reason', async () => {
    const issuedAt = new Date(Date.now() - 40 * DAY);
    const { seal, site } = await sealOf(`Verified Holder ${tag()}`, issuedAt);
    const suspendedAt = new Date(issuedAt.getTime() + 10 * DAY);
    const reinstatedAt = new Date(issuedAt.getTime() + 20 * DAY);
    const revokedAt = new Date(issuedAt.getTime() + 30 * DAY);
    await suspend(seal.publicId, suspendedAt, 'The shop is offering its customer list for sale.');
    await reinstateSeal({ ctx: asReviewerAt(reinstatedAt), input: { sealId: seal.publicId } });
    await revoke(seal.publicId, revokedAt, 'The customer list was sold.');

    const now = new Date();
    const verification = await loadVerification(database.db, seal.publicId, now, ORIGIN);
    expect(verification?.document).toMatchObject({
      sealId: seal.publicId,
      status: 'revoked',
      domains: [site.domain],
      reason: 'The customer list was sold.',
      statusChangedAt: revokedAt.toISOString(),
      verifyUrl: `${ORIGIN}/verify/${seal.publicId}`,
    });
    expect(verification?.history.map((event) => [event.type, event.reason, event.occurredAt])).toEqual([
      ['revoked', 'The holder violated its privacy commitments: The customer list was sold.', revokedAt],
      ['reinstated', null, reinstatedAt],
      ['suspended', 'The shop is offering its customer list for sale.', suspendedAt],
      ['issued', null, issuedAt],
    ]);
  });

  it('shows a lapsed seal as expired at its expiry date, before and after the expiry job records it', async () => {
    const issuedAt = new Date(Date.now() - 400 * DAY);
    const { seal } = await sealOf(`Lapsed Holder ${tag()}`, issuedAt);
    const now = new Date();
    const before = await loadVerification(database.db, seal.publicId, now, ORIGIN);
    expect(before?.document).toMatchObject({ status: 'expired', statusChangedAt: seal.expiresAt.toISOString(), reason: null });
    expect(before?.history.map((event) => [event.type, event.occurredAt, event.pending ?? false])).toEqual([
      ['expired', seal.expiresAt, true],
      ['issued', issuedAt, false],
    ]);

    await expireSeal(database.db, seal.id, now);
    const after = await loadVerification(database.db, seal.publicId, now, ORIGIN);
    expect(after?.document).toEqual(before?.document);
    expect(after?.history.map((event) => [event.type, event.occurredAt, event.pending ?? false])).toEqual([
      ['expired', seal.expiresAt, false],
      ['issued', issuedAt, false],
    ]);
  });

  it('knows no unknown or malformed id', async () => {
    expect(await loadVerification(database.db, 'OS-2222-2222', new Date(), ORIGIN)).toBeNull();
    expect(await loadVerification(database.db, 'os-2222-2222', new Date(), ORIGIN)).toBeNull();
    expect(await loadVerification(database.db, "' or 1=1 --", new Date(), ORIGIN)).toBeNull();
  });
});

describe(`looking a seal up (${testDriver})`, () => {
  it('reads an id typed by hand in its canonical form', () => {
    expect(canonicalSealId('os-7kq2-9xf4')).toBe('OS-7KQ2-9XF4');
    expect(canonicalSealId('  OS 7KQ2 9XF4 ')).toBe('OS-7KQ2-9XF4');
    expect(canonicalSealId('OS7KQ29XF4')).toBe('OS-7KQ2-9XF4');
    expect(canonicalSealId('OS-7KQ2-9XF')).toBeNull();
    expect(canonicalSealId('OS-0KQ2-9XF4')).toBeNull(); // 0 is not in the alphabet
    expect(canonicalSealId('toysmart.example')).toBeNull();
  });

  it('sends an id to its page, answers a domain with the seals covering it, and explains what it cannot read', async () => {
    const { seal, site } = await sealOf(`Looked Up ${tag()}`);
    const now = new Date();
    expect(await lookUpSeal(database.db, ` ${seal.publicId.toLowerCase()} `, now, ORIGIN)).toEqual({ kind: 'seal', sealId: seal.publicId });
    const byDomain = await lookUpSeal(database.db, `https://www.${site.domain}/about`, now, ORIGIN);
    expect(byDomain).toMatchObject({ kind: 'domain', domain: site.domain, seals: [{ sealId: seal.publicId, status: 'active' }] });
    expect(await lookUpSeal(database.db, `nothing-${tag()}.example`, now, ORIGIN)).toMatchObject({ kind: 'domain', seals: [] });
    expect(await lookUpSeal(database.db, 'OS-12', now, ORIGIN)).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('is not a seal id') });
    expect(await lookUpSeal(database.db, 'not a domain', now, ORIGIN)).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('cannot contain spaces') });
  });
});
