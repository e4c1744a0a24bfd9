import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { verifyPassword } from '@/lib/auth/password';
import { nowDate } from '@/lib/clock';
import { sendMail } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { recordAccountMailRequest } from './account-mail-limits';
import { mailVerificationLink } from './email-verification';
import { emailField, findUserByEmail } from './fields';

const ChangeEmailInput = z.object({
  email: emailField,
  currentPassword: z.string({ message: 'Enter your current password.' }).min(1, 'Enter your current password.').max(1024),
  clientAddress: z.string().trim().min(1).max(100),
});

export const WRONG_CURRENT_PASSWORD = 'Your current password is not right. Check it and try again.';

/** What the person is told, whether or not the new address already has an account. */
export function emailChangeMessage(email: string) {
  return `We have sent a link to ${email}. Your account keeps its current address until you open that link.`;
}

/**
 * Asks to move the account to another address. The account keeps its current (working) address
 * until the link mailed to the new one is followed (verifyEmail), so a typo cannot lock anyone out
 * and nobody moves an account to an address they do not read. The current password is asked, since
 * the address is where reset links go. An address that has another account gets a notice instead
 * of a link, and the answer is the same.
 */
export async function requestEmailChange({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'applicant');
  const data = parseInput(ChangeEmailInput, input);
  const now = nowDate(ctx.clock);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.id)).limit(1);
  if (!user) throw new NotFoundError('This account no longer exists.');
  if (!(await verifyPassword(user.passwordHash, data.currentPassword))) throw new ValidationError(WRONG_CURRENT_PASSWORD, { currentPassword: [WRONG_CURRENT_PASSWORD] });
  if (data.email === user.email.toLowerCase()) throw new ConflictError(`${data.email} is already your address.`);

  return ctx.db.transaction(async (tx) => {
    await recordAccountMailRequest(tx, { kind: 'verification', email: data.email, clientAddress: data.clientAddress, now });
    const taken = await findUserByEmail(tx, data.email);
    if (taken) {
      await sendMail(tx, { jobs: ctx.jobs, now }, {
        to: data.email,
        subject: 'Someone tried to move an OpenSeal account to your address',
        body: `Someone asked to use ${data.email} for another OpenSeal account. This address already has an account, so nothing was changed. If you forgot your password, use “Forgot your password?” on the sign-in page.`,
      });
    } else {
      await mailVerificationLink(tx, { jobs: ctx.jobs, now }, user, data.email);
    }
    await recordAudit(tx, { actorId: actor.id, action: 'user.request-email-change', entityType: 'user', entityId: actor.id, after: { requestedEmail: data.email }, at: now });
    return { message: emailChangeMessage(data.email) };
  });
}
