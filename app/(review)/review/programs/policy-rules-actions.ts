'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, formValues, type FormState } from '@/lib/forms';
import { ValidationError } from '@/lib/services/errors';
import { POLICY_RULE_LIMITS, updatePolicyRules } from '@/lib/services/policies/update-policy-rules';

/**
 * The form's rows as the verb takes them: a row ticked "remove" and the blank row for a new rule
 * are left out. `rows` says which form row each rule came from, so an error is shown beside it.
 */
function rulesFrom(formData: FormData): { rules: Record<string, unknown>[]; rows: number[] } {
  const count = Math.min(Number(formText(formData, 'ruleCount')) || 0, POLICY_RULE_LIMITS.rules + 1);
  const rules: Record<string, unknown>[] = [];
  const rows: number[] = [];
  for (let row = 0; row < count; row++) {
    const field = (name: string) => formText(formData, `rules.${row}.${name}`);
    const blank = !field('id') && !field('label')?.trim() && !field('keywords')?.trim();
    if (blank || field('remove') === 'on') continue;
    rules.push({ id: field('id') || undefined, label: field('label'), keywords: field('keywords'), category: field('category'), fastTrack: field('fastTrack') === 'on', position: field('position') });
    rows.push(row);
  }
  return { rules, rows };
}

/** An admin saves the next version of a program's policy monitoring rules. */
export async function updatePolicyRulesAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const { rules, rows } = rulesFrom(formData);
  return formAction(formData, async () => {
    const input = { programId: formText(formData, 'programId'), baseVersion: formText(formData, 'baseVersion'), note: formText(formData, 'note'), rules };
    try {
      const { program, version, changed } = await updatePolicyRules({ ctx: await getServiceContext(), input });
      if (!changed) return { success: `Nothing to save: these are already the rules of version ${version}.`, values: formValues(formData) };
      revalidatePath(`/review/programs/${program.slug}/policy-rules`);
      // A fresh page: the form starts again from the version just saved (new rules now have their ids).
      redirect(`/review/programs/${program.slug}/policy-rules?saved=${version}`);
    } catch (error) {
      // `rules.2.label` of the verb is the form's row `rules.<row>.label`.
      if (!(error instanceof ValidationError)) throw error;
      const fieldErrors = Object.fromEntries(Object.entries(error.fieldErrors).map(([key, messages]) => [key.replace(/^rules\.(\d+)\./, (_, index: string) => `rules.${rows[Number(index)] ?? index}.`), messages]));
      throw new ValidationError(error.message, fieldErrors);
    }
  });
}
