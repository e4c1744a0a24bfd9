'use client';

import { useActionState, useState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { signInAction } from './actions';

/**
 * Email and password, then — for an account with a second factor — the code, on the same form.
 * The email and password stay in the browser's memory between the two steps (the server never
 * echoes a password), and go again with the code: the session is issued only when all pass.
 */
export function SignInForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState(signInAction, undefined);
  const [{ email, password }, setTyped] = useState({ email: '', password: '' });
  const askCode = !!state?.secondFactor;
  // What was typed in the first step is kept here, not sent back by the server.
  const submit = (formData: FormData) => {
    if (!askCode) setTyped({ email: String(formData.get('email') ?? ''), password: String(formData.get('password') ?? '') });
    action(formData);
  };
  return (
    <form action={submit} noValidate aria-describedby="sign-in-status">
      <div id="sign-in-status" aria-live="polite">
        {askCode && state?.success ? (
          <p role="status" className="mb-4 rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950">
            {state.success}
          </p>
        ) : (
          <FormMessage state={state} />
        )}
      </div>
      <input type="hidden" name="next" value={state?.values?.next ?? next ?? ''} />
      {askCode ? (
        <>
          <p className="mb-4 text-sm">
            Signing in as <strong>{email}</strong>.{' '}
            <a href="/login" className="underline">
              Use another account
            </a>
          </p>
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="password" value={password} />
          <TextField
            name="code"
            label="Authentication code"
            autoComplete="one-time-code"
            hint="The 6-digit code from your authenticator app, or a recovery code such as abcde-23456."
            state={state?.success ? undefined : state}
          />
        </>
      ) : (
        <>
          <TextField name="email" label="Email address" type="email" autoComplete="username" state={state} />
          <TextField name="password" label="Password" type="password" autoComplete="current-password" state={state} />
        </>
      )}
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Signing in…' : askCode ? 'Continue' : 'Sign in'}
      </button>
    </form>
  );
}
