'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { caseOutcomeLabels } from '@/lib/cases/decision-labels';
import { closeCase } from '@/lib/services/cases/close-case';
import { decideAppeal } from '@/lib/services/cases/decide-appeal';
import { decideCase } from '@/lib/services/cases/decide-case';
import { confirmRevocation, proposeRevocation, withdrawRevocationProposal } from '@/lib/services/cases/revocation-proposals';

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === 'string' ? value : undefined;
};

function refresh(reference: string) {
  revalidatePath('/review/cases');
  revalidatePath(`/review/cases/${reference}`);
}

const decisionTexts = (formData: FormData) => ({ reasonForSite: text(formData, 'reasonForSite'), summaryForComplainant: text(formData, 'summaryForComplainant') });

export async function decideCaseAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow, decision } = await decideCase({
      ctx: await getServiceContext(),
      input: {
        caseRef: text(formData, 'caseRef'),
        outcome: text(formData, 'outcome'),
        ...decisionTexts(formData),
        correctiveDueAt: text(formData, 'correctiveDueAt'),
        referredTo: text(formData, 'referredTo'),
        reinstatementRequirements: text(formData, 'reinstatementRequirements'),
      },
    });
    refresh(caseRow.reference);
    const extra = decision.outcome === 'suspension' ? ' The seal is suspended; the badge shows it now.' : '';
    return { success: `Decided: ${caseOutcomeLabels[decision.outcome]}. The site was notified and the complainants mailed.${extra}` };
  });
}

export async function proposeRevocationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow } = await proposeRevocation({ ctx: await getServiceContext(), input: { caseRef: text(formData, 'caseRef'), revocationReason: text(formData, 'revocationReason'), ...decisionTexts(formData) } });
    refresh(caseRow.reference);
    return { success: 'Revocation proposed. Another reviewer or an administrator must confirm it; they were notified.' };
  });
}

export async function confirmRevocationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow } = await confirmRevocation({ ctx: await getServiceContext(), input: { decisionId: text(formData, 'decisionId') } });
    refresh(caseRow.reference);
    return { success: 'Confirmed: the seal is revoked.' };
  });
}

export async function withdrawRevocationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow } = await withdrawRevocationProposal({ ctx: await getServiceContext(), input: { decisionId: text(formData, 'decisionId') } });
    refresh(caseRow.reference);
    return { success: 'The proposal is withdrawn.' };
  });
}

export async function decideAppealAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const outcome = text(formData, 'outcome');
    const changed = outcome === 'changed';
    const { caseRow } = await decideAppeal({
      ctx: await getServiceContext(),
      input: {
        appealId: text(formData, 'appealId'),
        outcome,
        note: text(formData, 'note'),
        ...(changed
          ? { newOutcome: text(formData, 'newOutcome'), ...decisionTexts(formData), correctiveDueAt: text(formData, 'correctiveDueAt'), referredTo: text(formData, 'referredTo') }
          : {}),
      },
    });
    refresh(caseRow.reference);
    return { success: 'The appeal is decided. The site was notified and the complainants mailed.' };
  });
}

export async function closeCaseAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const closed = await closeCase({ ctx: await getServiceContext(), input: { caseRef: text(formData, 'caseRef') } });
    refresh(closed.reference);
    return { success: 'The case is closed.' };
  });
}
