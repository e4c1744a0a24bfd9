import { HASH_SIZE } from '@/lib/log/merkle';

/*
 * What changed between the leaf hashes a verifier saw on its last run and those the log shows now,
 * in words a person can act on: "entry 5 was changed", "entry 5 was removed (later entries moved
 * up by one)", "entries 3 and 4 were swapped". A consistent log only appends; anything else here
 * means the log rewrote its history. Pure functions; no I/O.
 */

/** Past this many, the rest are counted rather than listed: a rebuilt log could differ everywhere. */
const MAX_CHANGES = 20;

/**
 * The differences between `before` (the leaf hashes seen and verified earlier) and the first
 * `before.length` or more of `after`; empty when `after` starts with `before`. Indexes are those of
 * the earlier log. Entries appended after the old ones are not changes.
 */
export function describeHistoryChanges(before: Uint8Array[], after: Uint8Array[]): string[] {
  let i = 0;
  while (i < before.length && i < after.length && same(before[i], after[i])) i++;
  if (i === before.length) return [];
  const changes: string[] = [];
  let j = i;
  // Where each hash appears first, from the first difference on: enough to tell moves from edits.
  const inAfter = firstPositions(after, j);
  const inBefore = firstPositions(before, i);
  while (i < before.length && j < after.length) {
    if (same(before[i], after[j])) {
      i++;
      j++;
      continue;
    }
    const movedTo = inAfter.get(hex(before[i])); // where the old entry i is now
    const cameFrom = inBefore.get(hex(after[j])); // where the entry now at j was before
    const nowAt = i === j ? '' : ` (now entry ${j})`;
    if (movedTo !== undefined && cameFrom !== undefined && movedTo > j && cameFrom > i && movedTo - j === cameFrom - i && sameRun(before, i + 1, after, j + 1, movedTo - j - 1)) {
      changes.push(`entries ${i} and ${cameFrom} were swapped${nowAt}`);
      i = cameFrom + 1;
      j = movedTo + 1;
    } else if (cameFrom !== undefined && cameFrom > i && (movedTo === undefined || movedTo < j)) {
      const count = cameFrom - i;
      changes.push(`${count === 1 ? `entry ${i} was` : `entries ${i} to ${cameFrom - 1} were`} removed (later entries moved up by ${inWords(count)})`);
      i = cameFrom;
    } else if (movedTo !== undefined && movedTo > j && (cameFrom === undefined || cameFrom < i)) {
      const count = movedTo - j;
      changes.push(`${count === 1 ? 'an entry was' : `${count} entries were`} inserted before entry ${i} (later entries moved down by ${inWords(count)})`);
      j = movedTo;
    } else {
      changes.push(`entry ${i} was changed${nowAt}`);
      i++;
      j++;
    }
  }
  if (i < before.length) {
    const count = before.length - i;
    changes.push(`${count === 1 ? `entry ${i} is` : `entries ${i} to ${before.length - 1} are`} no longer in the log`);
  }
  if (changes.length <= MAX_CHANGES) return changes;
  return [...changes.slice(0, MAX_CHANGES), `and ${changes.length - MAX_CHANGES} more changes`];
}

/** The leaf hashes in a flat buffer of 32-byte hashes, as views into it. */
export function splitLeafHashes(flat: Uint8Array): Uint8Array[] {
  return Array.from({ length: Math.floor(flat.length / HASH_SIZE) }, (_, i) => flat.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
}

function firstPositions(hashes: Uint8Array[], from: number): Map<string, number> {
  const positions = new Map<string, number>();
  for (let k = from; k < hashes.length; k++) {
    const key = hex(hashes[k]);
    if (!positions.has(key)) positions.set(key, k);
  }
  return positions;
}

function sameRun(a: Uint8Array[], aStart: number, b: Uint8Array[], bStart: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (!same(a[aStart + k], b[bStart + k])) return false;
  return true;
}

function inWords(count: number): string {
  return count === 1 ? 'one' : String(count);
}

function hex(hash: Uint8Array | undefined): string {
  return hash ? Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex') : '';
}

function same(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a !== undefined && b !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
