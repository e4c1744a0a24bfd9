import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, users } from '@/db/schema';
import { authenticate } from '@/lib/services/users/authenticate';
import { createUser } from '@/lib/services/users/create-user';
import { ConflictError, ForbiddenError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const uniqueEmail = (local: string) => `${local}-${crypto.randomBytes(4).toString('hex')}@example.test`;
const noSleep = async () => {};

async function usersWithEmail(email: string) {
  return database.db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
}

async function signIn(email: string, password: string) {
  return authenticate({ ctx: contextFor(database.db, null), input: { email, password, ipAddress: '198.51.100.20' }, sleep: noSleep });
}

describe(`createUser (${testDriver})`, () => {
  it.each(['applicant', 'reviewer'] as const)('refuses an actor who is only %s, and creates nothing', async (role) => {
    const actor = actorOf(await seedUser(database.db, { role }));
    const email = uniqueEmail('refused');
    const error = await rejectionOf(createUser({ ctx: contextFor(database.db, actor), input: { name: 'Nobody', email, role: 'reviewer' } }), ForbiddenError);
    expect(error.message).toBe('Only an administrator can do this.');
    expect(error.httpStatus).toBe(403);
    expect(await usersWithEmail(email)).toHaveLength(0);
  });

  it('asks an anonymous caller to sign in, and creates nothing', async () => {
    const email = uniqueEmail('anonymous');
    const error = await rejectionOf(createUser({ ctx: contextFor(database.db, null), input: { name: 'Nobody', email, role: 'admin' } }), UnauthenticatedError);
    expect(error.message).toBe('Please sign in to continue.');
    expect(error.httpStatus).toBe(401);
    expect(await usersWithEmail(email)).toHaveLength(0);
  });

  it('generates a password when none is given; it is shown once and then signs the new user in', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const email = uniqueEmail('Rita.Reviewer');
    const { user, generatedPassword } = await createUser({ ctx: contextFor(database.db, actorOf(admin)), input: { name: 'Rita Reviewer', email, role: 'reviewer', password: '' } });

    expect(user).toMatchObject({ email: email.toLowerCase(), name: 'Rita Reviewer', role: 'reviewer', disabledAt: null });
    expect(generatedPassword).toMatch(/^[A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5}$/);
    expect(user.passwordHash).not.toContain(generatedPassword!);

    const actor = await signIn(email, generatedPassword!);
    expect(actor).toEqual({ id: user.id, email: email.toLowerCase(), name: 'Rita Reviewer', role: 'reviewer' });
  });

  it('uses the password the admin chose, and returns no generated one', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const email = uniqueEmail('chosen');
    const { user, generatedPassword } = await createUser({
      ctx: contextFor(database.db, actorOf(admin)),
      input: { name: 'Chosen Password', email, role: 'admin', password: 'granite-orchid-sailboat-31' },
    });
    expect(generatedPassword).toBeNull();
    expect(user.role).toBe('admin');
    expect((await signIn(email, 'granite-orchid-sailboat-31')).id).toBe(user.id);
  });

  it('records user.create with the admin as actor and no password hash', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const email = uniqueEmail('audited');
    const { user, generatedPassword } = await createUser({ ctx: contextFor(database.db, actorOf(admin)), input: { name: 'Audited User', email, role: 'reviewer' } });

    const events = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'user'), eq(auditEvents.entityId, user.id)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'user.create', actorId: admin.id, before: null, after: { email, name: 'Audited User', role: 'reviewer', disabledAt: null } });
    const serialized = JSON.stringify(events[0]);
    expect(serialized).not.toContain(user.passwordHash);
    expect(serialized).not.toContain(generatedPassword!);
  });

  it('refuses a weak chosen password on the password field', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const email = uniqueEmail('weak');
    const error = await rejectionOf(
      createUser({ ctx: contextFor(database.db, actorOf(admin)), input: { name: 'Weak', email, role: 'reviewer', password: 'password1234' } }),
      ValidationError,
    );
    expect(error.message).toMatch(/too easy to guess/);
    expect(error.fieldErrors.password).toEqual([error.message]);
    expect(await usersWithEmail(email)).toHaveLength(0);
  });

  it('refuses an email that already has an account, in any case', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const existing = await seedUser(database.db);
    const error = await rejectionOf(
      createUser({ ctx: contextFor(database.db, actorOf(admin)), input: { name: 'Copy', email: existing.email.toUpperCase(), role: 'reviewer' } }),
      ConflictError,
    );
    expect(error.message).toBe('An account with this email address already exists.');
    expect((await usersWithEmail(existing.email)).map((row) => row.id)).toEqual([existing.id]);
  });

  it('refuses an unknown role with a message listing the roles', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const error = await rejectionOf(
      createUser({ ctx: contextFor(database.db, actorOf(admin)), input: { name: 'Super', email: uniqueEmail('super'), role: 'superuser' } }),
      ValidationError,
    );
    expect(error.fieldErrors).toEqual({ role: ['Choose a role: applicant, reviewer or admin.'] });
  });
});
