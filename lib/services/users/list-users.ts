import { z } from 'zod';
import { and, asc, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { userRoles, userSecondFactors, users } from '@/db/schema';
import type { Executor } from '@/db/client';
import { requireRole } from '@/lib/auth/actor';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';

export const USERS_PAGE_SIZE = 50;

/**
 * Where a page starts or ends in the list's order (newest first, then id): the created time to the
 * microsecond as PostgreSQL keeps it (a JavaScript Date would cut it to milliseconds, and rows
 * created within one millisecond would then be skipped or shown twice), and the id.
 */
export type UserListCursor = { createdAt: string; id: string };

const CURSOR = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** `2026-12-05T11:05:28.123456Z~<id>`; anything malformed is no cursor (the first page), not an error page. */
const CursorParam = z
  .string()
  .regex(CURSOR)
  .transform((value): UserListCursor => {
    const [, createdAt, id] = CURSOR.exec(value)!;
    return { createdAt: createdAt!, id: id! };
  })
  .refine((cursor) => !Number.isNaN(Date.parse(cursor.createdAt)))
  .optional()
  .catch(undefined);

export const userListCursorParam = (cursor: UserListCursor) => `${cursor.createdAt}~${cursor.id}`;

/** The query string of `/review/users`. A value that makes no sense is dropped, never an error page. */
export const UserListQuery = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .transform((value) => value || undefined)
    .optional()
    .catch(undefined),
  role: z.enum(userRoles).optional().catch(undefined),
  status: z.enum(['active', 'disabled']).optional().catch(undefined),
  /** The next page: the rows after this one. */
  after: CursorParam,
  /** The previous page: the rows before this one. */
  before: CursorParam,
});
export type UserListQuery = z.infer<typeof UserListQuery>;

/** The created time as a cursor string, in UTC with microseconds, whatever the session's time zone. */
const createdAtKey = sql<string>`to_char(${users.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function filtersOf(query: UserListQuery): SQL[] {
  const where: SQL[] = [];
  if (query.role) where.push(eq(users.role, query.role));
  if (query.status === 'disabled') where.push(isNotNull(users.disabledAt));
  if (query.status === 'active') where.push(isNull(users.disabledAt));
  if (query.q) {
    // A substring of the name or the address, any case; the trigram indexes serve ILIKE directly.
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.name, like), ilike(users.email, like))!);
  }
  return where;
}

function readPage(db: Executor, where: SQL[], direction: 'older' | 'newer') {
  const order = direction === 'older' ? [desc(users.createdAt), desc(users.id)] : [asc(users.createdAt), asc(users.id)];
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      lastSignInAt: users.lastSignInAt,
      emailVerifiedAt: users.emailVerifiedAt,
      hasSecondFactor: sql<boolean>`exists (select 1 from ${userSecondFactors} where ${userSecondFactors.userId} = ${users.id} and ${userSecondFactors.enabledAt} is not null)`.mapWith(Boolean),
      cursorAt: createdAtKey,
    })
    .from(users)
    .where(and(...where))
    .orderBy(...order)
    .limit(USERS_PAGE_SIZE + 1);
}

/**
 * One page of the admins' users list, newest account first, with search and filters. Paged by key
 * (`created_at`, `id`), never by OFFSET: a deep page costs what the first one does, and accounts
 * created meanwhile cannot push a row onto two pages or hide one between them.
 */
export async function listUsers({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'admin');
  const query = parseInput(UserListQuery, input);
  const filters = filtersOf(query);

  if (query.before) {
    const { createdAt, id } = query.before;
    const rows = await readPage(ctx.db, [...filters, sql`(${users.createdAt}, ${users.id}) > (${createdAt}::timestamptz, ${id}::uuid)`], 'newer');
    // Fewer than a page before it: this is the start of the list, shown as the first page.
    if (rows.length >= USERS_PAGE_SIZE) {
      const page = rows.slice(0, USERS_PAGE_SIZE).reverse();
      return result(query, page, { previous: rows.length > USERS_PAGE_SIZE, next: true });
    }
  } else if (query.after) {
    const { createdAt, id } = query.after;
    const rows = await readPage(ctx.db, [...filters, sql`(${users.createdAt}, ${users.id}) < (${createdAt}::timestamptz, ${id}::uuid)`], 'older');
    return result(query, rows.slice(0, USERS_PAGE_SIZE), { previous: true, next: rows.length > USERS_PAGE_SIZE });
  }
  const rows = await readPage(ctx.db, filters, 'older');
  return result(query, rows.slice(0, USERS_PAGE_SIZE), { previous: false, next: rows.length > USERS_PAGE_SIZE });
}

type Row = Awaited<ReturnType<typeof readPage>>[number];

function result(query: UserListQuery, rows: Row[], more: { previous: boolean; next: boolean }) {
  const first = rows[0];
  const last = rows.at(-1);
  return {
    filters: { q: query.q, role: query.role, status: query.status },
    users: rows.map(({ cursorAt: _cursorAt, ...user }) => user),
    previous: more.previous && first ? { createdAt: first.cursorAt, id: first.id } : null,
    next: more.next && last ? { createdAt: last.cursorAt, id: last.id } : null,
  };
}

export type UserListPage = Awaited<ReturnType<typeof listUsers>>;
export type UserListEntry = UserListPage['users'][number];
