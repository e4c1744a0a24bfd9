import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull, notInArray, sql } from 'drizzle-orm';
import { auditEvents, users } from '@/db/schema';
import { loadActor } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { authenticate, SIGN_IN_MESSAGES } from '@/lib/services/users/authenticate';
import { changeUserRole } from '@/lib/services/users/change-user-role';
import { createUser } from '@/lib/services/users/create-user';
import { disableUser, enableUser } from '@/lib/services/users/set-user-disabled';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/services/errors';
import type { ServiceContext } from '@/lib/services/context';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, FACTORY_PASSWORD, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

type Seeded = Awaited<ReturnType<typeof seedUser>>;
const as = (user: Seeded) => contextFor(database.db, actorOf(user));

async function auditOf(userId: string, action: string) {
  return database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, userId), eq(auditEvents.action, action)));
}

async function stored(userId: string) {
  const [row] = await database.db.select().from(users).where(eq(users.id, userId));
  return row!;
}

/**
 * The last-administrator rule counts every active admin in the database, including those other
 * tests in this file seeded: a test about it first disables every admin but its own.
 */
async function leaveOnlyTheseAdminsActive(...keep: Seeded[]) {
  await database.db
    .update(users)
    .set({ disabledAt: new Date() })
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), notInArray(users.id, keep.map((user) => user.id))));
}

describe(`changeUserRole (${testDriver})`, () => {
  it('promotes an applicant, records before and after, and the next request sees the new role', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const applicant = await seedUser(database.db);
    const ctx = as(admin);

    const after = await changeUserRole({ ctx, input: { userId: applicant.id, role: 'reviewer' } });
    expect(after.role).toBe('reviewer');
    expect((await stored(applicant.id)).role).toBe('reviewer');
    expect((await loadActor(database.db, applicant.id))?.role).toBe('reviewer');

    const [event, ...more] = await auditOf(applicant.id, 'user.change-role');
    expect(more).toHaveLength(0);
    expect(event).toMatchObject({ actorId: admin.id, entityType: 'user', before: { role: 'applicant' }, after: { role: 'reviewer', email: applicant.email } });
    expect(event!.occurredAt.getTime()).toBe(nowDate(ctx.clock).getTime());
  });

  it('refuses to give someone the role they already have', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    const applicant = await seedUser(database.db);

    expect((await rejectionOf(changeUserRole({ ctx: as(admin), input: { userId: reviewer.id, role: 'reviewer' } }), ConflictError)).message).toBe(
      `${reviewer.email} is already a reviewer.`,
    );
    expect((await rejectionOf(changeUserRole({ ctx: as(admin), input: { userId: applicant.id, role: 'applicant' } }), ConflictError)).message).toBe(
      `${applicant.email} is already an applicant.`,
    );
    expect(await auditOf(reviewer.id, 'user.change-role')).toHaveLength(0);
  });

  it('refuses to demote the last active administrator, and says what to do instead', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const otherAdmin = await seedUser(database.db, { role: 'admin' });
    await leaveOnlyTheseAdminsActive(admin, otherAdmin);

    await changeUserRole({ ctx: as(admin), input: { userId: otherAdmin.id, role: 'reviewer' } });
    const error = await rejectionOf(changeUserRole({ ctx: as(admin), input: { userId: admin.id, role: 'reviewer' } }), ConflictError);
    expect(error.message).toBe('This is the last active administrator: make someone else an administrator first.');
    expect((await stored(admin.id)).role).toBe('admin');
    expect(await auditOf(admin.id, 'user.change-role')).toHaveLength(0);
  });

  it('takes away admin powers from the next request of a demoted admin', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const demoted = await seedUser(database.db, { role: 'admin' });
    await changeUserRole({ ctx: as(admin), input: { userId: demoted.id, role: 'reviewer' } });

    const reread = await loadActor(database.db, demoted.id);
    expect(reread).toEqual({ id: demoted.id, email: demoted.email, name: demoted.name, role: 'reviewer', timeZone: null, timeZoneChosen: false });
    const error = await rejectionOf(
      createUser({ ctx: contextFor(database.db, reread), input: { name: 'Too Late', email: `late-${crypto.randomUUID()}@example.test`, role: 'admin' } }),
      ForbiddenError,
    );
    expect(error.message).toBe('Only an administrator can do this.');
  });

  it('refuses a non-admin and an unknown user', async () => {
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    const admin = await seedUser(database.db, { role: 'admin' });
    await rejectionOf(changeUserRole({ ctx: as(reviewer), input: { userId: reviewer.id, role: 'admin' } }), ForbiddenError);
    expect((await stored(reviewer.id)).role).toBe('reviewer');
    const missing = await rejectionOf(changeUserRole({ ctx: as(admin), input: { userId: crypto.randomUUID(), role: 'admin' } }), NotFoundError);
    expect(missing.message).toBe('This user does not exist.');
  });
});

