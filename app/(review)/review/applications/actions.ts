'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { assignApplication, claimApplication } from '@/lib/services/reviews/claim';
import { recordVerdicts } from '@/lib/services/reviews/record-verdicts';
import { approveApplication, rejectApplication, requestChanges } from '@/lib/services/reviews/decide';
import { formatDate } from '@/lib/format/dates';

function refresh(applicationId: unknown) {
  revalidatePath('/review');
  revalidatePath(`/review/applications/${String(applicationId)}`);
}

export async function claimAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const applicationId = formData.get('applicationId');
    await claimApplication({ ctx: await getServiceContext(), input: { applicationId } });
    refresh(applicationId);
    return { success: 'Claimed: it is yours to assess.' };
  });
}

export async function assignAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const applicationId = formData.get('applicationId');
    await assignApplication({ ctx: await getServiceContext(), input: { applicationId, reviewerId: formData.get('reviewerId') } });
    refresh(applicationId);
    return { success: 'Assigned.' };
  });
}

/** The form posts `verdict:<code>` and `note:<code>` per criterion; criteria left without a verdict are not sent. */
export async function recordVerdictsAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const applicationId = formData.get('applicationId');
    const verdicts: Record<string, { verdict: string; note: string }> = {};
    for (const [key, value] of formData.entries()) {
      if (typeof value !== 'string' || !key.startsWith('verdict:') || !value) continue;
      const code = key.slice('verdict:'.length);
      const note = formData.get(`note:${code}`);
      verdicts[code] = { verdict: value, note: typeof note === 'string' ? note : '' };
    }
    const { saved } = await recordVerdicts({ ctx: await getServiceContext(), input: { applicationId, verdicts } });
    refresh(applicationId);
    return { success: `Saved ${saved} ${saved === 1 ? 'verdict' : 'verdicts'}.` };
  });
}

export async function decideAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const applicationId = formData.get('applicationId');
    const ctx = await getServiceContext();
    const decision = formData.get('decision');
    let success: string;
    if (decision === 'request-changes') {
      await requestChanges({ ctx, input: { applicationId, note: formData.get('note') || undefined } });
      success = 'Changes requested: the applicant has been notified.';
    } else if (decision === 'reject') {
      await rejectApplication({ ctx, input: { applicationId, reason: formData.get('reason') } });
      success = 'Rejected: the applicant has been notified.';
    } else if (decision === 'approve') {
      const seal = await approveApplication({ ctx, input: { applicationId } });
      success = `Approved. Seal ${seal.publicId} issued, valid until ${formatDate(seal.expiresAt, ctx.actor?.timeZone)}.`;
    } else {
      return { error: 'Choose a decision.' };
    }
    refresh(applicationId);
    return { success };
  });
}
