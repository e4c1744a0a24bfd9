'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formError, formText, type FormState } from '@/lib/forms';
import { mergeComplaintIntoCase, openCaseFromComplaint } from '@/lib/services/cases/open-case';

/** Opens a case from the complaint; on success, the case's page. */
export async function openCaseAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  let reference: string;
  try {
    const caseRow = await openCaseFromComplaint({ ctx: await getServiceContext(), input: { complaintRef: formText(formData, 'complaintRef'), title: formText(formData, 'title') } });
    reference = caseRow.reference;
  } catch (error) {
    return formError(error, formData);
  }
  revalidatePath('/review/complaints');
  revalidatePath('/review/cases');
  redirect(`/review/cases/${reference}`);
}

/** Adds the complaint to an open case of the same organization; on success, the case's page. */
export async function mergeIntoCaseAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  let reference: string;
  try {
    const { caseRow } = await mergeComplaintIntoCase({ ctx: await getServiceContext(), input: { complaintRef: formText(formData, 'complaintRef'), caseRef: formText(formData, 'caseRef') } });
    reference = caseRow.reference;
  } catch (error) {
    return formError(error, formData);
  }
  revalidatePath('/review/complaints');
  revalidatePath('/review/cases');
  redirect(`/review/cases/${reference}`);
}
