'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { checklistEntry, checklistFindingLabels } from '@/lib/cases/change-of-control';
import { formAction, formText, type FormState } from '@/lib/forms';
import { recordChecklistFinding } from '@/lib/services/cases/record-checklist-finding';

/** A reviewer records the finding and evidence for one item of the Toysmart checklist. */
export async function recordChecklistFindingAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow, check, mustGoToDecision } = await recordChecklistFinding({
      ctx: await getServiceContext(),
      input: { caseRef: formText(formData, 'caseRef'), item: formText(formData, 'item'), finding: formText(formData, 'finding'), evidence: formText(formData, 'evidence') },
    });
    revalidatePath(`/review/cases/${caseRow.reference}`);
    const recorded = `Recorded: “${checklistEntry(check.item).title}” — ${checklistFindingLabels[check.finding].toLowerCase()}.`;
    return { success: mustGoToDecision ? `${recorded} A condition failed: the case must go to a decision.` : recorded };
  });
}