describe(`disableUser and enableUser (${testDriver})`, () => {
  it('disables an account: it can no longer sign in, and its next request is anonymous', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const applicant = await seedUser(database.db);
    expect(await loadActor(database.db, applicant.id)).not.toBeNull();
    const ctx = as(admin);

    const after = await disableUser({ ctx, input: { userId: applicant.id } });
    expect(after.disabledAt?.getTime()).toBe(nowDate(ctx.clock).getTime());
    expect(await loadActor(database.db, applicant.id)).toBeNull();

    const signIn = authenticate({ ctx: contextFor(database.db, null), input: { email: applicant.email, password: FACTORY_PASSWORD, ipAddress: '198.51.100.30' }, sleep: async () => {} });
    expect((await rejectionOf(signIn, ForbiddenError)).message).toBe(SIGN_IN_MESSAGES.disabled);

    const [event, ...more] = await auditOf(applicant.id, 'user.disable');
    expect(more).toHaveLength(0);
    expect(event).toMatchObject({ actorId: admin.id, before: { disabledAt: null }, after: { disabledAt: after.disabledAt!.toISOString() } });
  });

  it('refuses to disable an account twice', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const applicant = await seedUser(database.db);
    await disableUser({ ctx: as(admin), input: { userId: applicant.id } });
    const error = await rejectionOf(disableUser({ ctx: as(admin), input: { userId: applicant.id } }), ConflictError);
    expect(error.message).toBe(`${applicant.email} is already disabled.`);
    expect(await auditOf(applicant.id, 'user.disable')).toHaveLength(1);
  });

  it('enables a disabled account again: it signs in and is recognised on its next request', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const applicant = await seedUser(database.db, { disabled: true });
    expect(await loadActor(database.db, applicant.id)).toBeNull();

    const after = await enableUser({ ctx: as(admin), input: { userId: applicant.id } });
    expect(after.disabledAt).toBeNull();
    expect(await loadActor(database.db, applicant.id)).toEqual(actorOf(applicant));
    const actor = await authenticate({ ctx: contextFor(database.db, null), input: { email: applicant.email, password: FACTORY_PASSWORD, ipAddress: '198.51.100.31' }, sleep: async () => {} });
    expect(actor.id).toBe(applicant.id);

    const [event] = await auditOf(applicant.id, 'user.enable');
    expect(event).toMatchObject({ actorId: admin.id, after: { disabledAt: null } });
    expect((event!.before as { disabledAt: string | null }).disabledAt).not.toBeNull();

    const again = await rejectionOf(enableUser({ ctx: as(admin), input: { userId: applicant.id } }), ConflictError);
    expect(again.message).toBe(`${applicant.email} is not disabled.`);
  });

  it('refuses to let an admin disable their own account', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    await seedUser(database.db, { role: 'admin' }); // another admin exists: the refusal is about oneself
    const error = await rejectionOf(disableUser({ ctx: as(admin), input: { userId: admin.id } }), ConflictError);
    expect(error.message).toBe('You cannot disable your own account.');
    expect(await loadActor(database.db, admin.id)).not.toBeNull();
  });

  it('refuses to disable the last active administrator', async () => {
    const first = await seedUser(database.db, { role: 'admin' });
    const second = await seedUser(database.db, { role: 'admin' });
    await leaveOnlyTheseAdminsActive(first, second);
    await disableUser({ ctx: as(second), input: { userId: first.id } });

    // `first` acts on a request that began before it was disabled (its actor was read just before).
    const error = await rejectionOf(disableUser({ ctx: as(first), input: { userId: second.id } }), ConflictError);
    expect(error.message).toBe('This is the last active administrator and cannot be disabled.');
    expect(await loadActor(database.db, second.id)).toEqual(actorOf(second));
  });

  it.each([
    { verb: 'disable', race: disableUser, refusal: 'This is the last active administrator and cannot be disabled.' },
    { verb: 'demote', race: (args: { ctx: ServiceContext; input: { userId: string } }) => changeUserRole({ ctx: args.ctx, input: { ...args.input, role: 'reviewer' } }), refusal: 'This is the last active administrator: make someone else an administrator first.' },
  ])('leaves one administrator when the last two $verb each other at the same moment', async ({ race, refusal }) => {
    // Several rounds on warm connections: the two transactions must really overlap for a lock-order
    // deadlock to show (on PGlite they queue, one after the other).
    for (let round = 0; round < 4; round++) {
      const left = await seedUser(database.db, { role: 'admin' });
      const right = await seedUser(database.db, { role: 'admin' });
      await leaveOnlyTheseAdminsActive(left, right);
      await Promise.all([1, 2, 3].map(() => database.db.execute(sql`select pg_sleep(0.01)`)));

      const results = await Promise.allSettled([race({ ctx: as(left), input: { userId: right.id } }), race({ ctx: as(right), input: { userId: left.id } })]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const [refused] = results.filter((result) => result.status === 'rejected');
      expect(refused!.reason).toBeInstanceOf(ConflictError);
      expect((refused!.reason as ConflictError).message).toBe(refusal);
      const stillAdmins = [await loadActor(database.db, left.id), await loadActor(database.db, right.id)].filter((actor) => actor?.role === 'admin');
      expect(stillAdmins).toHaveLength(1);
    }
  });

  it('refuses a reviewer', async () => {
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    const applicant = await seedUser(database.db);
    await rejectionOf(disableUser({ ctx: as(reviewer), input: { userId: applicant.id } }), ForbiddenError);
    expect(await loadActor(database.db, applicant.id)).not.toBeNull();
  });
});
