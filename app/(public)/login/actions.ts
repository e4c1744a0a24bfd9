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
  next: z.string().optional(),
});

export async function signInAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = SignInForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    return { error: 'Enter your email address and password.', fieldErrors, values };
  }
  try {
    // On success this throws Next's redirect, which must propagate: only AuthError is caught.
    return await signInAndGoTo(parsed.data, safeReturnPath(parsed.data.next));
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const { message, field } = signInErrorMessage(error instanceof CredentialsSignin ? error.code : undefined);
    return { error: message, fieldErrors: field ? { [field]: [message] } : undefined, values };
  }
}
