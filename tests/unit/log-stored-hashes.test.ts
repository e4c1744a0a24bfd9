import { beforeAll, describe, expect, it } from 'vitest';
import { consistencyProof, inclusionProof, leafHash, rootFromLeafHashes } from '@/lib/log/merkle';
import {
  consistencyProofFromStored,
  consistencyProofNeeds,
  hashAddressKey,
  inclusionProofFromStored,
  inclusionProofNeeds,
  integrate,
  integrationNeeds,
  rootFromStored,
  rootNeeds,
  tileHashAddresses,
  type HashAddress,
  type StoredHashReader,
} from '@/lib/log/stored-hashes';
import { tilesForTree } from '@/lib/log/tiles';

/*
 * The stored-hash functions against merkle.ts computed on the whole leaf list: the store is filled
 * by `integrate` in random batches, as the server fills it, and every read is checked against the
 * `…Needs` list and against what a tree of that size has stored.
 */

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

const LEAVES = Array.from({ length: 5000 }, (_, i) => leafHash(new TextEncoder().encode(`entry ${i}`)));

type Store = Map<string, Uint8Array>;

/** Fills a store with the first `size` leaves in batches of random sizes (some empty), checking each batch's reads. */
function fillStore(size: number, maxBatch: number, next: (below: number) => number): Store {
  const store: Store = new Map();
  let stored = 0;
  while (stored < size) {
    const newSize = Math.min(size, stored + next(maxBatch + 1));
    const needs = integrationNeeds(stored, newSize);
    const asked: string[] = [];
    const created = integrate(stored, LEAVES.slice(stored, newSize), readerOf(store, needs, stored, asked));
    // Everything listed is read, once: the list is what the server fetches in its one query.
    expect(asked.sort()).toEqual(needs.map(hashAddressKey).sort());
    LEAVES.slice(stored, newSize).forEach((hash, i) => created.push({ level: 0, index: stored + i, hash }));
    for (const { level, index, hash } of created) {
      const key = hashAddressKey({ level, index });
      expect(store.has(key), `${key} created twice`).toBe(false);
      expect((index + 1) * 2 ** level <= newSize, `${key} is not full at size ${newSize}`).toBe(true);
      store.set(key, hash);
    }
    stored = newSize;
    expect(store.size).toBe(fullSubtreeCount(stored));
  }
  return store;
}

/** How many full aligned subtrees a tree of `size` leaves has: size + size/2 + size/4 + … */
function fullSubtreeCount(size: number): number {
  let count = 0;
  for (let width = 1; width <= size; width *= 2) count += Math.floor(size / width);
  return count;
}

/**
 * A reader over `store` that fails the test when asked for an address not in `needs`, or for one
 * that a tree of `size` leaves has not stored yet.
 */
function readerOf(store: Store, needs: HashAddress[], size: number, asked: string[] = []): StoredHashReader {
  const allowed = new Set(needs.map(hashAddressKey));
  return (address) => {
    const key = hashAddressKey(address);
    if (!allowed.has(key)) throw new Error(`read ${key}, which is not in the needs list ${[...allowed].join(' ')}`);
    if ((address.index + 1) * 2 ** address.level > size) throw new Error(`read ${key}, which a tree of ${size} leaves does not have`);
    asked.push(key);
    const hash = store.get(key);
    if (!hash) throw new Error(`${key} was never stored`);
    return hash;
  };
}

/** Every index for small trees; for larger ones the edges, the powers of two and a random sample. */
function sample(count: number, next: (below: number) => number, start = 0): number[] {
  if (count - start <= 48) return Array.from({ length: count - start }, (_, i) => start + i);
  const picks = new Set([start, start + 1, count - 2, count - 1]);
  for (let p = 1; p < count; p *= 2) if (p >= start) picks.add(p);
  for (let i = 0; i < 8; i++) picks.add(start + next(count - start));
  return [...picks].sort((a, b) => a - b);
}

describe('integrating leaves into the stored hashes', () => {
  it('stores exactly the full subtree hashes of the tree, whatever the batches', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const store = fillStore(300, seed * 7, random(seed));
      for (const [key, hash] of store) {
        const [level, index] = key.split('/').map(Number) as [number, number];
        const width = 2 ** level;
        expect(hex(hash), key).toBe(hex(rootFromLeafHashes(LEAVES.slice(index * width, (index + 1) * width))));
      }
    }
  });

  it('needs nothing for no new leaves, and one hash per level at most', () => {
    expect(integrationNeeds(5, 5)).toEqual([]);
    expect(integrate(5, [], () => {
      throw new Error('nothing to read');
    })).toEqual([]);
    expect(integrationNeeds(0, 100)).toEqual([]);
    // 7 = 4 + 2 + 1: adding one leaf completes (0,7) → (1,3) → (2,1) → (3,0).
    expect(integrationNeeds(7, 8)).toEqual([
      { level: 0, index: 6 },
      { level: 1, index: 2 },
      { level: 2, index: 0 },
    ]);
    expect(integrationNeeds(7, 9)).toEqual(integrationNeeds(7, 8));
    // 6 = 4 + 2: one leaf completes nothing above level 0; two leaves complete (1,3) and (2,1).
    expect(integrationNeeds(6, 7)).toEqual([]);
    expect(integrationNeeds(6, 8)).toEqual([{ level: 1, index: 2 }, { level: 2, index: 0 }]);
  });

  it('refuses shrinking trees and malformed hashes', () => {
    expect(() => integrationNeeds(5, 4)).toThrow(RangeError);
    expect(() => integrate(0, [new Uint8Array(31)], () => new Uint8Array(32))).toThrow(RangeError);
    expect(() => integrate(1, [LEAVES[1] as Uint8Array], () => new Uint8Array(16))).toThrow(/level 0, index 0, is not 32 bytes/);
  });
});

