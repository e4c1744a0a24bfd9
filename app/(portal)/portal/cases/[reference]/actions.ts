'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formError, formFiles, formText, type FormState } from '@/lib/forms';

import { fileAppeal } from '@/lib/services/cases/file-appeal';
import { FILES_AGAIN_RESPONSE, respondToCase } from '@/lib/services/cases/respond-to-case';
import { stagedUploadsOf } from '@/lib/uploads/form-uploads';
import { formatDateTime } from '@/lib/format/dates';

/** The site responds to its case; on a refusal it keeps the text and says when files must be chosen again. */
export async function respondToCaseAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const files = await formFiles(formData, 'files');
  const { uploads } = await stagedUploadsOf(formData, 'files');
  const count = files.length + uploads.length;
  try {
    const caseRef = formText(formData, 'caseRef');
    const ctx = await getServiceContext();
    const { message } = await respondToCase({ ctx, input: { caseRef, body: formText(formData, 'body'), files, uploads } });
    revalidatePath(`/portal/cases/${caseRef}`);
    revalidatePath('/portal/cases');
    const attached = count > 0 ? ` with ${count} file${count === 1 ? '' : 's'}` : '';
    return { success: `Your response${attached} was sent on ${formatDateTime(message.createdAt, ctx.actor?.timeZone)}. The reviewer is told.` };
  } catch (error) {
    const state = formError(error, formData);
    if (count > 0 && state.error && !state.error.includes(FILES_AGAIN_RESPONSE)) state.error = `${state.error} ${FILES_AGAIN_RESPONSE}`;
    return state;
  }
}

export async function fileAppealAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  try {
    const caseRef = formText(formData, 'caseRef');
    await fileAppeal({ ctx: await getServiceContext(), input: { caseRef, decisionId: formText(formData, 'decisionId'), grounds: formText(formData, 'grounds') } });
    revalidatePath(`/portal/cases/${caseRef}`);
    revalidatePath('/portal/cases');
    return { success: 'Your appeal was filed. A reviewer who took no part in the case will decide it; you will be told the outcome.' };
  } catch (error) {
    return formError(error, formData);
  }
}
