import { createHash } from 'node:crypto';

/*
 * The Merkle tree of a transparency log, as RFC 9162 (Certificate Transparency v2) §2.1 defines it.
 * Pure functions over SHA-256 hashes; no I/O. Hashes are treated as values that nobody changes:
 * a result may hold the very Uint8Array objects it was given.
 *
 * Tree sizes and leaf indexes are plain numbers; they must be safe integers (below 2^53).
 * The bit steps of the RFC ("LSB", "right-shift") are done with arithmetic, not with the
 * bitwise operators, which would cut numbers to 32 bits.
 */

/** Length in bytes of every hash here: leaf hashes, node hashes, roots and proof entries. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return Uint8Array.from(hash.digest());
}

/** RFC 9162 §2.1.1: MTH({}) = HASH(), the root of the empty tree. Do not modify it. */
export const EMPTY_TREE_ROOT: Uint8Array = sha256();

/** RFC 9162 §2.1.1: the hash of one log entry, HASH(0x00 || entry). */
export function leafHash(entry: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, entry);
}

/** RFC 9162 §2.1.1: the hash of an inner node, HASH(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** RFC 9162 §2.1.1: the Merkle Tree Hash MTH(D[n]) of a tree, given the hashes of its leaves. */
export function rootFromLeafHashes(hashes: Uint8Array[]): Uint8Array {
  checkLeafHashes(hashes);
  return treeHash(hashes);
}

/** RFC 9162 §2.1.3.1: the inclusion proof PATH(m, D[n]) for the leaf at `index` (0-based). */
export function inclusionProof(index: number, leafHashes: Uint8Array[]): Uint8Array[] {
  checkLeafHashes(leafHashes);
  if (!isCount(index) || index >= leafHashes.length) {
    throw new RangeError(`Leaf index ${index} is not in a tree of ${leafHashes.length} leaves.`);
  }
  return path(index, leafHashes);
}

/**
 * RFC 9162 §2.1.4.1: the consistency proof PROOF(m, D[n]) that the tree of the first `from`
 * leaves is a prefix of the tree of all `leafHashes`. Empty when `from` is the whole tree.
 */
export function consistencyProof(from: number, leafHashes: Uint8Array[]): Uint8Array[] {
  checkLeafHashes(leafHashes);
  if (!isCount(from) || from < 1 || from > leafHashes.length) {
    throw new RangeError(`Tree size ${from} is not between 1 and ${leafHashes.length}.`);
  }
  return subproof(from, leafHashes, true);
}

/**
 * RFC 9162 §2.1.3.2: whether `proof` shows that `leafHash` is the leaf at `index` in the tree of
 * `size` leaves whose root is `root`. False for any malformed argument.
 */
export function verifyInclusion(index: number, size: number, leafHash: Uint8Array, proof: Uint8Array[], root: Uint8Array): boolean {
  if (!isCount(index) || !isCount(size) || index >= size) return false;
  if (!isHash(leafHash) || !isHash(root) || !isHashList(proof)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameBytes(r, root);
}

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows that the tree of `from` leaves with root `fromRoot`
 * is a prefix of the tree of `to` leaves with root `toRoot`. Needs 0 < from <= to; for
 * from = to the proof is empty (§2.1.4.1, SUBPROOF(m, D[m], true) = {}) and the roots must match.
 */
export function verifyConsistency(from: number, to: number, fromRoot: Uint8Array, toRoot: Uint8Array, proof: Uint8Array[]): boolean {
  if (!isCount(from) || !isCount(to) || from < 1 || from > to) return false;
  if (!isHash(fromRoot) || !isHash(toRoot) || !isHashList(proof)) return false;
  if (from === to) return proof.length === 0 && sameBytes(fromRoot, toRoot);
  if (proof.length === 0) return false;
  const consistencyPath = isPowerOfTwo(from) ? [fromRoot, ...proof] : proof;
  let fn = from - 1;
  let sn = to - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = consistencyPath[0] as Uint8Array;
  let sr = fr;
  for (const c of consistencyPath.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameBytes(fr, fromRoot) && sameBytes(sr, toRoot);
}

/** MTH over leaf hashes already checked. */
function treeHash(hashes: Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return EMPTY_TREE_ROOT.slice();
  if (hashes.length === 1) return hashes[0] as Uint8Array;
  const k = largestPowerOfTwoBelow(hashes.length);
  return nodeHash(treeHash(hashes.slice(0, k)), treeHash(hashes.slice(k)));
}

/** PATH(m, D[n]) of §2.1.3.1, for 0 <= m < n. */
function path(m: number, hashes: Uint8Array[]): Uint8Array[] {
  if (hashes.length === 1) return [];
  const k = largestPowerOfTwoBelow(hashes.length);
  if (m < k) return [...path(m, hashes.slice(0, k)), treeHash(hashes.slice(k))];
  return [...path(m - k, hashes.slice(k)), treeHash(hashes.slice(0, k))];
}

/**
 * SUBPROOF(m, D[n], b) of §2.1.4.1, for 0 < m <= n. `b` says whether MTH(D[0:m]) of this
 * subtree is already known to the verifier (it is for the subtree the proof was asked for).
 */
function subproof(m: number, hashes: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === hashes.length) return b ? [] : [treeHash(hashes)];
  const k = largestPowerOfTwoBelow(hashes.length);
  if (m <= k) return [...subproof(m, hashes.slice(0, k), b), treeHash(hashes.slice(k))];
  return [...subproof(m - k, hashes.slice(k), false), treeHash(hashes.slice(0, k))];
}

/** The k of §2.1.1: the largest power of two smaller than n, for n >= 2. */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let rest = n;
  while (rest > 1 && rest % 2 === 0) rest /= 2;
  return rest === 1;
}

/** LSB(n) of the RFC: whether the lowest bit is set. */
function isOdd(n: number): boolean {
  return n % 2 === 1;
}

/** A right-shift by one bit. */
function half(n: number): number {
  return Math.floor(n / 2);
}

/** A tree size or leaf index: a whole number from 0 up to 2^53 - 1. */
function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

function isHashList(value: unknown): value is Uint8Array[] {
  return Array.isArray(value) && value.every(isHash);
}

function checkLeafHashes(hashes: Uint8Array[]): void {
  if (!isHashList(hashes)) {
    throw new RangeError(`Leaf hashes must be a list of ${HASH_SIZE}-byte hashes.`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}
