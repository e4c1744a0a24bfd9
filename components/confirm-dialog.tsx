'use client';

import { useId, useRef } from 'react';

/**
 * Asks before a step that cannot be undone, in a modal dialog of the page's own (issue 13, item
 * 10) rather than `window.confirm()`: it names what will happen in the page's words and style,
 * screen readers announce it as a dialog with its question, Escape or "Cancel" leaves everything as
 * it was, and focus starts on "Cancel" so a stray Enter does nothing. The form's submit is held
 * until the person confirms, then sent as it would have been.
 */
export function useConfirmBeforeSubmit({ question, detail, confirmLabel }: { question?: string; detail?: string; confirmLabel: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const confirmed = useRef(false);
  const titleId = useId();
  const detailId = useId();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    if (!question) return;
    if (confirmed.current) {
      confirmed.current = false;
      return;
    }
    event.preventDefault();
    dialogRef.current?.showModal();
  }

  const dialog = question ? (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={detail ? detailId : undefined}
      className="m-auto max-w-md rounded-lg border border-slate-300 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
    >
      <h2 id={titleId} className="mt-0 text-lg font-semibold">
        {question}
      </h2>
      {detail && (
        <p id={detailId} className="mt-2 text-sm">
          {detail}
        </p>
      )}
      <div className="mt-6 flex flex-wrap justify-end gap-3">
        {/* The safe choice takes the focus. */}
        <button type="button" className="btn-secondary" autoFocus onClick={() => dialogRef.current?.close()}>
          Cancel
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            confirmed.current = true;
            dialogRef.current?.close();
            formRef.current?.requestSubmit();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  ) : null;

  return { formRef, onSubmit, dialog };
}
