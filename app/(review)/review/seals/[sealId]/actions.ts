'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
import { revokeSeal } from '@/lib/services/seals/revoke-seal';

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === 'string' ? value : undefined;
};

export async function sealLifecycleAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const ctx = await getServiceContext();
    const sealId = text(formData, 'sealId');
    const intent = text(formData, 'intent');
    if (intent === 'suspend') await suspendSeal({ ctx, input: { sealId, reason: text(formData, 'reason'), reinstatementRequirements: text(formData, 'reinstatementRequirements') } });
    else if (intent === 'reinstate') await reinstateSeal({ ctx, input: { sealId, note: text(formData, 'note') || undefined } });
    else if (intent === 'revoke') await revokeSeal({ ctx, input: { sealId, reason: text(formData, 'reason'), statement: text(formData, 'statement') } });
    else return { error: 'Unknown action.' };
    revalidatePath(`/review/seals/${sealId}`);
    return { success: intent === 'suspend' ? 'The seal is suspended.' : intent === 'reinstate' ? 'The seal is active again.' : 'The seal is revoked.' };
  });
}
