'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formValues, type FormState } from '@/lib/forms';
import { saveApplication } from '@/lib/services/applications/save-application';
import { ApplicationIncompleteError, submitApplication, type MissingItem } from '@/lib/services/applications/submit-application';
import { attachPolicy } from '@/lib/services/applications/attach-policy';

export type ApplicationFormState = FormState & { missing?: MissingItem[]; checked?: string[] };

/**
 * The form posts `answer:<code>`, `evidence:<code>` and `commit:<code>` (checkbox values: the
 * commitment's index); this turns them into the verb's input.
 */
function answersFrom(formData: FormData) {
  const answers: Record<string, { answer: string; evidence: string; affirmed: number[] }> = {};
  const entry = (code: string) => (answers[code] ??= { answer: '', evidence: '', affirmed: [] });
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string') continue;
    const [kind, code] = key.split(':', 2);
    if (!code) continue;
    if (kind === 'answer') entry(code).answer = value;
    else if (kind === 'evidence') entry(code).evidence = value;
    else if (kind === 'commit') entry(code).affirmed.push(Number(value));
    else if (kind === 'present') entry(code); // every criterion on the form, so clearing one is saved too
  }
  return answers;
}

/** Checkbox state to give back with an error, so ticked boxes stay ticked. */
function checkedBoxes(formData: FormData) {
  return [...formData.entries()].filter(([key]) => key.startsWith('commit:') || key === 'extraSiteIds').map(([key, value]) => `${key}=${value}`);
}

export async function saveApplicationAction(_previous: ApplicationFormState | undefined, formData: FormData): Promise<ApplicationFormState> {
  const applicationId = formData.get('applicationId');
  const input = { applicationId, answers: answersFrom(formData), extraSiteIds: formData.getAll('extraSiteIds').filter((v) => typeof v === 'string') };
  const submitting = formData.get('intent') === 'submit';
  const result: ApplicationFormState = await formAction(formData, async () => {
    const ctx = await getServiceContext();
    await saveApplication({ ctx, input });
    if (!submitting) return { success: 'Draft saved. You can come back to it from any device.' };
    try {
      await submitApplication({ ctx, input: { applicationId } });
    } catch (error) {
      // The answers were saved above; the person sees exactly what is still missing.
      if (error instanceof ApplicationIncompleteError) return { error: error.message, missing: error.missing, values: formValues(formData), checked: checkedBoxes(formData) };
      throw error;
    }
    // The form gives way to a read-only view, so the confirmation is the page's, not the form's.
    redirect(`/portal/applications/${String(applicationId)}?submitted=1`);
  });
  if (result.error && !result.checked) result.checked = checkedBoxes(formData);
  // A save the form made by itself changes nothing on the page: no need to render it again.
  if (formData.get('intent') !== 'autosave') revalidatePath(`/portal/applications/${String(applicationId)}`);
  return result;
}

export async function attachPolicyAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const applicationId = formData.get('applicationId');
    const source = formData.get('source');
    const updated = await attachPolicy({
      ctx: await getServiceContext(),
      input: source === 'url' ? { applicationId, source, url: formData.get('url') } : { applicationId, source, text: formData.get('text') },
    });
    revalidatePath(`/portal/applications/${String(applicationId)}`);
    return { success: `Policy captured: ${updated.policyText?.length ?? 0} characters, SHA-256 ${updated.policySha256}.`, values: formValues(formData) };
  });
}

