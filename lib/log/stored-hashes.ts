import { EMPTY_TREE_ROOT, HASH_SIZE, nodeHash } from '@/lib/log/merkle';
import { MAX_TILE_LEVEL, TILE_HEIGHT, TILE_WIDTH, type HashTile } from '@/lib/log/tiles';

/*
 * The log's Merkle tree as the server keeps it: every full, aligned subtree hash, stored once by
 * its address (level, index). Level 0 holds the leaf hashes; the node at (l, i) covers leaves
 * [i·2^l, (i+1)·2^l) and exists once the tree has (i+1)·2^l leaves. Stored hashes never change
 * as the tree grows, and a tile is a run of them (`tileHashAddresses`).
 *
 * Each computation comes as a pair: `…Needs` lists the stored hashes it reads, so the server can
 * fetch them in one query, and `…FromStored` computes from a reader over what was fetched. The
 * reader is asked only for addresses in the list. Results equal merkle.ts's on the whole tree.
 *
 * Sizes and indexes are plain safe integers, with arithmetic for the bit steps, as in merkle.ts.
 */

export type HashAddress = { level: number; index: number };
export type StoredHash = HashAddress & { hash: Uint8Array };
/** Gives the stored hash at an address; it is asked only for addresses that a `…Needs` function listed. */
export type StoredHashReader = (address: HashAddress) => Uint8Array;

/** Leaves [begin, end): one hash of a proof (MTH(D[begin:end]) in RFC 9162's terms). */
type LeafRange = { begin: number; end: number };

/** A key for maps of stored hashes: `level/index`. */
export function hashAddressKey({ level, index }: HashAddress): string {
  return `${level}/${index}`;
}

/**
 * The stored hashes that `integrate` reads to add leaves [oldSize, newSize): at each level at most
 * one, the full subtree of the old tree that becomes the left half of a new one.
 */
export function integrationNeeds(oldSize: number, newSize: number): HashAddress[] {
  checkCount(oldSize, 'Tree size');
  checkCount(newSize, 'Tree size');
  if (newSize < oldSize) throw new RangeError(`A tree of ${oldSize} leaves cannot shrink to ${newSize}.`);
  const needs: HashAddress[] = [];
  for (let level = 0; 2 ** level <= oldSize; level++) {
    // The first node at this level that is not yet full; if it has a full left sibling and the new
    // leaves complete their parent, that sibling is read.
    const first = Math.floor(oldSize / 2 ** level);
    if (isOdd(first) && (first + 1) * 2 ** level <= newSize) needs.push({ level, index: first - 1 });
  }
  return needs;
}

/**
 * Adds `newLeafHashes` as leaves oldSize, oldSize + 1, …: returns every full subtree hash of level 1
 * and above that they complete, lowest level first. The caller stores the leaf hashes themselves.
 */
export function integrate(oldSize: number, newLeafHashes: Uint8Array[], stored: StoredHashReader): StoredHash[] {
  checkCount(oldSize, 'Tree size');
  checkCount(oldSize + newLeafHashes.length, 'Tree size');
  newLeafHashes.forEach((hash) => checkHash(hash, 'A leaf hash'));
  const created: StoredHash[] = [];
  let level = 0;
  let first = oldSize;
  let row = newLeafHashes;
  while (row.length > 0) {
    if (isOdd(first)) {
      row = [read(stored, { level, index: first - 1 }), ...row];
      first -= 1;
    }
    const parents: Uint8Array[] = [];
    for (let i = 0; i + 1 < row.length; i += 2) parents.push(nodeHash(row[i] as Uint8Array, row[i + 1] as Uint8Array));
    level += 1;
    first /= 2;
    parents.forEach((hash, i) => created.push({ level, index: first + i, hash }));
    row = parents;
  }
  return created;
}

/** The stored hashes that make the root of a tree of `size` leaves: one per set bit of `size`. */
export function rootNeeds(size: number): HashAddress[] {
  checkCount(size, 'Tree size');
  return fullSubtrees({ begin: 0, end: size });
}

/** RFC 9162 §2.1.1: MTH(D[size]) from the stored hashes. */
export function rootFromStored(size: number, stored: StoredHashReader): Uint8Array {
  checkCount(size, 'Tree size');
  if (size === 0) return EMPTY_TREE_ROOT.slice();
  return rangeHash({ begin: 0, end: size }, stored);
}

export function inclusionProofNeeds(index: number, size: number): HashAddress[] {
  return inclusionRanges(index, size).flatMap(fullSubtrees);
}

/** RFC 9162 §2.1.3.1: PATH(index, D[size]), as merkle.ts's `inclusionProof` gives it, from the stored hashes. */
export function inclusionProofFromStored(index: number, size: number, stored: StoredHashReader): Uint8Array[] {
  return inclusionRanges(index, size).map((range) => rangeHash(range, stored));
}

