'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
import { revokeSeal } from '@/lib/services/seals/revoke-seal';

export async function sealLifecycleAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const ctx = await getServiceContext();
    const sealId = formText(formData, 'sealId');
    const intent = formText(formData, 'intent');
    if (intent === 'suspend') await suspendSeal({ ctx, input: { sealId, reason: formText(formData, 'reason'), reinstatementRequirements: formText(formData, 'reinstatementRequirements') } });
    else if (intent === 'reinstate') await reinstateSeal({ ctx, input: { sealId, note: formText(formData, 'note') || undefined } });
    else if (intent === 'revoke') await revokeSeal({ ctx, input: { sealId, reason: formText(formData, 'reason'), statement: formText(formData, 'statement') } });
    else return { error: 'Unknown action.' };
    revalidatePath(`/review/seals/${sealId}`);
    return { success: intent === 'suspend' ? 'The seal is suspended.' : intent === 'reinstate' ? 'The seal is active again.' : 'The seal is revoked.' };
  });
}
