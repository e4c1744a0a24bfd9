'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { ReviewerSelect } from '../../_components/reviewer-select';
import { FileUploadField, UploadFormMessage, useChosenFilesCheck } from '@/components/file-upload';
import { addInternalNoteAction, assignCaseAction, requestComplainantInfoAction, sendNoticeAction, sendSiteMessageAction } from './workflow-actions';

type CaseProps = { caseRef: string };
/** The program's template for the text, filled in for the case ('' for none): the field starts with it. */
type TemplateProps = { template: string };

/**
 * The notice to the site; the deadline comes from the program unless the reviewer sets one. In a
 * change-of-control case (issue 13) it ends before the declared effective date, or the reviewer says why not.
 */
export function SendNoticeForm({ caseRef, responseDays, changeEffectiveOn, template, zone }: CaseProps & TemplateProps & { responseDays: number; changeEffectiveOn: string | null; zone: string }) {
  const [state, action, pending] = useActionState(sendNoticeAction, undefined);
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="notice-heading">
      <h3 id="notice-heading" className="mt-0 font-semibold">
        Send a notice to the site
      </h3>
      <p className="mb-3 text-sm text-slate-700">
        The organization’s members are notified and mailed, and read it in the portal. They have {responseDays} days to respond; then the case escalates by itself. The complainant’s identity is not in it unless you write it.
      </p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="caseRef" value={caseRef} />
      <TextField name="body" label="Notice" rows={6} state={state} idPrefix="notice" defaultValue={template} hint={`Say what is alleged, what the site must answer, and what it must send.${template ? ' It starts from the program’s template: edit it for this case.' : ''}`} />
      {changeEffectiveOn && (
        <p className="mb-3 max-w-prose rounded-md border border-amber-400 bg-amber-50 p-3 text-sm" data-testid="notice-change-date">
          The declared change takes effect on {changeEffectiveOn}. The deadline ends before that day: if the program’s {responseDays} days run past it, the deadline is the end of the day before. To give the site longer, set a later deadline and say why.
        </p>
      )}
      <TextField name="responseDueOn" label="Deadline (optional)" type="date" required={false} state={state} idPrefix="notice" hint={`Due by the end of that day in your time zone (${zone}). Leave empty for the program’s ${responseDays} days.`} />
      {changeEffectiveOn && <TextField name="deadlineReason" label="Why the deadline ends on or after the date of the change (the site reads it)" rows={2} required={false} state={state} idPrefix="notice" />}
      <button type="submit" className="btn" disabled={pending}>
        Send the notice
      </button>
    </form>
  );
}

/** A follow-up message to the site after the notice (issue 13): text and files, no new deadline. */
export function SiteMessageForm({ caseRef, template }: CaseProps & TemplateProps) {
  const [state, action, pending] = useActionState(sendSiteMessageAction, undefined);
  const filesCheck = useChosenFilesCheck('files', 'can be attached to a message');
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="site-message-heading" onSubmit={filesCheck.onSubmit}>
      <h3 id="site-message-heading" className="mt-0 font-semibold">
        Write to the site
      </h3>
      <p className="mb-3 text-sm text-slate-700">A follow-up to the notice: the organization’s members are notified and mailed, and read it in the portal. It sets no new deadline; send a notice for that.</p>
      <UploadFormMessage problem={filesCheck.problem} state={state} />
      <input type="hidden" name="caseRef" value={caseRef} />
      <TextField name="body" label="Message" rows={4} state={state} idPrefix="site-message" defaultValue={template} />
      <FileUploadField id="site-message-files" name="files" label="Files (optional)" refused="message" state={state} />
      <button type="submit" className="btn-secondary" disabled={pending}>
        {pending ? 'Sending…' : 'Send the message'}
      </button>
    </form>
  );
}

/** A note for reviewers only. */
export function InternalNoteForm({ caseRef }: CaseProps) {
  const [state, action, pending] = useActionState(addInternalNoteAction, undefined);
  return (
    <form action={action} noValidate className="card max-w-2xl border-dashed" aria-labelledby="note-heading">
      <h3 id="note-heading" className="mt-0 font-semibold">
        Internal note
      </h3>
      <p className="mb-3 text-sm text-slate-700">Internal — the site and the complainant never see this.</p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="caseRef" value={caseRef} />
      <TextField name="body" label="Note" rows={3} state={state} idPrefix="note" />
      <button type="submit" className="btn-secondary" disabled={pending}>
        Add the note
      </button>
    </form>
  );
}

/** A question on a complainant's tracking page. */
export function AskComplainantForm({ caseRef, complaints, template }: CaseProps & TemplateProps & { complaints: Array<{ reference: string; label: string }> }) {
  const [state, action, pending] = useActionState(requestComplainantInfoAction, undefined);
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="ask-heading">
      <h3 id="ask-heading" className="mt-0 font-semibold">
        Ask the complainant
      </h3>
      <p className="mb-3 text-sm text-slate-700">
        The question appears on the complainant’s tracking page, where they can answer. They are mailed to open the link they kept (we do not store it, so the mail cannot carry it).
      </p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="caseRef" value={caseRef} />
      {complaints.length > 1 ? (
        <div className="mb-4">
          <label htmlFor="ask-complaintRef" className="field-label">
            Complaint
          </label>
          <select id="ask-complaintRef" name="complaintRef" className="field-input" defaultValue={state?.values?.complaintRef ?? ''}>
            <option value="" disabled>
              Choose whose complainant to ask…
            </option>
            {complaints.map((complaint) => (
              <option key={complaint.reference} value={complaint.reference}>
                {complaint.label}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <input type="hidden" name="complaintRef" value={complaints[0]?.reference ?? ''} />
      )}
      <TextField name="body" label="Question" rows={3} state={state} idPrefix="ask" defaultValue={template} />
      <button type="submit" className="btn-secondary" disabled={pending}>
        Send the question
      </button>
    </form>
  );
}

/** An admin (re)assigns; a reviewer takes an unassigned case. */
export function AssignCaseForm({ caseRef, reviewers, current, canAssignOthers }: CaseProps & { reviewers: Array<{ id: string; name: string }>; current: string | null; canAssignOthers: boolean }) {
  const [state, action, pending] = useActionState(assignCaseAction, undefined);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2 text-sm" aria-label="Assignment">
      <input type="hidden" name="caseRef" value={caseRef} />
      {canAssignOthers ? (
        <>
          <label htmlFor="assign-reviewer">Assign to</label>
          <ReviewerSelect id="assign-reviewer" name="assigneeId" reviewers={reviewers} current={current} />
          <button type="submit" className="btn-secondary" disabled={pending}>
            Assign
          </button>
        </>
      ) : (
        <button type="submit" className="btn-secondary" disabled={pending}>
          Take this case
        </button>
      )}
      <span aria-live="polite" role={state?.error ? 'alert' : undefined} className={state?.error ? 'text-red-800' : 'text-green-800'}>
        {state?.error ?? state?.success}
      </span>
    </form>
  );
}
