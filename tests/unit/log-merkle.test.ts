import { describe, expect, it } from 'vitest';
import { EMPTY_TREE_ROOT, consistencyProof, inclusionProof, leafHash, nodeHash, rootFromLeafHashes, verifyConsistency, verifyInclusion } from '@/lib/log/merkle';

/*
 * Known answers for the Certificate Transparency reference tree of eight leaves, as published in
 * google/certificate-transparency cpp/merkletree/merkle_tree_test.cc (kInputs, kSHA256Roots,
 * kSHA256Paths, kSHA256Proofs) and transparency-dev/merkle testonly/constants.go (LeafInputs,
 * NodeHashes, RootHashes), testonly/reference_test.go (0-based inclusion vectors) and
 * cmd/proofgen/main.go (the 6 → 7 consistency vector). The C++ and proofgen files number leaves
 * from 1; the indexes below are 0-based.
 */

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const hexes = (list: Uint8Array[]): string[] => list.map(hex);

const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(bytes);
const LEAF_HASHES = LEAF_INPUTS.map(leafHash);

const EMPTY_ROOT_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** ROOTS[n - 1] is the root of the tree of the first n leaves. */
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** NODES[level][i]: the complete subtree of 2^level leaves starting at leaf i * 2^level (NodeHashes). */
const NODES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];

