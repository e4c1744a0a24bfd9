'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, formValues, type FormState } from '@/lib/forms';
import { revokeSeal } from '@/lib/services/seals/revoke-seal';
import { removeSite } from '@/lib/services/sites/remove-site';

const REVOCATION_CONFIRMATION_MISSING = 'Tick the box to confirm that you understand revocation is final.';

/** The holder's owner gives up the organization's seal. The verb decides who may and with which reasons. */
export async function revokeOwnSealAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  // An irreversible step needs an explicit yes; without it nothing is sent to the verb.
  if (formData.get('confirm') !== 'yes') {
    return { error: REVOCATION_CONFIRMATION_MISSING, fieldErrors: { confirm: [REVOCATION_CONFIRMATION_MISSING] }, values: formValues(formData) };
  }
  return formAction(formData, async () => {
    const seal = await revokeSeal({ ctx: await getServiceContext(), input: { sealId: formText(formData, 'sealId'), reason: formText(formData, 'reason'), statement: formText(formData, 'statement') } });
    revalidatePath(`/portal/sites/${seal.siteId}`);
    revalidatePath(`/portal/organizations/${seal.organizationId}`);
    return { success: `Seal ${seal.publicId} is revoked. Its badge now shows “revoked” on every page that embeds it.` };
  });
}

/** An owner removes the site from the organization; the verb refuses while a seal or an open application covers it. */
export async function removeSiteAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const site = await removeSite({ ctx: await getServiceContext(), input: { siteId: formText(formData, 'siteId') } });
    revalidatePath(`/portal/organizations/${site.organizationId}`);
    revalidatePath('/portal');
    redirect(`/portal/organizations/${site.organizationId}?removed=1`);
  });
}
