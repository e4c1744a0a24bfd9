'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formError, formFiles, formText, type FormState } from '@/lib/forms';
import { addInternalNote } from '@/lib/services/cases/add-internal-note';
import { assignCase } from '@/lib/services/cases/assign-case';
import { requestComplainantInfo } from '@/lib/services/cases/request-complainant-info';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { FILES_AGAIN_MESSAGE, sendSiteMessage } from '@/lib/services/cases/send-site-message';
import { stagedUploadsOf } from '@/lib/uploads/form-uploads';
import { formatDateTime } from '@/lib/format/dates';

/** A follow-up message to the site, with files; on a refusal the text is kept and the files must be chosen again. */
export async function sendSiteMessageAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const files = await formFiles(formData, 'files');
  const { uploads } = await stagedUploadsOf(formData, 'files');
  const count = files.length + uploads.length;
  try {
    const caseRef = formText(formData, 'caseRef');
    await sendSiteMessage({ ctx: await getServiceContext(), input: { caseRef, body: formText(formData, 'body'), files, uploads } });
    refresh(caseRef ?? '');
    const attached = count > 0 ? ` with ${count} file${count === 1 ? '' : 's'}` : '';
    return { success: `Message${attached} sent. The organization’s members were notified and mailed.` };
  } catch (error) {
    const state = formError(error, formData);
    if (count > 0 && state.error && !state.error.includes(FILES_AGAIN_MESSAGE)) state.error = `${state.error} ${FILES_AGAIN_MESSAGE}`;
    return state;
  }
}

function refresh(reference: string) {
  revalidatePath('/review/cases');
  revalidatePath(`/review/cases/${reference}`);
}

export async function sendNoticeAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const ctx = await getServiceContext();
    const { caseRow } = await sendNotice({
      ctx,
      input: { caseRef: formText(formData, 'caseRef'), body: formText(formData, 'body'), responseDueOn: formText(formData, 'responseDueOn'), deadlineReason: formText(formData, 'deadlineReason') },
    });
    refresh(caseRow.reference);
    return { success: `Notice sent. The organization’s members were notified and mailed; their response is due by ${formatDateTime(caseRow.responseDueAt!, ctx.actor?.timeZone)}.` };
  });
}

export async function addInternalNoteAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const caseRef = formText(formData, 'caseRef');
    await addInternalNote({ ctx: await getServiceContext(), input: { caseRef, body: formText(formData, 'body') } });
    refresh(caseRef ?? '');
    return { success: 'Note added. Only reviewers can read it.' };
  });
}

export async function requestComplainantInfoAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const caseRef = formText(formData, 'caseRef');
    const { complaint, mailed } = await requestComplainantInfo({
      ctx: await getServiceContext(),
      input: { caseRef, complaintRef: formText(formData, 'complaintRef'), body: formText(formData, 'body') },
    });
    refresh(caseRef ?? '');
    return {
      success: mailed
        ? `Question sent. It is on the tracking page of ${complaint.reference}, and the complainant was mailed to open it with the link they kept.`
        : `Question posted on the tracking page of ${complaint.reference}. The complainant gave no email address, so no one was mailed.`,
    };
  });
}

export async function assignCaseAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const caseRef = formText(formData, 'caseRef');
    const ctx = await getServiceContext();
    const updated = await assignCase({ ctx, input: { caseRef, assigneeId: formText(formData, 'assigneeId') } });
    refresh(updated.reference);
    return { success: updated.assignedReviewerId === ctx.actor?.id ? 'You hold this case now.' : 'Assigned. The reviewer was notified.' };
  });
}
