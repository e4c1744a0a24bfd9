'use client';

import { useId, useRef, useState, useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * A read-only snippet with a Copy button. Without JavaScript the button is not shown and the text
 * can still be selected and copied by hand; the button says whether copying worked.
 */
export function CopySnippet({ label, value, rows = 3, testId }: { label: string; value: string; rows?: number; testId?: string }) {
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);
  // False while rendered on the server and during hydration: the button appears once it can work.
  const interactive = useSyncExternalStore(noSubscription, () => true, () => false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setOutcome('copied');
    } catch {
      // No clipboard permission (or not a secure context): select the text so Ctrl+C copies it.
      field.current?.focus();
      field.current?.select();
      setOutcome('failed');
    }
  }

  return (
    <div className="mb-4">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <textarea
        id={id}
        ref={field}
        readOnly
        rows={rows}
        value={value}
        spellCheck={false}
        onFocus={(event) => event.currentTarget.select()}
        className="field-input font-mono text-xs"
        data-testid={testId}
      />
      {interactive && (
        <div className="mt-2 flex items-center gap-3">
          <button type="button" className="btn-secondary" onClick={copy} aria-label={`Copy: ${label}`}>
            Copy
          </button>
          <span aria-live="polite" className="text-sm text-slate-700">
            {outcome === 'copied' ? 'Copied to the clipboard.' : outcome === 'failed' ? 'Could not copy by itself: the text is selected, press Ctrl+C (⌘C on a Mac).' : ''}
          </span>
        </div>
      )}
    </div>
  );
}
