import crypto from 'node:crypto';
import { formatCheckpoint } from '@/lib/log/checkpoint';
import { leafHash } from '@/lib/log/merkle';
import { publicKeyBytes, signNote, verifierKey, type NoteSigner } from '@/lib/log/note';
import { consistencyProofFromStored, hashAddressKey, inclusionProofFromStored, integrate, rootFromStored, tileHashAddresses, type HashAddress } from '@/lib/log/stored-hashes';
import { encodeEntryBundle, parseTilePath, TILE_WIDTH } from '@/lib/log/tiles';
import { canonicalJson } from '@/lib/log/verifier-entries';

/*
 * A stand-in for an OpenSeal server's public log, for the verifier's tests (tests/unit/log-verifier.test.ts):
 * a log built with the pure log functions, and `answer` serving its key, checkpoint, tiles, proofs and
 * status documents. Tests replace bodies by path and status documents by seal through `served`.
 */

export const NOW = new Date('2026-01-01T00:00:00.000Z');
export const ORIGIN = 'seal.example.org/openseal-log';
export const SEALS = Array.from({ length: 40 }, (_, n) => `OS-TEST-${String(n).padStart(4, 'X')}`);
/** This seal's expiry has passed by NOW: its status may read `expired` although no entry says so yet. */
export const LAPSED_SEAL = SEALS[0] as string;

export type Entry = { sealId: string; event: string; status: string; reason: string | null; occurredAt: string; expiresAt: string; criteriaVersion: number };
export type Log = { entries: Uint8Array[]; store: Map<string, Uint8Array>; size: number; note: string; keyText: string };

export const encode = (entry: Entry) => new TextEncoder().encode(canonicalJson(entry));
export const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as Entry;

/** `count` seal events: each seal issued, then suspended, reinstated or renewed in turn. */
export function makeEntries(count: number): Uint8Array[] {
  const statuses = new Map<string, string>();
  return Array.from({ length: count }, (_, i) => {
    const sealId = SEALS[i % SEALS.length] as string;
    const before = statuses.get(sealId);
    const [event, status] = before === undefined ? ['issued', 'active'] : before === 'suspended' ? ['reinstated', 'active'] : i % 3 === 0 ? ['suspended', 'suspended'] : ['renewed', 'active'];
    statuses.set(sealId, status as string);
    return encode({
      sealId,
      event: event as string,
      status: status as string,
      reason: status === 'suspended' ? 'A complaint is being investigated.' : null,
      occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      expiresAt: sealId === LAPSED_SEAL ? '2025-06-01T00:00:00.000Z' : '2027-01-01T00:00:00.000Z',
      criteriaVersion: 2,
    });
  });
}

export function newSigner(): NoteSigner {
  return { name: ORIGIN, privateKey: crypto.generateKeyPairSync('ed25519').privateKey };
}

/** The log of `entries` as a server keeps it (stored hashes filled in two batches) and its signed checkpoint. */
export function buildLog(entries: Uint8Array[], signer: NoteSigner): Log {
  const store = new Map<string, Uint8Array>();
  const read = (address: HashAddress) => store.get(hashAddressKey(address)) as Uint8Array;
  const leaves = entries.map(leafHash);
  const half = Math.floor(leaves.length / 2);
  for (const [from, to] of [[0, half], [half, leaves.length]] as const) {
    const created = integrate(from, leaves.slice(from, to), read);
    leaves.slice(from, to).forEach((hash, i) => store.set(hashAddressKey({ level: 0, index: from + i }), hash));
    for (const node of created) store.set(hashAddressKey(node), node.hash);
  }
  const size = entries.length;
  const note = signNote(formatCheckpoint({ origin: ORIGIN, size, rootHash: rootFromStored(size, read) }), signer);
  return { entries, store, size, note, keyText: verifierKey(signer.name, publicKeyBytes(signer.privateKey)) };
}

/** What the stand-in serves: a log, bodies replaced by path, status documents replaced by seal. */
export const served = {
  log: null as unknown as Log,
  bodies: new Map<string, string | Uint8Array>(),
  statuses: new Map<string, object>(),
};

export function statusDocument(log: Log, sealId: string): object | null {
  let latest: { index: number; entry: Entry } | null = null;
  log.entries.forEach((bytes, index) => {
    const entry = decode(bytes);
    if (entry.sealId === sealId) latest = { index, entry };
  });
  if (!latest) return null;
  const { index, entry } = latest as { index: number; entry: Entry };
  const lapsed = entry.status !== 'revoked' && Date.parse(entry.expiresAt) <= NOW.getTime();
  return { sealId, status: lapsed ? 'expired' : entry.status, log: { index, treeSize: log.size }, checkedAt: NOW.toISOString() };
}

export function answer(url: URL): { status: number; body: string | Uint8Array } {
  const log = served.log;
  const replaced = served.bodies.get(url.pathname);
  if (replaced !== undefined) return { status: 200, body: replaced };
  const read = (address: HashAddress) => log.store.get(hashAddressKey(address)) as Uint8Array;
  const proof = (hashes: Uint8Array[]) => hashes.map((hash) => Buffer.from(hash).toString('base64'));
  if (url.pathname === '/log/key') return { status: 200, body: log.keyText };
  if (url.pathname === '/log/checkpoint') return { status: 200, body: log.note };
  if (url.pathname.startsWith('/log/tile/')) {
    const tile = parseTilePath(url.pathname.slice('/log/'.length));
    if (!tile) return { status: 404, body: 'no such tile' };
    const perTile = tile.level === 'entries' ? 1 : TILE_WIDTH ** tile.level;
    if (Math.floor(log.size / perTile) - tile.index * TILE_WIDTH < tile.width) return { status: 404, body: 'not in this tree' };
    if (tile.level === 'entries') return { status: 200, body: encodeEntryBundle(log.entries.slice(tile.index * TILE_WIDTH, tile.index * TILE_WIDTH + tile.width)) };
    return { status: 200, body: Buffer.concat(tileHashAddresses(tile).map(read)) };
  }
  const number = (name: string) => Number(url.searchParams.get(name));
  if (url.pathname === '/api/v1/log/proof/inclusion') {
    const [index, size] = [number('index'), number('size')];
    return { status: 200, body: JSON.stringify({ index, size, proof: proof(inclusionProofFromStored(index, size, read)) }) };
  }
  if (url.pathname === '/api/v1/log/proof/consistency') {
    const [from, to] = [number('from'), number('to')];
    if (from > to || to > log.size) return { status: 400, body: '{"error":"beyond the latest checkpoint"}' };
    return { status: 200, body: JSON.stringify({ from, to, proof: proof(consistencyProofFromStored(from, to, read)) }) };
  }
  const seal = /^\/api\/v1\/seals\/([^/]+)\/status$/.exec(url.pathname)?.[1];
  if (seal) {
    const document = served.statuses.get(seal) ?? statusDocument(log, seal);
    return document ? { status: 200, body: JSON.stringify(document) } : { status: 404, body: '{"error":"not found"}' };
  }
  return { status: 404, body: 'not found' };
}