describe('roots and proofs from the stored hashes equal merkle.ts on the whole tree', () => {
  const next = random(42);
  // One leaf at a time, all at once, and in batches of up to 37.
  let stores: Store[] = [];
  beforeAll(() => {
    stores = [fillStore(300, 1, next), fillStore(300, 300, next), fillStore(300, 37, next)];
  });

  it('gives the root of every tree of 0 to 300 leaves', () => {
    for (const store of stores) {
      for (let size = 0; size <= 300; size++) {
        const root = rootFromStored(size, readerOf(store, rootNeeds(size), size));
        expect(hex(root), `size ${size}`).toBe(hex(rootFromLeafHashes(LEAVES.slice(0, size))));
      }
    }
  });

  it('gives the inclusion proofs of trees of 1 to 300 leaves', () => {
    const store = stores[0] as Store;
    for (let size = 1; size <= 300; size++) {
      const tree = LEAVES.slice(0, size);
      for (const index of sample(size, next)) {
        const proof = inclusionProofFromStored(index, size, readerOf(store, inclusionProofNeeds(index, size), size));
        expect(proof.map(hex), `leaf ${index} of ${size}`).toEqual(inclusionProof(index, tree).map(hex));
      }
    }
  });

  it('gives the consistency proofs of trees of 1 to 300 leaves', () => {
    const store = stores[2] as Store;
    for (let size = 1; size <= 300; size++) {
      const tree = LEAVES.slice(0, size);
      for (const from of sample(size + 1, next, 1)) {
        const proof = consistencyProofFromStored(from, size, readerOf(store, consistencyProofNeeds(from, size), size));
        expect(proof.map(hex), `${from} to ${size}`).toEqual(consistencyProof(from, tree).map(hex));
      }
    }
  });

  it('does the same for random trees of up to 5,000 leaves', () => {
    const store = fillStore(5000, 700, next);
    for (let round = 0; round < 12; round++) {
      const size = 1 + next(5000);
      const tree = LEAVES.slice(0, size);
      expect(hex(rootFromStored(size, readerOf(store, rootNeeds(size), size)))).toBe(hex(rootFromLeafHashes(tree)));
      for (let i = 0; i < 4; i++) {
        const index = next(size);
        const from = 1 + next(size);
        expect(inclusionProofFromStored(index, size, readerOf(store, inclusionProofNeeds(index, size), size)).map(hex)).toEqual(inclusionProof(index, tree).map(hex));
        expect(consistencyProofFromStored(from, size, readerOf(store, consistencyProofNeeds(from, size), size)).map(hex)).toEqual(consistencyProof(from, tree).map(hex));
      }
    }
  });

  it('refuses proofs outside the tree, as merkle.ts does', () => {
    expect(() => inclusionProofNeeds(5, 5)).toThrow(RangeError);
    expect(() => inclusionProofNeeds(-1, 5)).toThrow(RangeError);
    expect(() => consistencyProofNeeds(0, 5)).toThrow(RangeError);
    expect(() => consistencyProofNeeds(6, 5)).toThrow(RangeError);
    expect(consistencyProofNeeds(5, 5)).toEqual([]);
    expect(rootNeeds(0)).toEqual([]);
  });
});

describe('addresses in large trees', () => {
  it('computes with whole numbers past 2^32, not 32-bit bit operations', () => {
    const size = 2 ** 40 + 5;
    expect(rootNeeds(size)).toEqual([
      { level: 40, index: 0 },
      { level: 2, index: 2 ** 38 },
      { level: 0, index: 2 ** 40 + 4 },
    ]);
    expect(inclusionProofNeeds(2 ** 40 + 4, size)).toEqual([
      { level: 2, index: 2 ** 38 },
      { level: 40, index: 0 },
    ]);
    expect(integrationNeeds(2 ** 33 - 1, 2 ** 33)).toHaveLength(33);
    expect(rootNeeds(2 ** 53 - 1)).toHaveLength(53);
  });
});

describe('hash tiles as runs of stored hashes', () => {
  it('maps tile (L, N, W) to level 8·L, indexes N·256 … N·256 + W − 1', () => {
    expect(tileHashAddresses({ level: 1, index: 2, width: 3 })).toEqual([
      { level: 8, index: 512 },
      { level: 8, index: 513 },
      { level: 8, index: 514 },
    ]);
    expect(tileHashAddresses({ level: 0, index: 0, width: 256 })).toHaveLength(256);
    expect(() => tileHashAddresses({ level: 0, index: 0, width: 0 })).toThrow(RangeError);
  });

  it('gives every tile of a 5,000-leaf tree the hashes tlog-tiles defines', () => {
    const store = fillStore(5000, 1000, random(9));
    for (const tile of tilesForTree(5000)) {
      const span = 256 ** tile.level;
      const hashes = tileHashAddresses(tile).map((address) => hex(store.get(hashAddressKey(address)) ?? new Uint8Array()));
      // MTH(D[(n·256 + i)·256^l : (n·256 + i + 1)·256^l]) for i < W
      const expected = Array.from({ length: tile.width }, (_, i) => {
        const start = (tile.index * 256 + i) * span;
        return hex(rootFromLeafHashes(LEAVES.slice(start, start + span)));
      });
      expect(hashes, JSON.stringify(tile)).toEqual(expected);
    }
  });
});
