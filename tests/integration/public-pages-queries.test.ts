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
  const page = await listDirectory(database.db, { q }, now);
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
    const expired = (await listDirectory(database.db, { q: name }, nowDate(clock))).entries;
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
    const found = async (q: string) => (await listDirectory(database.db, { q }, now)).entries.map((entry) => entry.sealId);

    expect(await found(name.toLowerCase())).toEqual([seal.publicId]);
    expect(await found(`  ${name.slice(0, 14).toUpperCase()}`.trim())).toContain(seal.publicId);
    expect(await found(site.domain)).toEqual([seal.publicId]);
    expect(await found(`https://WWW.${site.domain.toUpperCase()}/privacy`)).toEqual([seal.publicId]);
    expect(await found(site.domain.slice(0, site.domain.indexOf('.')))).toEqual([seal.publicId]);
    expect(await found(seal.publicId.toLowerCase())).toEqual([seal.publicId]);

    const [entry] = (await listDirectory(database.db, { q: site.domain }, now)).entries;
    expect(entry).toMatchObject({ holder: { name, country: 'US' }, domains: [site.domain], program: { slug: 'privacy-seal' }, status: 'active' });
    expect((await found(other.site.domain))).toEqual([other.seal.publicId]);
  });

  it('takes % and _ literally, answers a search that matches nothing with an empty page, and does not search fewer than three characters', async () => {
    await sealOf(`Percent ${tag()}`);
    const now = new Date();
    const none = { entries: [], count: { n: 0, more: false }, previous: null, next: null, searchTooShort: false };
    expect(await listDirectory(database.db, { q: '%%%' }, now)).toEqual(none);
    expect(await listDirectory(database.db, { q: '___' }, now)).toEqual(none);
    expect(await listDirectory(database.db, { q: `no such holder ${tag()}` }, now)).toEqual(none);
    // Two characters have no trigram: the list is shown whole, and the page says why.
    const short = await listDirectory(database.db, { q: 'Pe' }, now);
    expect(short.searchTooShort).toBe(true);
    expect(short.entries.length).toBeGreaterThan(0);
  });

  it('reads the query string: an overlong search is explained, a cursor is kept as text, an old page number is flagged', () => {
    expect(parseDirectoryQuery({})).toEqual({ query: { q: '' }, problems: [], legacyPage: false });
    expect(parseDirectoryQuery({ q: '  toysmart ', after: '1~OS-2222-2222~toys' })).toEqual({ query: { q: 'toysmart', after: '1~OS-2222-2222~toys' }, problems: [], legacyPage: false });
    expect(parseDirectoryQuery({ q: 'toysmart', page: 'two' })).toEqual({ query: { q: 'toysmart' }, problems: [], legacyPage: true });
    expect(parseDirectoryQuery({ q: 'x'.repeat(101), page: '3' })).toEqual({ query: { q: '' }, problems: ['Search for at most 100 characters. The search was not applied.'], legacyPage: true });
    expect(parseDirectoryQuery({ q: ['a', 'b'] }).problems).toEqual(['Search for one name or domain at a time. The search was not applied.']);
    expect(parseDirectoryQuery({ after: ['a', 'b'] }).query).toEqual({ q: '' });
  });
});

