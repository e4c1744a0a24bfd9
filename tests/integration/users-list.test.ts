import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { users, type UserRole } from '@/db/schema';
import { createTestClock, nowDate } from '@/lib/clock';
import { authenticate } from '@/lib/services/users/authenticate';
import { listUsers, USERS_PAGE_SIZE, userListCursorParam, type UserListPage } from '@/lib/services/users/list-users';
import { disableUser } from '@/lib/services/users/set-user-disabled';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, FACTORY_PASSWORD, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';

let database: TestDatabase;
let admin: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  database = await freshDatabase();
  admin = await seedUser(database.db, { role: 'admin' });
});
afterAll(async () => {
  await database?.close();
});

const asAdmin = () => contextFor(database.db, actorOf(admin));
/** The page as the browser asks for it: the query string's values, cursors as the links carry them. */
const list = (query: Record<string, string | undefined> = {}) => listUsers({ ctx: asAdmin(), input: query });
const emailsOf = (page: UserListPage) => page.users.map((user) => user.email);
const tag = () => `t${crypto.randomBytes(4).toString('hex')}`;

/**
 * `n` accounts in ONE statement: PostgreSQL gives them all the same `created_at` (the statement's
 * `now()`), the hardest case for paging — only the id tells them apart.
 */
async function seedMany(n: number, label: string, role: UserRole = 'applicant') {
  const rows = Array.from({ length: n }, (_, i) => ({ email: `${label}-${i}@example.test`, name: `Person ${i} ${label}`, role, passwordHash: 'not-a-hash' }));
  return database.db.insert(users).values(rows).returning({ id: users.id, email: users.email });
}

/** Follows "Next" from the first page to the last, as an admin clicking through would. */
async function walkForward(query: Record<string, string | undefined>) {
  const pages: UserListPage[] = [await list(query)];
  while (pages.at(-1)!.next) pages.push(await list({ ...query, after: userListCursorParam(pages.at(-1)!.next!) }));
  return pages;
}

