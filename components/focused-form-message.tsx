'use client';

import { useEffect, useRef } from 'react';
import { FormMessage } from '@/components/form-fields';
import type { FormState } from '@/lib/forms';

/**
 * A form's answer (role status or alert) that takes the focus when it arrives (ADR 0017): after
 * sending, a keyboard or screen reader user is where the result is, not left on a button whose
 * form may have changed around it. The message is focusable only from code (`tabIndex={-1}`).
 */
export function FocusedFormMessage({ state }: { state: FormState | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state?.error || state?.success) ref.current?.focus();
  }, [state]);
  return (
    <div aria-live="polite">
      <FormMessage state={state} focusRef={ref} />
    </div>
  );
}
