import { z } from 'zod';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { users, type UserRole } from '@/db/schema';
import type { Executor } from '@/db/client';

export const emailField = z
  .string({ message: 'Enter your email address.' })
  .trim()
  .min(1, 'Enter an email address.')
  .max(254, 'This email address is too long.')
  .pipe(z.email({ message: 'Enter an email address like name@example.com.' }))
  .transform((email) => email.toLowerCase());

export const nameField = z
  .string({ message: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(120, 'Use at most 120 characters for the name.');

export const userIdField = z.uuid({ message: 'Unknown user.' });

/** PostgreSQL's unique_violation; drizzle wraps driver errors, so the code sits on `cause`. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  return code === '23505';
}

export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).limit(1);
  return row ?? null;
}

/**
 * Locks every active administrator's row, in id order. A verb that may leave fewer administrators
 * calls it first in its transaction, before locking the user it changes: two admins disabling or
 * demoting each other at once would otherwise lock the same two rows in opposite orders, and
 * PostgreSQL would abort one with a deadlock instead of the "last administrator" refusal.
 */
export async function lockActiveAdmins(tx: Executor): Promise<void> {
  await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin' satisfies UserRole), isNull(users.disabledAt)))
    .orderBy(users.id)
    .for('update');
}

/**
 * Active administrators other than `exceptUserId`: the platform must never be left without one.
 * The rows are locked, so two admins demoting or disabling each other at once cannot both pass.
 */
export async function countOtherActiveAdmins(tx: Executor, exceptUserId: string): Promise<number> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin' satisfies UserRole), isNull(users.disabledAt), sql`${users.id} <> ${exceptUserId}`))
    .for('update');
  return rows.length;
}

/** What an audit event records of a user: never the password hash. */
export function userSnapshot(user: typeof users.$inferSelect) {
  return { email: user.email, name: user.name, role: user.role, disabledAt: user.disabledAt?.toISOString() ?? null };
}
