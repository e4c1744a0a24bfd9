'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { checklistEntry, checklistFindingLabels } from '@/lib/cases/change-of-control';
import { formAction, type FormState } from '@/lib/forms';
import { recordChecklistFinding } from '@/lib/services/cases/record-checklist-finding';

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === 'string' ? value : undefined;
};

/** A reviewer records the finding and evidence for one item of the Toysmart checklist. */
export async function recordChecklistFindingAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow, check, mustGoToDecision } = await recordChecklistFinding({
      ctx: await getServiceContext(),
      input: { caseRef: text(formData, 'caseRef'), item: text(formData, 'item'), finding: text(formData, 'finding'), evidence: text(formData, 'evidence') },
    });
    revalidatePath(`/review/cases/${caseRow.reference}`);
    const recorded = `Recorded: “${checklistEntry(check.item).title}” — ${checklistFindingLabels[check.finding].toLowerCase()}.`;
    return { success: mustGoToDecision ? `${recorded} A condition failed: the case must go to a decision.` : recorded };
  });
}