describe(`paging through the directory (${testDriver})`, () => {
  /** Every page of `q`, following "Next" from the first, then "Previous" back from the last: seal ids per page. */
  async function walk(q: string, now: Date, pageSize: number, between: () => Promise<void> = async () => {}) {
    const forward: string[][] = [];
    let page = await listDirectory(database.db, { q }, now, pageSize);
    forward.push(page.entries.map((entry) => entry.sealId));
    while (page.next) {
      // A cursor that keeps its own row would page for ever: fail instead.
      if (forward.length > 50) throw new Error('Next never reaches the end');
      await between();
      page = await listDirectory(database.db, { q, after: page.next }, now, pageSize);
      forward.push(page.entries.map((entry) => entry.sealId));
    }
    const backward: string[][] = [];
    while (page.previous) {
      if (backward.length > 50) throw new Error('Previous never reaches the start');
      await between();
      page = await listDirectory(database.db, { q, before: page.previous }, now, pageSize);
      backward.push(page.entries.map((entry) => entry.sealId));
    }
    return { forward, backward, firstPageHasPrevious: page.previous !== null };
  }

  it('shows 25 seals a page, active ones first and then by holder name, with Next and Previous', async () => {
    const name = `Pager ${tag()}`;
    const seeded = [];
    for (let index = 1; index <= 27; index++) seeded.push(await sealOf(`${name} ${String(index).padStart(2, '0')}`));
    const suspended = seeded[2]!; // "… 03"
    await suspend(suspended.seal.publicId, new Date());
    const now = new Date();
    const activeIds = seeded.filter((entry) => entry !== suspended).map((entry) => entry.seal.publicId);

    const first = await listDirectory(database.db, { q: name }, now);
    expect(first).toMatchObject({ count: { n: 27, more: false }, previous: null });
    expect(first.entries.map((entry) => entry.sealId)).toEqual(activeIds.slice(0, 25));

    const second = await listDirectory(database.db, { q: name, after: first.next! }, now);
    expect(second.entries.map((entry) => [entry.sealId, entry.status])).toEqual([
      [activeIds[25], 'active'],
      [suspended.seal.publicId, 'suspended'],
    ]);
    expect(second.next).toBeNull();
    const back = await listDirectory(database.db, { q: name, before: second.previous! }, now);
    expect(back.entries.map((entry) => entry.sealId)).toEqual(activeIds.slice(0, 25));
    expect(back.previous).toBeNull();

    // Past the last row: an empty page (the page offers the first); a cursor not of ours: the first page.
    const beyond = await listDirectory(database.db, { q: name, after: `2~${suspended.seal.publicId}~${name.toLowerCase()} 99` }, now);
    expect(beyond).toMatchObject({ entries: [], count: { n: 27 }, previous: null, next: null });
    for (const after of ['garbage', `3~${suspended.seal.publicId}~x`, `1~OS-0000-0000~x`]) {
      expect((await listDirectory(database.db, { q: name, after }, now)).entries.map((entry) => entry.sealId)).toEqual(activeIds.slice(0, 25));
    }

    // Exactly one full page: no second page.
    const exact = await listDirectory(database.db, { q: name }, now, 27);
    expect(exact).toMatchObject({ count: { n: 27 }, previous: null, next: null });
    expect(exact.entries).toHaveLength(27);
  });

  it('returns each listed seal once going forward and once coming back, across both parts of the list', async () => {
    const name = `Walker ${tag()}`;
    const seeded = [];
    // Names that sort apart from their creation order, some sharing a name (the seal id breaks the tie).
    for (const suffix of ['m', 'c', 'x', 'c', 'a', 'q', 'c', 'k', 'b', 'z', 'e']) seeded.push(await sealOf(`${name} ${suffix}`));
    await suspend(seeded[1]!.seal.publicId, new Date());
    await revoke(seeded[8]!.seal.publicId, new Date());
    const now = new Date();
    const all = (await listDirectory(database.db, { q: name }, now, 100)).entries.map((entry) => entry.sealId);
    expect(new Set(all)).toEqual(new Set(seeded.map((entry) => entry.seal.publicId)));

    for (const pageSize of [1, 3, 4, 10]) {
      const { forward, backward, firstPageHasPrevious } = await walk(name, now, pageSize);
      expect(forward.flat()).toEqual(all);
      expect(forward.every((page) => page.length === pageSize || page === forward.at(-1))).toBe(true);
      // Back from the last page: every page before it, in order, each row once.
      expect(backward.reverse().flat()).toEqual(all.slice(0, all.length - forward.at(-1)!.length));
      expect(firstPageHasPrevious).toBe(false);
    }
  });

  it('neither repeats nor skips a seal when seals are certified between two clicks', async () => {
    const name = `Growing ${tag()}`;
    for (const suffix of ['d', 'h', 'l', 'p', 't', 'x']) await sealOf(`${name} ${suffix}`);
    const now = new Date();
    const before = (await listDirectory(database.db, { q: name }, now, 100)).entries.map((entry) => entry.sealId);
    const added: string[] = [];
    // Between every two pages a seal is certified whose holder sorts at the very start, one at the end, one in the middle.
    let round = 0;
    const between = async () => {
      round++;
      for (const suffix of ['a', 'z', 'm']) added.push((await sealOf(`${name} ${suffix}${round}`, new Date(now.getTime() - 1000))).seal.publicId);
    };
    const { forward, backward } = await walk(name, now, 2, between);
    const seen = forward.flat();
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
    // Coming back from the last page, each seal that was listed before the walk and is not on
    // that last page is met exactly once, in the list's order (the new ones among them).
    const back = backward.reverse().flat();
    expect(new Set(back).size).toBe(back.length);
    const lastPage = forward.at(-1)!;
    for (const id of before.filter((id) => !lastPage.includes(id))) expect(back).toContain(id);
    const now2 = (await listDirectory(database.db, { q: name }, now, 1000)).entries.map((entry) => entry.sealId);
    expect(back).toEqual(now2.filter((id) => back.includes(id)));
    expect(added.length).toBeGreaterThan(0);
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
    // The same status; only the log has one more entry for it, the recorded expiry.
    expect({ ...after?.document, log: undefined }).toEqual({ ...before?.document, log: undefined });
    expect(after?.document.log?.index).toBe(after?.log.indexes.at(-1));
    expect(after?.log.indexes).toEqual([before!.log.indexes[0], expect.any(Number)]);
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
