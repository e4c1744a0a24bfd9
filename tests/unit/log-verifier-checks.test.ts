import { describe, expect, it } from 'vitest';
import { leafHash } from '@/lib/log/merkle';
import { canonicalJson, readLogEntry } from '@/lib/log/verifier-entries';
import { describeHistoryChanges } from '@/lib/log/verifier-history';

/** The verifier's two judgements that need no server: is an entry well-formed, and what changed in a history. */

const hashes = (labels: string[]) => labels.map((label) => leafHash(new TextEncoder().encode(label)));
const letters = (text: string) => hashes(text.split(''));

describe('what changed in a history', () => {
  const before = letters('abcdefghijkl');

  it('finds nothing when the log only grew', () => {
    expect(describeHistoryChanges(before, before)).toEqual([]);
    expect(describeHistoryChanges(before, letters('abcdefghijklmnop'))).toEqual([]);
    expect(describeHistoryChanges([], letters('ab'))).toEqual([]);
  });

  it('names changed entries by their index', () => {
    expect(describeHistoryChanges(before, letters('abcdeXghijkl'))).toEqual(['entry 5 was changed']);
    expect(describeHistoryChanges(before, letters('abcdeXgYijklmn'))).toEqual(['entry 5 was changed', 'entry 7 was changed']);
    expect(describeHistoryChanges(before, letters('abcdefghijkX'))).toEqual(['entry 11 was changed']);
  });

  it('names removed entries and the shift of those after them', () => {
    expect(describeHistoryChanges(before, letters('abcdeghijkl'))).toEqual(['entry 5 was removed (later entries moved up by one)']);
    expect(describeHistoryChanges(before, letters('abcdeijklmno'))).toEqual(['entries 5 to 7 were removed (later entries moved up by 3)']);
    expect(describeHistoryChanges(before, letters('bcdefghijkl'))).toEqual(['entry 0 was removed (later entries moved up by one)']);
  });

  it('names inserted entries', () => {
    expect(describeHistoryChanges(before, letters('abcdeXfghijkl'))).toEqual(['an entry was inserted before entry 5 (later entries moved down by one)']);
    expect(describeHistoryChanges(before, letters('XYabcdefghijkl'))).toEqual(['2 entries were inserted before entry 0 (later entries moved down by 2)']);
  });

  it('names swapped entries, next to each other or apart', () => {
    expect(describeHistoryChanges(before, letters('abcedfghijkl'))).toEqual(['entries 3 and 4 were swapped']);
    expect(describeHistoryChanges(before, letters('abchefgdijkl'))).toEqual(['entries 3 and 7 were swapped']);
  });

  it('names entries missing from the end and combines several changes', () => {
    expect(describeHistoryChanges(before, letters('abcdefghij'))).toEqual(['entries 10 to 11 are no longer in the log']);
    expect(describeHistoryChanges(before, letters('abcdefghijk'))).toEqual(['entry 11 is no longer in the log']);
    expect(describeHistoryChanges(before, letters('aXcdeghijkl'))).toEqual(['entry 1 was changed', 'entry 5 was removed (later entries moved up by one)']);
    expect(describeHistoryChanges(before, letters('abcdeghiXkl'))).toEqual(['entry 5 was removed (later entries moved up by one)', 'entry 9 was changed (now entry 8)']);
  });

  it('lists at most 20 changes, then counts the rest', () => {
    const many = hashes(Array.from({ length: 50 }, (_, i) => `entry ${i}`));
    const rewritten = hashes(Array.from({ length: 50 }, (_, i) => `rewritten ${i}`));
    const changes = describeHistoryChanges(many, rewritten);
    expect(changes).toHaveLength(21);
    expect(changes.at(-1)).toBe('and 30 more changes');
  });
});

describe('log entries as the contract defines them', () => {
  const entry = {
    sealId: 'OS-7KQ2-9XF4',
    event: 'suspended',
    status: 'suspended',
    reason: 'The site sells its customer list.',
    occurredAt: '2025-03-01T09:30:00.000Z',
    expiresAt: '2026-03-01T00:00:00.000Z',
    criteriaVersion: 3,
  };
  const bytes = (text: string) => new TextEncoder().encode(text);
  const problemOf = (text: string) => {
    const read = readLogEntry(bytes(text));
    return 'problem' in read ? read.problem : null;
  };

  it('reads a well-formed canonical entry', () => {
    const text = canonicalJson(entry);
    expect(text).toBe(
      '{"criteriaVersion":3,"event":"suspended","expiresAt":"2026-03-01T00:00:00.000Z","occurredAt":"2025-03-01T09:30:00.000Z","reason":"The site sells its customer list.","sealId":"OS-7KQ2-9XF4","status":"suspended"}',
    );
    expect(readLogEntry(bytes(text))).toEqual({ entry });
    expect(problemOf(canonicalJson({ ...entry, event: 'reason_changed', status: 'revoked', reason: null }))).toBeNull();
  });

  it('refuses entries that are not UTF-8, not JSON, or not canonical', () => {
    expect(readLogEntry(Uint8Array.of(0xff, 0xfe))).toEqual({ problem: 'is not valid UTF-8' });
    expect(problemOf('{"sealId":')).toBe('is not JSON');
    expect(problemOf(JSON.stringify(entry))).toMatch(/not in canonical JSON form/);
    expect(problemOf(canonicalJson(entry).replace('"criteriaVersion":3', '"criteriaVersion":3.0'))).toMatch(/not in canonical JSON form/);
    expect(problemOf(canonicalJson(entry).replace(',', ', '))).toMatch(/not in canonical JSON form/);
  });

  it('names the fields that are missing or wrong', () => {
    expect(problemOf(canonicalJson({ ...entry, sealId: 'os-7kq2-9xf4' }))).toMatch(/sealId: expected a public seal id/);
    expect(problemOf(canonicalJson({ ...entry, event: 'deleted' }))).toMatch(/^does not have the fields of a log entry \(event: /);
    expect(problemOf(canonicalJson({ ...entry, occurredAt: '2025-03-01T09:30:00Z' }))).toMatch(/occurredAt: expected an RFC 3339 UTC time with milliseconds/);
    expect(problemOf(canonicalJson({ ...entry, expiresAt: '2025-02-30T00:00:00.000Z' }))).toMatch(/expiresAt: expected a date and time that exist/);
    expect(problemOf(canonicalJson({ ...entry, criteriaVersion: '3' }))).toMatch(/criteriaVersion/);
    const { reason: _reason, ...withoutReason } = entry;
    expect(problemOf(canonicalJson(withoutReason))).toMatch(/reason/);
  });

  it('refuses an event recorded with a status it cannot leave', () => {
    expect(problemOf(canonicalJson({ ...entry, event: 'revoked', status: 'active' }))).toBe('records the event "revoked" with the status "active" (expected "revoked")');
    expect(problemOf(canonicalJson({ ...entry, event: 'issued', status: 'suspended' }))).toMatch(/expected "active"/);
  });
});
