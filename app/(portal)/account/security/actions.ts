'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { confirmSecondFactor } from '@/lib/services/second-factor/confirm-enrolment';
import { disableSecondFactor } from '@/lib/services/second-factor/disable';
import { regenerateRecoveryCodes } from '@/lib/services/second-factor/regenerate-recovery-codes';
import { startSecondFactorEnrolment } from '@/lib/services/second-factor/start-enrolment';

/** `recoveryCodes`: shown once, right after two-factor sign-in is switched on or the codes are replaced. */
export type SecondFactorFormState = FormState & { recoveryCodes?: string[] };

export async function startSecondFactorAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await startSecondFactorEnrolment({ ctx: await getServiceContext(), input: {} });
    revalidatePath('/account/security');
  });
}

export async function confirmSecondFactorAction(_previous: SecondFactorFormState | undefined, formData: FormData): Promise<SecondFactorFormState> {
  return formAction(formData, async () => {
    const { recoveryCodes } = await confirmSecondFactor({ ctx: await getServiceContext(), input: { code: formText(formData, 'code') } });
    // No revalidation here: the page would re-render as "on" and the codes, shown once, would go with it.
    return { success: 'Two-factor sign-in is on. From now on you will be asked for a code after your password.', recoveryCodes };
  });
}

export async function disableSecondFactorAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await disableSecondFactor({ ctx: await getServiceContext(), input: { proof: formText(formData, 'proof') } });
    revalidatePath('/account/security');
    return { success: 'Two-factor sign-in is off. You sign in with your password alone.' };
  });
}

export async function regenerateRecoveryCodesAction(_previous: SecondFactorFormState | undefined, formData: FormData): Promise<SecondFactorFormState> {
  return formAction(formData, async () => {
    const { recoveryCodes } = await regenerateRecoveryCodes({ ctx: await getServiceContext(), input: { proof: formText(formData, 'proof') } });
    // No revalidation, as for the first codes: a re-render would take the codes, shown once, away.
    return { success: 'New recovery codes are made. Your earlier ones no longer work.', recoveryCodes };
  });
}
