import { describe, expect, it } from 'vitest';
import { criteriaDiff, criteriaUnchanged, type ComparedCriterion } from '@/lib/review/criteria-diff';

/*
 * What a renewal's reviewer reads about the criteria (issue #16, item 7): which criteria the renewal
 * asks that the certification did not, which it no longer asks, and which parts of the others now
 * read differently, word by word.
 */

const criterion = (code: string, overrides: Partial<ComparedCriterion> = {}): ComparedCriterion => ({
  code,
  title: `Title of ${code}`,
  guidance: `We check ${code} is linked from the footer.`,
  requirement: 'mandatory',
  question: `How do you handle ${code}?`,
  evidencePrompt: null,
  evidenceRequired: false,
  commitments: [],
  ...overrides,
});

const removedWords = (parts: Array<{ value: string; added?: boolean; removed?: boolean }>) => parts.filter((part) => part.removed).map((part) => part.value);
const addedWords = (parts: Array<{ value: string; added?: boolean; removed?: boolean }>) => parts.filter((part) => part.added).map((part) => part.value);

describe('the criteria diff of a renewal', () => {
  it('finds nothing to report when only the order of the criteria changed', () => {
    const diff = criteriaDiff([criterion('notice'), criterion('security')], [criterion('security'), criterion('notice')]);
    expect(diff).toEqual({ added: [], removed: [], changed: [] });
    expect(criteriaUnchanged(diff)).toBe(true);
  });

  it('lists added and removed criteria by code and title, and a criterion with a new title under its new title', () => {
    const diff = criteriaDiff(
      [criterion('notice'), criterion('change-of-control'), criterion('security')],
      [criterion('notice', { title: 'A notice on every page' }), criterion('security'), criterion('data-retention', { title: 'How long data is kept' })],
    );
    expect(diff.added).toEqual([{ code: 'data-retention', title: 'How long data is kept' }]);
    expect(diff.removed).toEqual([{ code: 'change-of-control', title: 'Title of change-of-control' }]);
    expect(diff.changed.map((changed) => [changed.code, changed.title, changed.changes.map((change) => change.label)])).toEqual([['notice', 'A notice on every page', ['Title']]]);
    expect(criteriaUnchanged(diff)).toBe(false);
  });

  it('shows a reworded guidance as the words struck and the words put in their place', () => {
    const [changed] = criteriaDiff([criterion('notice')], [criterion('notice', { guidance: 'We check notice is linked from every page.' })]).changed;
    const [guidance] = changed!.changes;
    expect(guidance).toMatchObject({ label: 'Guidance', before: 'We check notice is linked from the footer.', after: 'We check notice is linked from every page.' });
    expect(removedWords(guidance!.diff)).toEqual(['the footer']);
    expect(addedWords(guidance!.diff)).toEqual(['every page']);
  });

  it('names each changed part in the order of the assessment page, saying what was none or yes and no in words', () => {
    const [changed] = criteriaDiff(
      [criterion('notice', { commitments: ['We answer within 30 days.'] })],
      [
        criterion('notice', {
          requirement: 'recommended',
          question: 'Where is your notice?',
          evidencePrompt: 'A link to the notice.',
          evidenceRequired: true,
          commitments: ['We answer within 14 days.', 'We never sell data.'],
        }),
      ],
    ).changed;
    expect(changed!.changes.map((change) => [change.label, change.before, change.after])).toEqual([
      ['Requirement', 'mandatory', 'recommended'],
      ['Question', 'How do you handle notice?', 'Where is your notice?'],
      ['Evidence prompt', '(none)', 'A link to the notice.'],
      ['Evidence required', 'no', 'yes'],
      ['Commitments', '1. We answer within 30 days.', '1. We answer within 14 days.\n2. We never sell data.'],
    ]);
    const commitments = changed!.changes.at(-1)!;
    expect(removedWords(commitments.diff)).toEqual(['30']);
    expect(addedWords(commitments.diff).join('')).toContain('We never sell data.');
  });
});
