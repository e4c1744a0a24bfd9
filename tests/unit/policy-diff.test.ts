import { describe, expect, it } from 'vitest';
import { changedPassages, diffSize, policyDiff, sectionHeading } from '@/lib/policies/policy-diff';
import { classifyPolicyChange, DEFAULT_POLICY_RULES } from '@/lib/policies/monitor-rules';

/*
 * The policy monitor's diff and classification (issue #16): the diff rebuilds both texts exactly
 * and reads as a person would mark it; a change is material by its words or by its section.
 */

const POLICY = `Privacy policy

About us
We are a small toy shop in Leeds.

Sharing
We do not give your data to others.

Keeping your data
We keep orders for six years.`;

const rebuild = (parts: ReturnType<typeof policyDiff>, side: 'old' | 'new') => parts.filter((part) => (side === 'old' ? !part.added : !part.removed)).map((part) => part.value).join('');

describe('the policy diff', () => {
  it('rebuilds both texts exactly, for random edits', () => {
    const words = POLICY.split(/(\s+)/);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const edited = words.map((word) => (random() < 0.1 ? (random() < 0.5 ? '' : `${word}x`) : word)).join('');
      const parts = policyDiff(POLICY, edited);
      expect(rebuild(parts, 'old')).toBe(POLICY);
      expect(rebuild(parts, 'new')).toBe(edited);
    }
  });

  it('joins changes split only by a space into one, as a reader marks them', () => {
    expect(policyDiff('people who buy toys from us.', 'people who buy our toys.')).toEqual([{ value: 'people who buy ' }, { value: 'toys from us', removed: true }, { value: 'our toys', added: true }, { value: '.' }]);
    expect(diffSize(policyDiff('people who buy toys from us.', 'people who buy our toys.'))).toEqual({ added: 2, removed: 3 });
  });

  it('places each change in its text, under its section heading', () => {
    const changed = POLICY.replace('six years', 'ten years');
    const [removed, added] = changedPassages(policyDiff(POLICY, changed));
    expect(removed).toMatchObject({ kind: 'removed', words: 'six', text: 'old' });
    expect(sectionHeading(POLICY, removed!.offset)).toBe('Keeping your data');
    expect(added).toMatchObject({ kind: 'added', words: 'ten', text: 'new' });
    expect(sectionHeading(changed, added!.offset)).toBe('Keeping your data');
    expect(sectionHeading('no heading here at all, only a sentence.', 5)).toBe('');
  });
});

describe('the classification of a change', () => {
  const classify = (changed: string) => classifyPolicyChange(policyDiff(POLICY, changed), POLICY, changed, DEFAULT_POLICY_RULES);

  it('calls a change outside every rule’s subject editorial', () => {
    expect(classify(POLICY.replace('small toy shop in Leeds', 'small toy shop in York'))).toEqual({ classification: 'editorial', matches: [], rule: null });
  });

  it('calls a change material by its words: a sale in a bankruptcy is the sale rule first, fast track', () => {
    const result = classify(POLICY.replace('in Leeds.', 'in Leeds. If we go bankrupt we may sell our customer list.'));
    expect(result.classification).toBe('material');
    expect(result.rule).toMatchObject({ id: 'sale_or_transfer', category: 'data_sale', fastTrack: true });
    expect(result.matches.map((match) => [match.rule, match.words])).toEqual([
      ['sale_or_transfer', ['sell', 'customer list']],
      ['change_of_control', ['bankrupt']],
    ]);
    expect(result.matches[0]!.passage).toBe('Added under “About us”: If we go bankrupt we may sell our customer list.');
  });

  it('calls any change in a section on a rule’s subject material (the section rule), and reads keywords at word starts only', () => {
    const shared = classify(POLICY.replace('give your data to others', 'give your details to others'));
    expect(shared.rule?.id).toBe('third_parties');
    expect(shared.matches[0]!.words).toEqual(['sharing']);
    const retention = classify(POLICY.replace('six years', 'ten years'));
    expect(retention).toMatchObject({ classification: 'material', rule: { id: 'retention' } });
    // "timeshare" does not share; "unsold" is not "sold".
    expect(classify(POLICY.replace('toy shop', 'timeshare toy shop')).classification).toBe('editorial');
    expect(classify(POLICY.replace('toy shop', 'unsold toy shop')).classification).toBe('editorial');
  });
});