describe(`the admins' users list (${testDriver})`, () => {
  it('is for administrators only', async () => {
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    await rejectionOf(listUsers({ ctx: contextFor(database.db, actorOf(reviewer)), input: {} }), ForbiddenError);
    await rejectionOf(listUsers({ ctx: contextFor(database.db, null), input: {} }), UnauthenticatedError);
  });

  it('finds accounts by any part of the name or the address, in any case', async () => {
    const label = tag();
    const byName = await seedUser(database.db, { name: `Ada Lovelace-${label}`, email: `ada-${tag()}@example.test` });
    const byEmail = await seedUser(database.db, { name: 'Someone Else', email: `x.${label}.y@example.test` });
    await seedUser(database.db, { name: 'Unrelated Person' });

    expect(emailsOf(await list({ q: label.toUpperCase() })).sort()).toEqual([byName.email, byEmail.email].sort());
    expect(emailsOf(await list({ q: `LOVELACE-${label}` }))).toEqual([byName.email]);
    expect(emailsOf(await list({ q: `  .${label}.Y@  ` }))).toEqual([byEmail.email]);
  });

  it('treats % and _ in a search as the characters themselves', async () => {
    const label = tag();
    const literal = await seedUser(database.db, { name: `50%_off ${label}` });
    await seedUser(database.db, { name: `50xyoff ${label}` });
    expect(emailsOf(await list({ q: `50%_off ${label}` }))).toEqual([literal.email]);
    expect(emailsOf(await list({ q: '%' }))).toEqual([literal.email]);
  });

  it('filters by role and by disabled or active, together with the search', async () => {
    const label = tag();
    const reviewer = await seedUser(database.db, { role: 'reviewer', name: `R ${label}` });
    const applicant = await seedUser(database.db, { role: 'applicant', name: `A ${label}` });
    const disabled = await seedUser(database.db, { role: 'applicant', name: `D ${label}` });
    await disableUser({ ctx: asAdmin(), input: { userId: disabled.id } });

    expect(emailsOf(await list({ q: label, role: 'reviewer' }))).toEqual([reviewer.email]);
    expect(emailsOf(await list({ q: label, role: 'applicant' }))).toEqual([disabled.email, applicant.email]);
    expect(emailsOf(await list({ q: label, status: 'disabled' }))).toEqual([disabled.email]);
    expect(emailsOf(await list({ q: label, role: 'applicant', status: 'active' }))).toEqual([applicant.email]);
    const disabledRow = (await list({ q: label, status: 'disabled' })).users[0]!;
    expect(disabledRow.disabledAt).toBeInstanceOf(Date);
    // Nonsense in the query string is ignored, not an error page.
    expect(emailsOf(await list({ q: label, role: 'superuser', status: 'maybe', after: 'garbage' }))).toHaveLength(3);
  });

  it('pages 50 at a time, newest first, every account exactly once, and back again with "Previous"', async () => {
    const label = tag();
    const older = await seedMany(70, `${label}-a`);
    const newer = await seedMany(60, `${label}-b`);
    const pages = await walkForward({ q: label });

    expect(pages.map((page) => page.users.length)).toEqual([50, 50, 30]);
    const seen = pages.flatMap(emailsOf);
    expect(new Set(seen).size).toBe(130);
    expect(new Set(seen)).toEqual(new Set([...older, ...newer].map((user) => user.email)));
    // Newest first: every account of the second batch before any of the first.
    expect(seen.slice(0, 60).every((email) => email.includes(`${label}-b`))).toBe(true);
    expect(pages[0]!.previous).toBeNull();
    expect(pages[2]!.next).toBeNull();

    // "Previous" from the last page gives back exactly the pages walked forward.
    const back2 = await list({ q: label, before: userListCursorParam(pages[2]!.previous!) });
    expect(emailsOf(back2)).toEqual(emailsOf(pages[1]!));
    const back1 = await list({ q: label, before: userListCursorParam(back2.previous!) });
    expect(emailsOf(back1)).toEqual(emailsOf(pages[0]!));
    expect(back1.previous).toBeNull();
    expect(back1.next).toEqual(pages[0]!.next);
  });

  it('keeps its place while accounts are created: no account on two pages, none skipped', async () => {
    const label = tag();
    const first = await seedMany(75, `${label}-first`);
    const page1 = await list({ q: label });
    // Accounts made while the admin reads page 1 land on top of the list, not on page 2.
    const meanwhile = await seedMany(20, `${label}-meanwhile`);
    const page2 = await list({ q: label, after: userListCursorParam(page1.next!) });

    expect(page2.users).toHaveLength(25);
    expect(emailsOf(page2).filter((email) => emailsOf(page1).includes(email))).toEqual([]);
    expect(new Set([...emailsOf(page1), ...emailsOf(page2)])).toEqual(new Set(first.map((user) => user.email)));
    expect(page2.next).toBeNull();

    // Going back, the admin sees page 1 as it was, and one more "Previous" shows the newcomers.
    const back = await list({ q: label, before: userListCursorParam(page2.previous!) });
    expect(emailsOf(back)).toEqual(emailsOf(page1));
    expect(back.previous).not.toBeNull();
    const newest = await list({ q: label, before: userListCursorParam(back.previous!) });
    expect(new Set(emailsOf(newest))).toEqual(new Set([...meanwhile.map((user) => user.email), ...emailsOf(page1).slice(0, 30)]));
  });

  it('walks the whole table, unfiltered, without repeating anyone', async () => {
    await seedMany(40, `${tag()}-bulk`);
    const pages = await walkForward({});
    const seen = pages.flatMap(emailsOf);
    const [total] = await database.db.select({ n: count() }).from(users);
    expect(seen.length).toBe(Number(total!.n));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages.slice(0, -1).every((page) => page.users.length === USERS_PAGE_SIZE)).toBe(true);
  });

  it('shows when each account was created and last signed in: set by a successful sign-in only', async () => {
    const user = await seedUser(database.db);
    const clock = createTestClock();
    const signIn = (password: string) =>
      authenticate({ ctx: contextFor(database.db, null, clock), input: { email: user.email, password, ipAddress: '192.0.2.77' }, sleep: async () => {} });
    const row = async () => (await list({ q: user.email })).users[0]!;

    expect((await row()).lastSignInAt).toBeNull();
    expect((await row()).createdAt.getTime()).toBe(user.createdAt.getTime());

    await clock.tick(1000);
    await rejectionOf(signIn('not-the-password'), ValidationError);
    expect((await row()).lastSignInAt).toBeNull();

    await clock.tick(1000);
    const signedInAt = nowDate(clock);
    await signIn(FACTORY_PASSWORD);
    expect((await row()).lastSignInAt).toEqual(signedInAt);

    // A later failure leaves the last success in place.
    await clock.tick(60_000);
    await rejectionOf(signIn('still-not-the-password'), ValidationError);
    expect((await row()).lastSignInAt).toEqual(signedInAt);
  });

  it('does not count the right password on a disabled account as a sign-in', async () => {
    const user = await seedUser(database.db);
    await disableUser({ ctx: asAdmin(), input: { userId: user.id } });
    await rejectionOf(
      authenticate({ ctx: contextFor(database.db, null), input: { email: user.email, password: FACTORY_PASSWORD, ipAddress: '192.0.2.78' }, sleep: async () => {} }),
      ForbiddenError,
    );
    const [stored] = await database.db.select({ lastSignInAt: users.lastSignInAt }).from(users).where(eq(users.id, user.id));
    expect(stored!.lastSignInAt).toBeNull();
  });
});
