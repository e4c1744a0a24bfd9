import { diffWordsWithSpace } from 'diff';
import type { PolicyDiffPart } from '@/db/schema';

/*
 * The word-level diff of a policy against its certified text (issue #16), by the maintained `diff`
 * library (jsdiff). Words, punctuation, spaces and line ends are tokens, so the kept and removed
 * parts are exactly the old text and the kept and added parts exactly the new one: a change can be
 * placed in its text, under its section heading.
 */

/** A diff that takes longer than this is given up, and the text counted as rewritten whole. */
const DIFF_TIMEOUT_MS = 2_000;

export function policyDiff(certified: string, current: string): PolicyDiffPart[] {
  const parts = diffWordsWithSpace(certified, current, { timeout: DIFF_TIMEOUT_MS });
  if (!parts) return [{ value: certified, removed: true }, { value: current, added: true }];
  return joinChanges(parts);
}

/**
 * The library aligns on single spaces ("buy [toys→our] [from us→toys]"); a reader wants one change
 * ("buy [toys from us→our toys]"). A kept run of spaces between two changes joins them: it goes
 * into both the removed and the added text, so both texts are still exactly rebuilt.
 */
function joinChanges(parts: Array<{ value: string; added?: boolean; removed?: boolean }>): PolicyDiffPart[] {
  const joined: PolicyDiffPart[] = [];
  let removed = '';
  let added = '';
  let pendingSpace = '';
  const flush = () => {
    if (removed) joined.push({ value: removed, removed: true });
    if (added) joined.push({ value: added, added: true });
    removed = added = '';
  };
  for (const part of parts) {
    if (part.removed || part.added) {
      if (pendingSpace && (removed || added)) {
        removed += pendingSpace;
        added += pendingSpace;
      } else if (pendingSpace) joined.push({ value: pendingSpace });
      pendingSpace = '';
      if (part.removed) removed += part.value;
      else added += part.value;
    } else if (!part.value.trim() && (removed || added)) {
      pendingSpace += part.value;
    } else {
      flush();
      joined.push({ value: pendingSpace + part.value });
      pendingSpace = '';
    }
  }
  flush();
  if (pendingSpace) joined.push({ value: pendingSpace });
  return joined;
}

/** A run of added or removed words, with where it stands: its text (old or new) and its offset there. */
export type ChangedPassage = { kind: 'added' | 'removed'; words: string; text: 'old' | 'new'; offset: number };

/** The changed runs of a diff, each placed in the text it belongs to (removed words in the old, added in the new). */
export function changedPassages(parts: PolicyDiffPart[]): ChangedPassage[] {
  const passages: ChangedPassage[] = [];
  let oldOffset = 0;
  let newOffset = 0;
  for (const part of parts) {
    if (part.removed) {
      if (part.value.trim()) passages.push({ kind: 'removed', words: part.value, text: 'old', offset: oldOffset });
      oldOffset += part.value.length;
    } else if (part.added) {
      if (part.value.trim()) passages.push({ kind: 'added', words: part.value, text: 'new', offset: newOffset });
      newOffset += part.value.length;
    } else {
      oldOffset += part.value.length;
      newOffset += part.value.length;
    }
  }
  return passages;
}

/** A line that reads as a section heading: short, and not the end of a sentence. */
function isHeading(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length > 0 && trimmed.length <= 80 && !/[.,;:!?]$/.test(trimmed);
}

/** The heading of the section `offset` stands in (the nearest heading line at or before it), or ''. */
export function sectionHeading(text: string, offset: number): string {
  const lineEnd = text.indexOf('\n', offset);
  const lines = text.slice(0, lineEnd === -1 ? text.length : lineEnd).split('\n');
  for (let index = lines.length - 1; index >= 0; index--) if (isHeading(lines[index]!)) return lines[index]!.trim();
  return '';
}

/** How much of each text a diff changed, in words: for a reviewer's summary line. */
export function diffSize(parts: PolicyDiffPart[]): { added: number; removed: number } {
  const words = (value: string) => value.split(/\s+/).filter(Boolean).length;
  return {
    added: parts.filter((part) => part.added).reduce((sum, part) => sum + words(part.value), 0),
    removed: parts.filter((part) => part.removed).reduce((sum, part) => sum + words(part.value), 0),
  };
}