export function consistencyProofNeeds(from: number, to: number): HashAddress[] {
  return consistencyRanges(from, to).flatMap(fullSubtrees);
}

/** RFC 9162 §2.1.4.1: PROOF(from, D[to]), as merkle.ts's `consistencyProof` gives it, from the stored hashes. */
export function consistencyProofFromStored(from: number, to: number, stored: StoredHashReader): Uint8Array[] {
  return consistencyRanges(from, to).map((range) => rangeHash(range, stored));
}

/** The stored hashes a hash tile is made of, in order: level 8·L, indexes N·256 … N·256 + W − 1. */
export function tileHashAddresses({ level, index, width }: HashTile): HashAddress[] {
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) throw new RangeError(`Tile level ${level} is not from 0 to ${MAX_TILE_LEVEL}.`);
  checkCount(index, 'Tile index');
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw new RangeError(`Tile width ${width} is not from 1 to ${TILE_WIDTH}.`);
  return Array.from({ length: width }, (_, i) => ({ level: level * TILE_HEIGHT, index: index * TILE_WIDTH + i }));
}

/** The leaf ranges whose hashes make PATH(index, D[size]), in the RFC's order (deepest first). */
function inclusionRanges(index: number, size: number): LeafRange[] {
  checkCount(size, 'Tree size');
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`Leaf index ${index} is not in a tree of ${size} leaves.`);
  const ranges: LeafRange[] = [];
  let begin = 0;
  let count = size;
  let m = index;
  // PATH recurses into the half holding the leaf and appends the other half's hash on the way out.
  while (count > 1) {
    const k = largestPowerOfTwoBelow(count);
    if (m < k) {
      ranges.push({ begin: begin + k, end: begin + count });
      count = k;
    } else {
      ranges.push({ begin, end: begin + k });
      begin += k;
      m -= k;
      count -= k;
    }
  }
  return ranges.reverse();
}

/** The leaf ranges whose hashes make PROOF(from, D[to]) (SUBPROOF(from, D[to], true)), in the RFC's order. */
function consistencyRanges(from: number, to: number): LeafRange[] {
  checkCount(to, 'Tree size');
  if (!Number.isSafeInteger(from) || from < 1 || from > to) throw new RangeError(`Tree size ${from} is not between 1 and ${to}.`);
  const ranges: LeafRange[] = [];
  let begin = 0;
  let count = to;
  let m = from;
  // Whether MTH(D[0:from]) of the current subtree is the verifier's own root (SUBPROOF's b).
  let known = true;
  while (m !== count) {
    const k = largestPowerOfTwoBelow(count);
    if (m <= k) {
      ranges.push({ begin: begin + k, end: begin + count });
      count = k;
    } else {
      ranges.push({ begin, end: begin + k });
      begin += k;
      m -= k;
      count -= k;
      known = false;
    }
  }
  if (!known) ranges.push({ begin, end: begin + count });
  return ranges.reverse();
}

/**
 * The full subtrees that leaves [begin, end) decompose into, largest first. Every range of a proof
 * starts at a multiple of the smallest power of two at least its length, so each piece is aligned.
 */
function fullSubtrees({ begin, end }: LeafRange): HashAddress[] {
  const addresses: HashAddress[] = [];
  let at = begin;
  while (at < end) {
    let level = 0;
    while (2 ** (level + 1) <= end - at) level += 1;
    const width = 2 ** level;
    if (at % width !== 0) throw new Error(`Leaves [${begin}, ${end}) are not a subtree of the log's tree.`);
    addresses.push({ level, index: at / width });
    at += width;
  }
  return addresses;
}

/**
 * MTH(D[begin:end]) from its full subtrees: the RFC splits a range at its largest power of two,
 * which is its first full subtree, so the hash folds from the right.
 */
function rangeHash(range: LeafRange, stored: StoredHashReader): Uint8Array {
  const hashes = fullSubtrees(range).map((address) => read(stored, address));
  let hash = hashes.pop() as Uint8Array;
  while (hashes.length > 0) hash = nodeHash(hashes.pop() as Uint8Array, hash);
  return hash;
}

function read(stored: StoredHashReader, address: HashAddress): Uint8Array {
  const hash = stored(address);
  checkHash(hash, `The stored hash at level ${address.level}, index ${address.index},`);
  return hash;
}

/** The k of RFC 9162 §2.1.1: the largest power of two smaller than n, for n >= 2. */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} ${n} is not a whole number from 0 to 2^53 - 1.`);
}

function checkHash(hash: unknown, what: string): asserts hash is Uint8Array {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) throw new RangeError(`${what} is not ${HASH_SIZE} bytes.`);
}
