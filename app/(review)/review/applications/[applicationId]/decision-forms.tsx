'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-fields';
import { useConfirmBeforeSubmit } from '@/components/confirm-dialog';
import { decideAction } from '../actions';

function DecisionForm({ applicationId, decision, label, className, children, confirm, confirmDetail }: { applicationId: string; decision: string; label: string; className: string; children?: React.ReactNode; confirm?: string; confirmDetail?: string }) {
  const [state, action, pending] = useActionState(decideAction, undefined);
  const { formRef, onSubmit, dialog } = useConfirmBeforeSubmit({ question: confirm, detail: confirmDetail, confirmLabel: label });
  return (
    <form ref={formRef} action={action} className="card space-y-2" onSubmit={onSubmit}>
      {dialog}
      <input type="hidden" name="applicationId" value={applicationId} />
      <input type="hidden" name="decision" value={decision} />
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      {children}
      <button type="submit" className={className} disabled={pending}>
        {label}
      </button>
    </form>
  );
}

/** The three decisions; the service checks every rule again (verdicts, state, conflict). */
export function DecisionForms({ applicationId }: { applicationId: string }) {
  return (
    <div className="grid gap-4 md:grid-cols-3">
      <DecisionForm applicationId={applicationId} decision="request-changes" label="Request changes" className="btn-secondary">
        <p className="text-sm">Sends the criteria marked “does not meet”, with your notes, back to the applicant. Save your verdicts first.</p>
        <label htmlFor="field-note" className="field-label">
          Message to the applicant (optional)
        </label>
        <textarea id="field-note" name="note" rows={2} className="field-input" />
      </DecisionForm>
      <DecisionForm applicationId={applicationId} decision="reject" label="Reject" className="btn-danger" confirm="Reject this application?" confirmDetail="The applicant is told the reason, and this application cannot be reopened: they would have to apply again.">
        <label htmlFor="field-reason" className="field-label">
          Reason for the rejection
        </label>
        <textarea id="field-reason" name="reason" rows={2} className="field-input" />
      </DecisionForm>
      <DecisionForm applicationId={applicationId} decision="approve" label="Approve and issue the seal" className="btn" confirm="Approve this application and issue the seal?" confirmDetail="The seal becomes active at once: the badge and the public verification page show it as certified.">
        <p className="text-sm">Every mandatory criterion must be marked “meets”.</p>
      </DecisionForm>
    </div>
  );
}
