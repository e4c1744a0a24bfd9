'use client';

import { EVIDENCE_LIMITS, megabytes } from '@/lib/complaints/limits';

/**
 * When the request never reached the form's own answers: files larger than the server reads at all,
 * sent from a browser that skipped the form's own size check, or an upload refused before it was
 * read because its connection is over the complaint limit (lib/server/upload-gate.ts).
 */
export default function ComplaintFormError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="card max-w-2xl space-y-3">
      <h1>Your complaint could not be sent</h1>
      <p>
        The most common reason is attachments that are too large together: at most {EVIDENCE_LIMITS.maxFiles} files, each up to {megabytes(EVIDENCE_LIMITS.maxFileBytes)},{' '}
        {megabytes(EVIDENCE_LIMITS.maxTotalBytes)} in all. Make the files smaller (a screenshot instead of a scan, for example) or send fewer of them.
      </p>
      <p>
        Or other complaints with files from your connection were still being received, or five were sent from it in the last hour: then wait a while (at most an
        hour) and send it again.
      </p>
      <p>Nothing was filed. Go back to the form to send it again; if your text is gone, your browser’s Back button may bring it back.</p>
      <button type="button" className="btn" onClick={reset}>
        Back to the form
      </button>
    </div>
  );
}
