import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldChanges, listAuditEvents } from '@/lib/services/audit/list-audit-events';
import { recordAudit } from '@/lib/services/audit';
import { ForbiddenError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram, seedOrganization } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { rejectionOf } from '../helpers/errors';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`the audit trail as an admin reads it (${testDriver})`, () => {
  it('names the actor, the record by its public reference, and each changed field, an account id by its person', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const reviewer = await seedUser(database.db, { role: 'reviewer', name: 'Rhea Reviewer' });
    const programId = (await seedDefaultProgram(database.db)).id;
    const { seal } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    const at = new Date('2026-08-01T09:00:00Z');
    await recordAudit(database.db, { actorId: reviewer.id, action: 'seal.suspend', entityType: 'seal', entityId: seal.id, before: { status: 'active', reason: null, handledBy: null }, after: { status: 'suspended', reason: 'Data sale under investigation', handledBy: reviewer.id }, at });

    const page = await listAuditEvents({ ctx: contextFor(database.db, actorOf(admin)), input: { entityType: 'seal', entityId: seal.id, action: 'seal.suspend' } });
    expect(page.events).toHaveLength(1);
    const [event] = page.events;
    expect(event).toMatchObject({ action: 'seal.suspend', actor: { name: 'Rhea Reviewer', email: reviewer.email }, entity: { label: seal.publicId, href: `/review/seals/${seal.publicId}` } });
    expect(event!.changes).toEqual([
      { field: 'handledBy', before: null, after: `Rhea Reviewer (${reviewer.email})` },
      { field: 'reason', before: null, after: 'Data sale under investigation' },
      { field: 'status', before: 'active', after: 'suspended' },
    ]);
  });

  it('filters by who (an address, or the system), by action or its start, by dates; and refuses non-admins', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const someone = await seedUser(database.db);
    const organization = await seedOrganization(database.db, someone, [], 'Filtered Widgets Ltd');
    const write = (actorId: string | null, action: string, day: string) => recordAudit(database.db, { actorId, action, entityType: 'organization', entityId: organization.id, before: null, after: { legalName: 'Filtered Widgets Ltd' }, at: new Date(`${day}T12:00:00Z`) });
    await write(someone.id, 'organization.create', '2026-03-01');
    await write(null, 'organization.lapse', '2026-03-05');
    await write(someone.id, 'organization.update', '2026-03-09');
    const read = (input: Record<string, string>) => listAuditEvents({ ctx: contextFor(database.db, actorOf(admin)), input: { entityType: 'organization', entityId: organization.id, ...input } });
    const actions = async (input: Record<string, string>) => (await read(input)).events.map((event) => event.action);

    expect(await actions({})).toEqual(['organization.update', 'organization.lapse', 'organization.create']);
    expect((await read({})).events[0]!.entity).toEqual({ label: 'Filtered Widgets Ltd', href: null });
    expect(await actions({ actor: someone.email.toUpperCase() })).toEqual(['organization.update', 'organization.create']);
    expect(await actions({ actor: 'system' })).toEqual(['organization.lapse']);
    expect(await actions({ actor: 'nobody@example.test' })).toEqual([]);
    expect(await actions({ action: 'organization.create' })).toEqual(['organization.create']);
    expect(await actions({ action: 'organization.' })).toHaveLength(3);
    expect(await actions({ from: '2026-03-05', to: '2026-03-05' })).toEqual(['organization.lapse']);
    // Nonsense is no filter, not an error page.
    expect(await actions({ from: 'yesterday', action: 'DROP TABLE' })).toHaveLength(3);

    await rejectionOf(listAuditEvents({ ctx: contextFor(database.db, actorOf(someone)), input: {} }), ForbiddenError);
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    await rejectionOf(listAuditEvents({ ctx: contextFor(database.db, actorOf(reviewer)), input: {} }), ForbiddenError);
  });

  it('pages newest first by key: forward then back shows each event once, also when events arrive between pages', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const subject = await seedUser(database.db);
    const at = new Date('2026-05-01T00:00:00Z');
    // 120 events, many sharing one instant (written in one transaction): the id breaks the ties.
    for (let i = 0; i < 120; i++) await recordAudit(database.db, { actorId: admin.id, action: 'user.update', entityType: 'user', entityId: subject.id, before: { n: i }, after: { n: i + 1 }, at: new Date(at.getTime() + Math.floor(i / 7) * 1000) });
    const ctx = contextFor(database.db, actorOf(admin));
    const base = { entityType: 'user', entityId: subject.id };
    const first = await listAuditEvents({ ctx, input: base });
    expect(first.events).toHaveLength(50);
    expect(first.previous).toBeNull();
    // A newer event arrives between the two reads: it neither repeats a row nor pushes one off page 2.
    await recordAudit(database.db, { actorId: admin.id, action: 'user.update', entityType: 'user', entityId: subject.id, before: null, after: { n: 'late' }, at: new Date(at.getTime() + 3_600_000) });
    const second = await listAuditEvents({ ctx, input: { ...base, after: first.next! } });
    const third = await listAuditEvents({ ctx, input: { ...base, after: second.next! } });
    expect(third.next).toBeNull();
    const seen = [...first.events, ...second.events, ...third.events].map((event) => event.id);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    const back = await listAuditEvents({ ctx, input: { ...base, before: second.previous! } });
    expect(back.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
  });
});

describe('field-by-field changes', () => {
  it('lists only what changed, every field of a one-sided event, and nested values as compact JSON', () => {
    expect(fieldChanges({ a: 1, b: 'x' }, { a: 1, b: 'y' })).toEqual([{ field: 'b', before: 'x', after: 'y' }]);
    expect(fieldChanges(null, { status: 'new', domains: ['a.example'] })).toEqual([
      { field: 'domains', before: null, after: '["a.example"]' },
      { field: 'status', before: null, after: 'new' },
    ]);
    expect(fieldChanges({ gone: true }, {})).toEqual([{ field: 'gone', before: 'true', after: null }]);
  });
});
