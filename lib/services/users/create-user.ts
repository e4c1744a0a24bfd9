import { z } from 'zod';
import { userRoles, users, type UserRole } from '@/db/schema';
import type { Database } from '@/db/client';
import { requireRole } from '@/lib/auth/actor';
import { generatePassword, hashPassword, passwordProblem } from '@/lib/auth/password';
import { nowDate, type Clock } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { emailField, findUserByEmail, isUniqueViolation, nameField, userSnapshot } from './fields';

export const CreateUserInput = z.object({
  name: nameField,
  email: emailField,
  role: z.enum(userRoles, { message: 'Choose a role: applicant, reviewer or admin.' }),
  // Left empty, a password is generated and shown once.
  password: z.string().optional(),
});

const DUPLICATE = 'An account with this email address already exists.';

type Created = { user: typeof users.$inferSelect; generatedPassword: string | null };

async function insertUser(
  db: Database,
  clock: Clock,
  data: { name: string; email: string; role: UserRole; password?: string },
  audit: { actorId: string | null; source: string },
): Promise<Created> {
  const generated = !data.password;
  const password = data.password || generatePassword();
  const problem = generated ? null : passwordProblem(password, [data.name, data.email]);
  if (problem) throw new ValidationError(problem, { password: [problem] });
  if (await findUserByEmail(db, data.email)) throw new ConflictError(DUPLICATE);

  const passwordHash = await hashPassword(password);
  const now = nowDate(clock);
  try {
    const user = await db.transaction(async (tx) => {
      const [row] = await tx.insert(users).values({ email: data.email, name: data.name, passwordHash, role: data.role, emailVerifiedAt: now, createdAt: now, updatedAt: now }).returning();
      await recordAudit(tx, { actorId: audit.actorId, action: 'user.create', entityType: 'user', entityId: row!.id, after: { ...userSnapshot(row!), source: audit.source }, at: now });
      return row!;
    });
    return { user, generatedPassword: generated ? password : null };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(DUPLICATE);
    throw error;
  }
}

/** An admin creates an account of any role, typically a reviewer or another admin; its address counts as verified. */
export async function createUser({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<Created> {
  const admin = requireRole(ctx.actor, 'admin');
  const data = parseInput(CreateUserInput, input);
  return insertUser(ctx.db, ctx.clock, data, { actorId: admin.id, source: 'admin' });
}

/**
 * `npm run admin:create`: the operator, who holds the server's shell and database, makes an admin
 * (typically the first one on PostgreSQL, where no demo data exists). There is no signed-in actor;
 * the audit event records the command line as its source.
 */
export async function createAdminFromCommandLine({ db, clock, input }: { db: Database; clock: Clock; input: unknown }): Promise<Created> {
  const data = parseInput(CreateUserInput.omit({ role: true }), input);
  return insertUser(db, clock, { ...data, role: 'admin' }, { actorId: null, source: 'command-line' });
}