/** Published inclusion proofs: [index (0-based), tree size, audit path]. */
const INCLUSION: [number, number, string[]][] = [
  [0, 1, []],
  [0, 2, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7']],
  [1, 2, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d']],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

/** Published consistency proofs: [from, to, proof]. */
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

/**
 * More proofs as published in transparency-dev/merkle proof/proof_test.go (TestInclusion,
 * TestConsistency): lists of node ids (level, index), read here through NODES. Only the plain
 * lists are taken, none that combine nodes.
 */
const INCLUSION_BY_NODE: [number, number, [number, number][]][] = [
  [2, 4, [[0, 3], [1, 0]]], // d g
  [3, 5, [[0, 2], [1, 0], [0, 4]]], // c g e
  [3, 6, [[0, 2], [1, 0], [1, 2]]], // c g i
  [4, 6, [[0, 5], [2, 0]]], // f k
  [4, 7, [[0, 5], [0, 6], [2, 0]]], // f j k
  [5, 7, [[0, 4], [0, 6], [2, 0]]], // e j k
  [6, 7, [[1, 2], [2, 0]]], // i k
];
const CONSISTENCY_BY_NODE: [number, number, [number, number][]][] = [
  [1, 2, [[0, 1]]], // b
  [1, 4, [[0, 1], [1, 1]]], // b h
  [1, 6, [[0, 1], [1, 1], [1, 2]]], // b h i
  [2, 3, [[0, 2]]], // c
  [2, 4, [[1, 1]]], // h
  [2, 8, [[1, 1], [2, 1]]], // h l
  [3, 5, [[0, 2], [0, 3], [1, 0], [0, 4]]], // c d g e
  [3, 6, [[0, 2], [0, 3], [1, 0], [1, 2]]], // c d g i
  [4, 6, [[1, 2]]], // i
  [5, 7, [[0, 4], [0, 5], [0, 6], [2, 0]]], // e f j k
  [6, 7, [[1, 2], [0, 6], [2, 0]]], // i j k
  [7, 8, [[0, 6], [0, 7], [1, 2], [2, 0]]], // j, leaf 7, i, k
];

const node = ([level, index]: [number, number]): string => NODES[level]?.[index] ?? 'missing node';
const root = (size: number): Uint8Array => bytes(ROOTS[size - 1] ?? '');

/** A copy of `proof` with one bit of one byte of entry `at` flipped. */
function flipped(proof: Uint8Array[], at: number): Uint8Array[] {
  return proof.map((hash, i) => {
    if (i !== at) return hash;
    const copy = hash.slice();
    copy[7] = (copy[7] ?? 0) ^ 0x10;
    return copy;
  });
}

describe('Merkle tree hashes (RFC 9162 §2.1.1)', () => {
  it('gives the empty tree the SHA-256 of nothing', () => {
    expect(hex(EMPTY_TREE_ROOT)).toBe(EMPTY_ROOT_HEX);
    expect(hex(rootFromLeafHashes([]))).toBe(EMPTY_ROOT_HEX);
  });

  it('hashes leaves with a 0x00 prefix and nodes with a 0x01 prefix', () => {
    expect(hexes(LEAF_HASHES)).toEqual(NODES[0]);
    expect(hex(nodeHash(bytes(node([0, 0])), bytes(node([0, 1]))))).toBe(node([1, 0]));
    expect(hex(nodeHash(bytes(node([1, 0])), bytes(node([1, 1]))))).toBe(node([2, 0]));
  });

  it('computes the published root of every tree of 1 to 8 leaves', () => {
    const computed = ROOTS.map((_, i) => hex(rootFromLeafHashes(LEAF_HASHES.slice(0, i + 1))));
    expect(computed).toEqual(ROOTS);
  });

  it('computes the published hash of every complete subtree', () => {
    NODES.forEach((level, height) => {
      const width = 2 ** height;
      const computed = level.map((_, i) => hex(rootFromLeafHashes(LEAF_HASHES.slice(i * width, (i + 1) * width))));
      expect(computed).toEqual(level);
    });
  });

  it('refuses leaf hashes that are not 32 bytes', () => {
    expect(() => rootFromLeafHashes([new Uint8Array(31)])).toThrow(RangeError);
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  const cases = [...INCLUSION, ...INCLUSION_BY_NODE.map(([index, size, ids]): [number, number, string[]] => [index, size, ids.map(node)])];

  it.each(cases)('builds and verifies the published proof for leaf %i of %i', (index, size, expected) => {
    const proof = inclusionProof(index, LEAF_HASHES.slice(0, size));
    expect(hexes(proof)).toEqual(expected);
    expect(verifyInclusion(index, size, LEAF_HASHES[index] as Uint8Array, expected.map(bytes), root(size))).toBe(true);
  });

  it.each(cases.filter(([, , expected]) => expected.length > 0))('rejects tampered proofs for leaf %i of %i', (index, size, expected) => {
    const proof = expected.map(bytes);
    const leaf = LEAF_HASHES[index] as Uint8Array;
    const treeRoot = root(size);
    proof.forEach((_, at) => expect(verifyInclusion(index, size, leaf, flipped(proof, at), treeRoot)).toBe(false));
    for (const wrongIndex of [index - 1, index + 1, index ^ 2]) {
      expect(verifyInclusion(wrongIndex, size, leaf, proof, treeRoot)).toBe(false);
    }
    for (const wrongSize of [size * 2, Math.floor(size / 2)]) {
      expect(verifyInclusion(index, wrongSize, leaf, proof, treeRoot)).toBe(false);
    }
    expect(verifyInclusion(index, size, leaf, proof.slice(0, -1), treeRoot)).toBe(false);
    expect(verifyInclusion(index, size, leaf, [...proof, treeRoot], treeRoot)).toBe(false);
    expect(verifyInclusion(index, size, leaf, [...proof, EMPTY_TREE_ROOT], treeRoot)).toBe(false);
    expect(verifyInclusion(index, size, leaf, [treeRoot, ...proof], treeRoot)).toBe(false);
    expect(verifyInclusion(index, size, leafHash(bytes('ff')), proof, treeRoot)).toBe(false);
    expect(verifyInclusion(index, size, leaf, proof, EMPTY_TREE_ROOT)).toBe(false);
  });

  it('rejects a one-leaf proof that is one hash too long', () => {
    const leaf = LEAF_HASHES[0] as Uint8Array;
    expect(verifyInclusion(0, 1, leaf, [], root(1))).toBe(true);
    expect(verifyInclusion(0, 1, leaf, [LEAF_HASHES[1] as Uint8Array], root(1))).toBe(false);
  });

  it('rejects indexes outside the tree and malformed hashes', () => {
    const leaf = LEAF_HASHES[0] as Uint8Array;
    expect(verifyInclusion(0, 0, leaf, [], EMPTY_TREE_ROOT)).toBe(false);
    expect(verifyInclusion(1, 1, leaf, [], root(1))).toBe(false);
    expect(verifyInclusion(-1, 1, leaf, [], root(1))).toBe(false);
    expect(verifyInclusion(0.5, 1, leaf, [], root(1))).toBe(false);
    expect(verifyInclusion(0, 1, leaf.slice(0, 31), [], root(1).slice(0, 31))).toBe(false);
    expect(verifyInclusion(0, 2, leaf, [new Uint8Array(0)], root(2))).toBe(false);
  });

  it('refuses to build a proof for a leaf outside the tree', () => {
    expect(() => inclusionProof(0, [])).toThrow(RangeError);
    expect(() => inclusionProof(8, LEAF_HASHES)).toThrow(RangeError);
    expect(() => inclusionProof(-1, LEAF_HASHES)).toThrow(RangeError);
    expect(() => inclusionProof(1.5, LEAF_HASHES)).toThrow(RangeError);
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  const cases = [...CONSISTENCY, ...CONSISTENCY_BY_NODE.map(([from, to, ids]): [number, number, string[]] => [from, to, ids.map(node)])];

  it.each(cases)('builds and verifies the published proof from %i to %i leaves', (from, to, expected) => {
    const proof = consistencyProof(from, LEAF_HASHES.slice(0, to));
    expect(hexes(proof)).toEqual(expected);
    expect(verifyConsistency(from, to, root(from), root(to), expected.map(bytes))).toBe(true);
  });

  it.each(cases.filter(([, , expected]) => expected.length > 0))('rejects tampered proofs from %i to %i leaves', (from, to, expected) => {
    const proof = expected.map(bytes);
    const [fromRoot, toRoot] = [root(from), root(to)];
    proof.forEach((_, at) => expect(verifyConsistency(from, to, fromRoot, toRoot, flipped(proof, at))).toBe(false));
    for (const wrongFrom of [from - 1, from + 1, from ^ 2]) {
      expect(verifyConsistency(wrongFrom, to, fromRoot, toRoot, proof)).toBe(false);
    }
    for (const wrongTo of [to * 2, Math.floor(to / 2)]) {
      expect(verifyConsistency(from, wrongTo, fromRoot, toRoot, proof)).toBe(false);
    }
    expect(verifyConsistency(from, to, fromRoot, toRoot, proof.slice(0, -1))).toBe(false);
    expect(verifyConsistency(from, to, fromRoot, toRoot, [])).toBe(false);
    expect(verifyConsistency(from, to, fromRoot, toRoot, [...proof, toRoot])).toBe(false);
    expect(verifyConsistency(from, to, fromRoot, toRoot, [...proof, proof.at(-1) as Uint8Array])).toBe(false);
    expect(verifyConsistency(from, to, fromRoot, toRoot, [fromRoot, ...proof])).toBe(false);
    expect(verifyConsistency(from, to, toRoot, fromRoot, proof)).toBe(false);
    expect(verifyConsistency(from, to, EMPTY_TREE_ROOT, toRoot, proof)).toBe(false);
    expect(verifyConsistency(from, to, fromRoot, EMPTY_TREE_ROOT, proof)).toBe(false);
  });

  it('holds equal trees consistent only with an empty proof and the same root', () => {
    expect(verifyConsistency(5, 5, root(5), root(5), [])).toBe(true);
    expect(verifyConsistency(5, 5, root(5), root(6), [])).toBe(false);
    expect(verifyConsistency(5, 5, root(5), root(5), [root(5)])).toBe(false);
  });

  it('rejects sizes out of order, an empty first tree and malformed hashes', () => {
    expect(verifyConsistency(0, 0, EMPTY_TREE_ROOT, EMPTY_TREE_ROOT, [])).toBe(false);
    expect(verifyConsistency(0, 3, EMPTY_TREE_ROOT, root(3), [])).toBe(false);
    expect(verifyConsistency(3, 2, root(3), root(2), [])).toBe(false);
    expect(verifyConsistency(1.5, 2, root(1), root(2), [LEAF_HASHES[1] as Uint8Array])).toBe(false);
    expect(verifyConsistency(1, 2, root(1), root(2), [new Uint8Array(32 + 1)])).toBe(false);
  });

  it('refuses to build a proof from an empty or a larger tree', () => {
    expect(() => consistencyProof(0, LEAF_HASHES)).toThrow(RangeError);
    expect(() => consistencyProof(9, LEAF_HASHES)).toThrow(RangeError);
    expect(() => consistencyProof(1, [])).toThrow(RangeError);
    expect(() => consistencyProof(2.5, LEAF_HASHES)).toThrow(RangeError);
  });
});

describe('every proof of trees of 1 to 40 leaves', () => {
  const leaves = Array.from({ length: 40 }, (_, i) => leafHash(new TextEncoder().encode(`entry ${i}`)));
  const roots = Array.from({ length: 41 }, (_, size) => rootFromLeafHashes(leaves.slice(0, size)));

  it('verifies each inclusion proof and each consistency proof against the computed roots', () => {
    const failures: string[] = [];
    for (let size = 1; size <= 40; size++) {
      const tree = leaves.slice(0, size);
      const treeRoot = roots[size] as Uint8Array;
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(index, tree);
        if (!verifyInclusion(index, size, tree[index] as Uint8Array, proof, treeRoot)) failures.push(`inclusion ${index} of ${size}`);
      }
      for (let from = 1; from <= size; from++) {
        const proof = consistencyProof(from, tree);
        if (!verifyConsistency(from, size, roots[from] as Uint8Array, treeRoot, proof)) failures.push(`consistency ${from} to ${size}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
