'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { caseOutcomeLabels } from '@/lib/cases/decision-labels';
import { closeCase } from '@/lib/services/cases/close-case';
import { decideAppeal } from '@/lib/services/cases/decide-appeal';
import { decideCase } from '@/lib/services/cases/decide-case';
import { confirmRevocation, proposeRevocation, withdrawRevocationProposal } from '@/lib/services/cases/revocation-proposals';

function refresh(reference: string) {
  revalidatePath('/review/cases');
  revalidatePath(`/review/cases/${reference}`);
}

const decisionTexts = (formData: FormData) => ({ reasonForSite: formText(formData, 'reasonForSite'), summaryForComplainant: formText(formData, 'summaryForComplainant') });

export async function decideCaseAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow, decision } = await decideCase({
      ctx: await getServiceContext(),
      input: {
        caseRef: formText(formData, 'caseRef'),
        outcome: formText(formData, 'outcome'),
        ...decisionTexts(formData),
        correctiveDueAt: formText(formData, 'correctiveDueAt'),
        referredTo: formText(formData, 'referredTo'),
        reinstatementRequirements: formText(formData, 'reinstatementRequirements'),
        actBeforeDeadline: formText(formData, 'actBeforeDeadline'),
        earlyActionReason: formText(formData, 'earlyActionReason'),
      },
    });
    refresh(caseRow.reference);
    const extra = `${decision.outcome === 'suspension' ? ' The seal is suspended; the badge shows it now.' : ''}${decision.actedBeforeDeadline ? ' The site can still respond by its deadline.' : ''}`;
    return { success: `Decided: ${caseOutcomeLabels[decision.outcome]}. The site was notified and the complainants mailed.${extra}` };
  });
}

export async function proposeRevocationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow } = await proposeRevocation({ ctx: await getServiceContext(), input: { caseRef: formText(formData, 'caseRef'), revocationReason: formText(formData, 'revocationReason'), ...decisionTexts(formData) } });
    refresh(caseRow.reference);
    return { success: 'Revocation proposed. Another reviewer or an administrator must confirm it; they were notified.' };
  });
}

export async function confirmRevocationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow } = await confirmRevocation({ ctx: await getServiceContext(), input: { decisionId: formText(formData, 'decisionId'), ...decisionTexts(formData) } });
    refresh(caseRow.reference);
    return { success: 'Confirmed: the seal is revoked. The site was notified and the complainants mailed.' };
  });
}

export async function withdrawRevocationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow } = await withdrawRevocationProposal({ ctx: await getServiceContext(), input: { decisionId: formText(formData, 'decisionId') } });
    refresh(caseRow.reference);
    return { success: 'The proposal is withdrawn.' };
  });
}

export async function decideAppealAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const outcome = formText(formData, 'outcome');
    const changed = outcome === 'changed';
    const { caseRow } = await decideAppeal({
      ctx: await getServiceContext(),
      input: {
        appealId: formText(formData, 'appealId'),
        outcome,
        note: formText(formData, 'note'),
        ...(changed
          ? { newOutcome: formText(formData, 'newOutcome'), ...decisionTexts(formData), correctiveDueAt: formText(formData, 'correctiveDueAt'), referredTo: formText(formData, 'referredTo') }
          : {}),
      },
    });
    refresh(caseRow.reference);
    return { success: 'The appeal is decided. The site was notified and the complainants mailed.' };
  });
}

export async function closeCaseAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const closed = await closeCase({ ctx: await getServiceContext(), input: { caseRef: formText(formData, 'caseRef') } });
    refresh(closed.reference);
    return { success: 'The case is closed.' };
  });
}
