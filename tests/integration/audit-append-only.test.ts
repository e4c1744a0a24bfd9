import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { recordAudit } from '@/lib/services/audit';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`audit events are append-only (${testDriver})`, () => {
  it('keeps an inserted event and refuses to change or delete it', async () => {
    await recordAudit(database.db, { actorId: null, action: 'test.record', entityType: 'test', entityId: 'one', after: { n: 1 }, at: new Date() });
    const [event] = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, 'one'));
    expect(event?.after).toEqual({ n: 1 });

    await expect(database.db.update(auditEvents).set({ action: 'test.tampered' }).where(eq(auditEvents.id, event!.id))).rejects.toThrow();
    await expect(database.db.delete(auditEvents).where(eq(auditEvents.id, event!.id))).rejects.toThrow();
    const [after] = await database.db.select().from(auditEvents).where(eq(auditEvents.id, event!.id));
    expect(after?.action).toBe('test.record');
  });
});
