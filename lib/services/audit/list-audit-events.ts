import { z } from 'zod';
import { and, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { applications, auditEvents, cases, complaints, conflictDeclarations, criteriaVersions, organizations, programs, seals, sites, users } from '@/db/schema';
import type { Executor } from '@/db/client';
import { requireRole } from '@/lib/auth/actor';
import { CursorParam, keyset, readKeysetPage, TextFilterParam } from '@/lib/lists/keyset';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';

/** The kinds of record the services write audit events about (`recordAudit`'s entityType). */
export const AUDIT_ENTITY_TYPES = ['seal', 'application', 'complaint', 'case', 'organization', 'site', 'user', 'program', 'criteria-version', 'conflict_declaration'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export const auditEntityTypeLabels: Record<AuditEntityType, string> = {
  seal: 'Seal',
  application: 'Application',
  complaint: 'Complaint',
  case: 'Case',
  organization: 'Organization',
  site: 'Site',
  user: 'User',
  program: 'Program',
  'criteria-version': 'Criteria version',
  conflict_declaration: 'Conflict declaration',
};

const Day = z
  .string()
  .regex(/^\d{4}-\d\d-\d\d$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .optional()
  .catch(undefined);

/** The query string of `/review/audit`. A value that makes no sense is dropped (no filter), never an error page. */
export const AuditListQuery = z.object({
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional().catch(undefined),
  entityId: z.string().trim().max(100).optional().catch(undefined),
  /** Who acted: an email address, exactly (any case), or `system` for the platform's own jobs. */
  actor: TextFilterParam,
  /** The action, or its start: `seal.` finds every seal action. */
  action: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z_.-]*$/)
    .transform((value) => value || undefined)
    .optional()
    .catch(undefined),
  from: Day,
  to: Day,
  after: CursorParam,
  before: CursorParam,
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;

/** Newest first; the id breaks ties (events written in one transaction share their time). */
const ORDER = keyset(
  [
    { kind: 'timestamp', expr: auditEvents.occurredAt },
    { kind: 'uuid', expr: auditEvents.id },
  ],
  'desc',
);

/** What a reader calls the record: its public reference or name, and the staff page that shows it. */
export type EntityName = { label: string; href: string | null };

/**
 * The global audit trail, newest first, one page at a time, with filters: the record (kind and
 * id), who acted, the action (or its prefix) and a date range. Each event comes with the actor's
 * name and the record named as staff know it (seal id, complaint or case reference, domain,
 * organization, email), and the ids inside its before/after named too where they are accounts.
 */
export async function listAuditEvents({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'admin');
  const query = parseInput(AuditListQuery, input);
  const where: SQL[] = [];
  if (query.entityType) where.push(eq(auditEvents.entityType, query.entityType));
  if (query.entityType && query.entityId) where.push(eq(auditEvents.entityId, query.entityId));
  if (query.actor === 'system') where.push(isNull(auditEvents.actorId));
  else if (query.actor) {
    const [actor] = await ctx.db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${query.actor.toLowerCase()}`).limit(1);
    // Nobody with that address: nothing they did.
    where.push(actor ? eq(auditEvents.actorId, actor.id) : sql`false`);
  }
  if (query.action) {
    // A prefix ("seal.") as a byte-order range ("/" follows "."), which the index on (action collate "C", occurred_at) serves.
    const action = sql`${auditEvents.action} collate "C"`;
    where.push(query.action.endsWith('.') ? sql`${action} >= ${query.action} and ${action} < ${`${query.action.slice(0, -1)}/`}` : sql`${action} = ${query.action}`);
  }
  if (query.from) where.push(gte(auditEvents.occurredAt, new Date(`${query.from}T00:00:00Z`)));
  if (query.to) where.push(lt(auditEvents.occurredAt, new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000)));

  const page = await readKeysetPage(ORDER, query, (beyond, orderBy, limit) =>
    ctx.db
      .select({ event: auditEvents, actorName: users.name, actorEmail: users.email, cursor: ORDER.cursorOf })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(...where, beyond))
      .orderBy(...orderBy)
      .limit(limit),
  );
  const names = await nameEntities(
    ctx.db,
    page.rows.map((row) => row.event),
  );
  const people = await namePeople(
    ctx.db,
    page.rows.flatMap((row) => [...uuidsIn(row.event.before), ...uuidsIn(row.event.after)]),
  );
  return {
    filters: query,
    events: page.rows.map(({ event, actorName, actorEmail }) => ({
      id: event.id,
      at: event.occurredAt,
      action: event.action,
      actor: actorName ? { name: actorName, email: actorEmail! } : null,
      entityType: event.entityType,
      entityId: event.entityId,
      entity: names.get(`${event.entityType}:${event.entityId}`) ?? { label: event.entityId, href: null },
      changes: fieldChanges(event.before, event.after, people),
    })),
    previous: page.previous,
    next: page.next,
  };
}

export type AuditListPage = Awaited<ReturnType<typeof listAuditEvents>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function uuidsIn(value: unknown): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.values(value as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && UUID.test(v));
}

/** Names for the record ids of one page, a query per kind of record (at most ten, each by primary key). */
async function nameEntities(db: Executor, events: Array<{ entityType: string; entityId: string }>): Promise<Map<string, EntityName>> {
  const ids = (type: string) => [...new Set(events.filter((e) => e.entityType === type && UUID.test(e.entityId)).map((e) => e.entityId))];
  const names = new Map<string, EntityName>();
  const put = (type: string, id: string, label: string, href: string | null) => names.set(`${type}:${id}`, { label, href });
  const lookups: Array<Promise<void>> = [];
  const lookup = <T>(type: string, read: (list: string[]) => Promise<T[]>, name: (row: T) => [string, string, string | null]) => {
    const list = ids(type);
    if (list.length === 0) return;
    lookups.push(
      read(list).then((rows) => {
        for (const row of rows) put(type, ...name(row));
      }),
    );
  };
  lookup('seal', (list) => db.select({ id: seals.id, publicId: seals.publicId }).from(seals).where(inArray(seals.id, list)), (row) => [row.id, row.publicId, `/review/seals/${row.publicId}`]);
  lookup('complaint', (list) => db.select({ id: complaints.id, reference: complaints.reference }).from(complaints).where(inArray(complaints.id, list)), (row) => [row.id, row.reference, `/review/complaints/${row.reference}`]);
  lookup('case', (list) => db.select({ id: cases.id, reference: cases.reference }).from(cases).where(inArray(cases.id, list)), (row) => [row.id, row.reference, `/review/cases/${row.reference}`]);
  lookup(
    'application',
    (list) => db.select({ id: applications.id, domain: sites.domain }).from(applications).innerJoin(sites, eq(sites.id, applications.siteId)).where(inArray(applications.id, list)),
    (row) => [row.id, row.domain, `/review/applications/${row.id}`],
  );
  lookup('organization', (list) => db.select({ id: organizations.id, name: organizations.legalName }).from(organizations).where(inArray(organizations.id, list)), (row) => [row.id, row.name, null]);
  lookup('site', (list) => db.select({ id: sites.id, domain: sites.domain }).from(sites).where(inArray(sites.id, list)), (row) => [row.id, row.domain, null]);
  lookup('user', (list) => db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, list)), (row) => [row.id, row.email, `/review/users?q=${encodeURIComponent(row.email)}`]);
  lookup('program', (list) => db.select({ id: programs.id, name: programs.name }).from(programs).where(inArray(programs.id, list)), (row) => [row.id, row.name, '/review/programs']);
  lookup(
    'criteria-version',
    (list) => db.select({ id: criteriaVersions.id, version: criteriaVersions.version, program: programs.name }).from(criteriaVersions).innerJoin(programs, eq(programs.id, criteriaVersions.programId)).where(inArray(criteriaVersions.id, list)),
    (row) => [row.id, `${row.program}, version ${row.version}`, '/review/programs'],
  );
  lookup(
    'conflict_declaration',
    (list) => db.select({ id: conflictDeclarations.id, name: organizations.legalName }).from(conflictDeclarations).innerJoin(organizations, eq(organizations.id, conflictDeclarations.organizationId)).where(inArray(conflictDeclarations.id, list)),
    (row) => [row.id, `Conflict with ${row.name}`, '/review/conflicts'],
  );
  await Promise.all(lookups);
  return names;
}

/** Accounts named by the ids inside before/after (an assignee, a reviewer): "Name (email)". */
async function namePeople(db: Executor, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((row) => [row.id, `${row.name} (${row.email})`]));
}

export type FieldChange = { field: string; before: string | null; after: string | null };

/** A value as a person reads it: text as it is, an account by name, anything else as compact JSON. */
function readable(value: unknown, people: Map<string, string>): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return people.get(value) ?? value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Field by field, what the event changed: the fields whose value differs between before and after
 * (or every field of an event that has only one side), by name (jsonb keeps no order of its own).
 */
export function fieldChanges(before: unknown, after: unknown, people: Map<string, string> = new Map()): FieldChange[] {
  const asObject = (value: unknown): Record<string, unknown> | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : value === null || value === undefined ? null : { value });
  const b = asObject(before);
  const a = asObject(after);
  const fields = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].sort();
  return fields
    .filter((field) => JSON.stringify(b?.[field]) !== JSON.stringify(a?.[field]))
    .map((field) => ({ field, before: readable(b?.[field], people), after: readable(a?.[field], people) }));
}
