'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { z } from 'zod';
import { signInAndGoTo } from '@/lib/auth/return-after-sign-in';
import { signInErrorMessage } from '@/lib/auth/sign-in-errors';
import { formValues, type FormState } from '@/lib/forms';
import { safeReturnPath } from '@/lib/safe-redirect';

const SignInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address.'),
  password: z.string().min(1, 'Enter your password.'),
  code: z.string().trim().max(40).optional(),
  next: z.string().optional(),
});

/** `secondFactor`: the password was right and the form now asks for the code (ADR 0011). */
export type SignInState = FormState & { secondFactor?: boolean };

export async function signInAction(_previous: SignInState | undefined, formData: FormData): Promise<SignInState> {
  const values = formValues(formData);
  const askedForCode = formData.has('code');
  const parsed = SignInForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    return { error: 'Enter your email address and password.', fieldErrors, values, secondFactor: askedForCode };
  }
  try {
    // On success this throws Next's redirect, which must propagate: only AuthError is caught.
    // Without a page to return to, staff land on their dashboard and applicants on the portal.
    return await signInAndGoTo(parsed.data, parsed.data.next ? safeReturnPath(parsed.data.next) : null);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const { message, field, secondFactor } = signInErrorMessage(error instanceof CredentialsSignin ? error.code : undefined);
    // The code prompt is a question, not an error: the person did nothing wrong.
    if (secondFactor && !field) return { success: message, values: { ...values, code: '' }, secondFactor: true };
    return { error: message, fieldErrors: field ? { [field]: [message] } : undefined, values, secondFactor: secondFactor ?? (askedForCode && !!field) };
  }
}
