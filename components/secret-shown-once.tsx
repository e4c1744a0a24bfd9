'use client';

import type { ReactNode } from 'react';
import { CopySnippet } from '@/components/copy-snippet';
import { FocusedFormMessage } from '@/components/focused-form-message';
import type { FormState } from '@/lib/forms';

type Props = {
  state: FormState | undefined;
  /** The box's test id: e2e tests find the secret's box by it. */
  testId: string;
  /** What the secret is, when the answer does not say (`state.secretLabel`). */
  label: string;
  rows: number;
  /** Said first, in bold: copy it now and where to keep it. */
  copyNow: string;
  /** Then: that it will not be shown again, and what to do should it be lost. */
  ifLost: string;
  /** Anything more the holder of the secret needs, under it (how to use it). */
  children?: ReactNode;
};

/**
 * A form's answer that carries a secret shown this once (an API key's token, a webhook endpoint's
 * signing secret; only a hash or nothing of it is kept). The message takes the focus (ADR 0017)
 * without the secret; the secret follows in a box of its own, to copy, under the warning that it
 * will not be shown again.
 */
export function SecretShownOnceAnswer({ state, testId, label, rows, copyNow, ifLost, children }: Props) {
  const message = state?.secret ? { ...state, secret: undefined } : state;
  return (
    <>
      <FocusedFormMessage state={message} />
      {state?.secret && (
        <div className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" data-testid={testId}>
          <p className="mb-2">
            <strong>{copyNow}</strong> {ifLost}
          </p>
          <CopySnippet label={state.secretLabel ?? label} value={state.secret} rows={rows} testId="one-time-secret" />
          {children}
        </div>
      )}
    </>
  );
}
