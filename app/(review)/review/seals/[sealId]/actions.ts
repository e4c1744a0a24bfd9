'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formError, formText, type FormState } from '@/lib/forms';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
import { proposeSealRevocation } from '@/lib/services/cases/propose-seal-revocation';

export async function sealLifecycleAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const intent = formText(formData, 'intent');
  if (intent === 'propose-revocation') return proposeRevocationAction(formData);
  return formAction(formData, async () => {
    const ctx = await getServiceContext();
    const sealId = formText(formData, 'sealId');
    if (intent === 'suspend') await suspendSeal({ ctx, input: { sealId, reason: formText(formData, 'reason'), reinstatementRequirements: formText(formData, 'reinstatementRequirements') } });
    else if (intent === 'reinstate') await reinstateSeal({ ctx, input: { sealId, note: formText(formData, 'note') || undefined } });
    else return { error: 'Unknown action.' };
    revalidatePath(`/review/seals/${sealId}`);
    return { success: intent === 'suspend' ? 'The seal is suspended.' : 'The seal is active again.' };
  });
}

/** The proposal lands in a case (new, or the seal's open one): the proposer goes there to follow the confirmation. */
async function proposeRevocationAction(formData: FormData): Promise<FormState> {
  const sealId = formText(formData, 'sealId');
  let reference: string;
  try {
    const { caseRow } = await proposeSealRevocation({
      ctx: await getServiceContext(),
      input: { sealId, revocationReason: formText(formData, 'revocationReason'), statement: formText(formData, 'statement') },
    });
    reference = caseRow.reference;
  } catch (error) {
    return formError(error, formData);
  }
  revalidatePath(`/review/seals/${sealId}`);
  redirect(`/review/cases/${reference}?proposed=1`);
}
