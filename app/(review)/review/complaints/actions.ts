'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formError, formText, type FormState } from '@/lib/forms';
import { dismissComplaint } from '@/lib/services/complaints/dismiss-complaint';
import { FILES_AGAIN } from '@/lib/services/complaints/intake-rate-limits';
import { logComplaint } from '@/lib/services/complaints/log-complaint';
import { stagedUploadsOf } from '@/lib/uploads/form-uploads';
import { complaintFieldsOf, evidenceOf } from '@/app/(public)/complaints/_components/form-data';

export async function dismissComplaintAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const dismissed = await dismissComplaint({
      ctx: await getServiceContext(),
      input: { complaint: formText(formData, 'complaint'), reason: formText(formData, 'reason'), note: formText(formData, 'note') },
    });
    revalidatePath('/review/complaints');
    revalidatePath(`/review/complaints/${dismissed.reference}`);
    return { success: 'Dismissed. The complainant can read the reason and your note on their tracking page, and was mailed.' };
  });
}

/** A reviewer logs a complaint; on success, its page. */
export async function logComplaintAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const evidence = await evidenceOf(formData);
  const { uploads } = await stagedUploadsOf(formData, 'evidence');
  let reference: string;
  try {
    const { complaint } = await logComplaint({
      ctx: await getServiceContext(),
      input: {
        ...complaintFieldsOf(formData),
        source: formText(formData, 'source'),
        complainantName: formText(formData, 'complainantName'),
        complainantEmail: formText(formData, 'complainantEmail'),
        evidence,
        uploads,
      },
    });
    reference = complaint.reference;
  } catch (error) {
    const state = formError(error, formData);
    if (evidence.length + uploads.length > 0 && state.error && !state.error.includes(FILES_AGAIN)) state.error = `${state.error} ${FILES_AGAIN}`;
    return state;
  }
  revalidatePath('/review/complaints');
  redirect(`/review/complaints/${reference}?logged=1`);
}
