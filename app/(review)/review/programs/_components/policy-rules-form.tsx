'use client';

import { useActionState } from 'react';
import { fieldErrorsFor, TextField } from '@/components/form-fields';
import { FocusedFormMessage } from '@/components/focused-form-message';
import type { PolicyRule } from '@/db/schema';
import type { FormState } from '@/lib/forms';
import { complaintCategoryLabels } from '@/lib/complaints/labels';
import { POLICY_RULE_CATEGORIES } from '@/lib/policies/monitor-rules';
import { updatePolicyRulesAction } from '../policy-rules-actions';
import { CheckboxField } from './fields';

const KEYWORDS_HINT = 'One per line, or separated by commas. A keyword matches a word that begins with it: “share” finds “shared” and “sharing”, not “timeshare”.';

/** One rule's fields; `rule` undefined is the blank row for a new rule (left out when left blank). */
function RuleFields({ row, rule, state }: { row: number; rule?: PolicyRule; state: FormState | undefined }) {
  const name = (field: string) => `rules.${row}.${field}`;
  const categoryErrors = fieldErrorsFor(state, name('category'));
  const category = state?.values?.[name('category')] ?? rule?.category ?? 'other';
  return (
    <fieldset className="card mb-4" data-testid={rule ? `policy-rule-${rule.id}` : 'policy-rule-new'}>
      <legend className="px-1 font-semibold">{rule ? `Rule ${row + 1}: ${rule.label}` : 'Add a rule (leave blank to add none)'}</legend>
      {rule && <input type="hidden" name={name('id')} value={rule.id} />}
      <TextField name={name('label')} label="Name" defaultValue={rule?.label ?? ''} required={!!rule} state={state} idPrefix="policy-rules" />
      <TextField name={name('keywords')} label="Keywords" hint={KEYWORDS_HINT} rows={3} defaultValue={rule?.keywords.join('\n') ?? ''} required={!!rule} state={state} idPrefix="policy-rules" />
      <div className="mb-4">
        <label htmlFor={`policy-rules-${name('category')}`} className="field-label">
          Complaint category
        </label>
        {/* Keyed by its value: a select does not take a new defaultValue, and a refusal must keep the choice (ADR 0017). */}
        <select key={category} id={`policy-rules-${name('category')}`} name={name('category')} defaultValue={category} className="field-input" aria-invalid={categoryErrors ? true : undefined}>
          {POLICY_RULE_CATEGORIES.map((option) => (
            <option key={option} value={option}>
              {complaintCategoryLabels[option]}
            </option>
          ))}
        </select>
        {categoryErrors && <p className="field-error">{categoryErrors.join(' ')}</p>}
      </div>
      <CheckboxField name={name('fastTrack')} label="Fast track: the complaint is handled first (sale or transfer of data, change of control)" state={state} defaultChecked={rule?.fastTrack ?? false} />
      <TextField name={name('position')} label="Order (the first matching rule decides the category)" defaultValue={String(row + 1)} state={state} idPrefix="policy-rules" />
      {rule && <CheckboxField name={name('remove')} label="Remove this rule" state={state} defaultChecked={false} />}
    </fieldset>
  );
}

/** An admin's form for the next version of a program's policy monitoring rules (issue #16). */
export function PolicyRulesForm({ programId, programName, version, rules }: { programId: string; programName: string; version: number; rules: PolicyRule[] }) {
  const [state, action, pending] = useActionState(updatePolicyRulesAction, undefined);
  return (
    <form action={action} noValidate aria-labelledby="policy-rules-heading" className="max-w-3xl">
      <h2 id="policy-rules-heading">Rules in use: version {version}</h2>
      <p className="mb-4 text-sm">Saving makes version {version + 1} of the rules of {programName}; version {version} stays in the list below, and every change names the version that classified it.</p>
      <FocusedFormMessage state={state} />
      <input type="hidden" name="programId" value={programId} />
      <input type="hidden" name="baseVersion" value={version} />
      <input type="hidden" name="ruleCount" value={rules.length + 1} />
      {rules.map((rule, row) => (
        <RuleFields key={rule.id} row={row} rule={rule} state={state} />
      ))}
      <RuleFields row={rules.length} state={state} />
      <TextField name="note" label="What changed and why" hint="Kept with the version; reviewers read it beside the changes it classifies." rows={3} state={state} idPrefix="policy-rules" />
      <button type="submit" className="btn" disabled={pending}>
        Save as version {version + 1}
      </button>
    </form>
  );
}
