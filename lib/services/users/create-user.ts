import { z } from 'zod';
import { userRoles, users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { generatePassword, hashPassword, passwordProblem } from '@/lib/auth/password';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { emailField, findUserByEmail, isUniqueViolation, nameField, userSnapshot } from './fields';

export const CreateUserInput = z.object({
  name: nameField,
  email: emailField,
  role: z.enum(userRoles, { message: 'Choose a role: applicant, reviewer or admin.' }),
  // Left empty, a password is generated and shown once to the admin.
  password: z.string().optional(),
});

/** An admin creates an account of any role, typically a reviewer or another admin. */
export async function createUser({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const data = parseInput(CreateUserInput, input);
  const generated = !data.password;
  const password = data.password || generatePassword();
  const problem = generated ? null : passwordProblem(password, [data.name, data.email]);
  if (problem) throw new ValidationError(problem, { password: [problem] });
  if (await findUserByEmail(ctx.db, data.email)) throw new ConflictError('An account with this email address already exists.');

  const passwordHash = await hashPassword(password);
  const now = nowDate(ctx.clock);
  try {
    const user = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ email: data.email, name: data.name, passwordHash, role: data.role, createdAt: now, updatedAt: now })
        .returning();
      await recordAudit(tx, { actorId: admin.id, action: 'user.create', entityType: 'user', entityId: row!.id, after: userSnapshot(row!), at: now });
      return row!;
    });
    return { user, generatedPassword: generated ? password : null };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('An account with this email address already exists.');
    throw error;
  }
}
