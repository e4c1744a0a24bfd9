import { z } from 'zod';
import { users } from '@/db/schema';
import { hashPassword, passwordProblem } from '@/lib/auth/password';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { assertWithinSignUpLimit, DEFAULT_SIGN_UPS_PER_ADDRESS_PER_HOUR } from './sign-up-limits';
import { emailField, findUserByEmail, isUniqueViolation, nameField, userSnapshot } from './fields';

export const SignUpInput = z.object({
  name: nameField,
  email: emailField,
  password: z.string({ message: 'Choose a password.' }),
  /** Where the request came from (lib/server/client-ip.ts): sign-ups are limited per address. */
  clientAddress: z.string().trim().min(1).max(100),
});

export const DUPLICATE_EMAIL_MESSAGE = 'An account with this email address already exists. Sign in instead, or use another address.';

/** Anyone may sign up; the account is an applicant's. Reviewers and admins are made by an admin. */
export async function signUp({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(SignUpInput, input);
  const problem = passwordProblem(data.password, [data.name, data.email]);
  if (problem) throw new ValidationError(problem, { password: [problem] });
  if (await findUserByEmail(ctx.db, data.email)) throw new ConflictError(DUPLICATE_EMAIL_MESSAGE);

  const passwordHash = await hashPassword(data.password);
  const now = nowDate(ctx.clock);
  try {
    return await ctx.db.transaction(async (tx) => {
      await assertWithinSignUpLimit(tx, { address: data.clientAddress, max: ctx.limits?.signUpsPerAddressPerHour ?? DEFAULT_SIGN_UPS_PER_ADDRESS_PER_HOUR, now });
      const [user] = await tx
        .insert(users)
        .values({ email: data.email, name: data.name, passwordHash, role: 'applicant', signUpAddress: data.clientAddress, createdAt: now, updatedAt: now })
        .returning();
      await recordAudit(tx, { actorId: user!.id, action: 'user.sign-up', entityType: 'user', entityId: user!.id, after: userSnapshot(user!), at: now });
      return user!;
    });
  } catch (error) {
    // Two sign-ups with one address at once: the unique index decides, the loser is told plainly.
    if (isUniqueViolation(error)) throw new ConflictError(DUPLICATE_EMAIL_MESSAGE);
    throw error;
  }
}
