import type { Criterion, PolicyDiffPart } from '@/db/schema';
import { policyDiff } from '@/lib/policies/policy-diff';

/*
 * What changed in a program's criteria between the version a seal was certified under and the one
 * its renewal is judged against (issue #16, item 7). Criteria are matched by code, their public id
 * that stays across versions; a reviewer reads which were added, removed, or reworded, and how.
 */

/** The parts of a criterion a renewal's reviewer compares; position is left out (an order change is no new rule). */
export type ComparedCriterion = Pick<Criterion, 'code' | 'title' | 'guidance' | 'requirement' | 'question' | 'evidencePrompt' | 'commitments' | 'evidenceRequired'>;

export type CriterionField = 'title' | 'guidance' | 'requirement' | 'question' | 'evidencePrompt' | 'commitments' | 'evidenceRequired';

/** In the order the assessment page shows a criterion's parts. */
const FIELDS: Array<{ field: CriterionField; label: string }> = [
  { field: 'title', label: 'Title' },
  { field: 'requirement', label: 'Requirement' },
  { field: 'guidance', label: 'Guidance' },
  { field: 'question', label: 'Question' },
  { field: 'evidencePrompt', label: 'Evidence prompt' },
  { field: 'evidenceRequired', label: 'Evidence required' },
  { field: 'commitments', label: 'Commitments' },
];

/** One changed part of a criterion: both values as a reviewer reads them, and the word diff between them. */
export type FieldChange = { field: CriterionField; label: string; before: string; after: string; diff: PolicyDiffPart[] };

export type CriteriaDiff = {
  added: Array<{ code: string; title: string }>;
  removed: Array<{ code: string; title: string }>;
  changed: Array<{ code: string; title: string; changes: FieldChange[] }>;
};

/** A field's value as words: a list of commitments one to a line, a flag as yes or no, no prompt as "(none)". */
function asText(criterion: ComparedCriterion, field: CriterionField): string {
  const value = criterion[field];
  if (field === 'commitments') return (value as string[]).length === 0 ? '(none)' : (value as string[]).map((commitment, index) => `${index + 1}. ${commitment}`).join('\n');
  if (field === 'evidenceRequired') return value ? 'yes' : 'no';
  if (value === null || value === '') return '(none)';
  return String(value);
}

/** Criteria of `certified` against `current`, each list in the order of the version it comes from. */
export function criteriaDiff(certified: ComparedCriterion[], current: ComparedCriterion[]): CriteriaDiff {
  const before = new Map(certified.map((criterion) => [criterion.code, criterion]));
  const after = new Set(current.map((criterion) => criterion.code));
  const diff: CriteriaDiff = { added: [], removed: [], changed: [] };
  for (const criterion of current) {
    const old = before.get(criterion.code);
    if (!old) {
      diff.added.push({ code: criterion.code, title: criterion.title });
      continue;
    }
    const changes = FIELDS.flatMap(({ field, label }) => {
      const was = asText(old, field);
      const now = asText(criterion, field);
      return was === now ? [] : [{ field, label, before: was, after: now, diff: policyDiff(was, now) }];
    });
    if (changes.length > 0) diff.changed.push({ code: criterion.code, title: criterion.title, changes });
  }
  for (const criterion of certified) if (!after.has(criterion.code)) diff.removed.push({ code: criterion.code, title: criterion.title });
  return diff;
}

/** True when two versions ask the same of an applicant, whatever their numbers. */
export function criteriaUnchanged(diff: CriteriaDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}
