'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formError, type FormState } from '@/lib/forms';
import { mergeComplaintIntoCase, openCaseFromComplaint } from '@/lib/services/cases/open-case';

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === 'string' ? value : undefined;
};

/** Opens a case from the complaint; on success, the case's page. */
export async function openCaseAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  let reference: string;
  try {
    const caseRow = await openCaseFromComplaint({ ctx: await getServiceContext(), input: { complaintRef: text(formData, 'complaintRef'), title: text(formData, 'title') } });
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
    const { caseRow } = await mergeComplaintIntoCase({ ctx: await getServiceContext(), input: { complaintRef: text(formData, 'complaintRef'), caseRef: text(formData, 'caseRef') } });
    reference = caseRow.reference;
  } catch (error) {
    return formError(error, formData);
  }
  revalidatePath('/review/complaints');
  revalidatePath('/review/cases');
  redirect(`/review/cases/${reference}`);
}
