import crypto from 'node:crypto';
import { z } from 'zod';
import { CheckpointError, parseCheckpoint, type Checkpoint } from '@/lib/log/checkpoint';
import { HASH_SIZE, leafHash, rootFromLeafHashes, verifyConsistency, verifyInclusion } from '@/lib/log/merkle';
import { decodeBase64, NoteError, openNote, parseVerifierKey, type NoteVerifier } from '@/lib/log/note';
import { decodeEntryBundle, EntryBundleError, entryBundlesForTree, TILE_WIDTH, tilePath, tilesForTree, type EntryBundle, type HashTile } from '@/lib/log/tiles';
import { PUBLIC_STATUSES, readLogEntry, type VerifiedLogEntry } from '@/lib/log/verifier-entries';
import { describeHistoryChanges, splitLeafHashes } from '@/lib/log/verifier-history';
import { bodyJson, bodyText, logBaseUrl, logClient, LogUnreachableError, LogVerifierUsageError, mapWithLimit, type LogClient } from '@/lib/log/verifier-http';
import { readVerifierState, writeVerifierState } from '@/lib/log/verifier-state';
import { checkCosignatures, parseWitnessOption } from '@/lib/log/verifier-witnesses';

export { LogUnreachableError, LogVerifierUsageError } from '@/lib/log/verifier-http';
export { defaultStateDir } from '@/lib/log/verifier-state';

/*
 * An independent check of an OpenSeal server's public log, over HTTP only (`npm run log:verify`):
 * the signed checkpoint, every entry and every tile, the log's history against what this verifier
 * saw on its last run, a few proofs, and each seal's public status against its latest entry. It
 * shares no code with the server beyond the pure log functions (Merkle tree, notes, checkpoints,
 * tiles), so a server bug cannot hide itself.
 */

export type VerifyLogOptions = {
  /** The OpenSeal server, e.g. `https://seal.example.org`. */
  baseUrl: string;
  /** Where this verifier keeps the key, checkpoint and leaf hashes it verified (see verifier-state.ts). */
  stateDir: string;
  /** The log's verifier key, learnt from its operator: the key the server serves must be this one. */
  key?: string;
  fetch?: typeof fetch;
  now?: Date;
  /** Requests in flight at once; 8 unless given. */
  concurrency?: number;
  /** How many random entries to ask an inclusion proof for; 4 unless given. */
  inclusionProofs?: number;
  /** Witnesses' verifier keys (C2SP tlog-cosignature, type 0x04): the checkpoint must carry a valid cosignature by each. */
  witnesses?: string[];
};

export type VerifyReport = {
  ok: boolean;
  /** Each in words, naming the entry, tile or seal; empty when all is well. */
  problems: string[];
  /** The log's origin, from its key (empty when the key could not be read). */
  origin: string;
  /** The verified checkpoint's tree size and root hash (base64). */
  size: number;
  rootHash: string;
  /** The size of the checkpoint verified on the last run; null on the first. */
  previousSize: number | null;
  /** True when no key was remembered yet and this run's key will be trusted from now on. */
  firstUse: boolean;
  seals: number;
  checkedStatuses: number;
  /** Seals whose newest entry is beyond the checkpoint (not signed yet): their status was not compared. */
  unsignedStatuses: number;
  /** Status documents served stale (the server's database was unreachable): not compared. */
  staleStatuses: number;
  checkedInclusionProofs: number;
  /** The witnesses whose cosignature of the checkpoint verified. */
  cosignedBy: string[];
  /** Whether the state folder now holds this run's checkpoint (only when nothing was wrong). */
  stateSaved: boolean;
};

/** Past this many problems of one kind (entries, tiles, statuses), the rest are counted. */
const PROBLEMS_PER_KIND = 20;

type Run = { client: LogClient; concurrency: number; now: Date; report: VerifyReport; problem: (message: string, kind?: string) => void };
type SignedLog = { keyText: string; verifier: NoteVerifier; note: string; checkpoint: Checkpoint };
type Tree = { leafHashes: Uint8Array[] | null; latestBySeal: Map<string, { index: number; entry: VerifiedLogEntry }> };

export async function verifyLog(options: VerifyLogOptions): Promise<VerifyReport> {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new LogVerifierUsageError('The concurrency must be a whole number of at least 1.');
  const expectedKey = options.key === undefined ? null : parseKeyOption(options.key);
  const witnesses = (options.witnesses ?? []).map(parseWitnessOption);
  const run = startRun(logClient(logBaseUrl(options.baseUrl), options.fetch ?? fetch), concurrency, options.now ?? new Date());
  const state = await readVerifierState(options.stateDir);
  const log = await readSignedLog(run, expectedKey, state?.key ?? null);
  if (!log) return finish(run);
  const cosigned = checkCosignatures(log.note, witnesses);
  run.report.cosignedBy = cosigned.by;
  for (const message of cosigned.problems) run.problem(message);
  const previous = state?.checkpoint ? readPreviousCheckpoint(run, log.verifier, state.checkpoint, state.leafHashes ?? new Uint8Array()) : null;
  run.report.previousSize = previous?.size ?? null;
  const tree = await readTree(run, log.checkpoint);
  if (previous) await checkHistory(run, previous, tree, log.checkpoint);
  await checkInclusionProofs(run, tree, log.checkpoint, options.inclusionProofs ?? 4);
  await checkStatuses(run, tree, log.checkpoint);
  if (run.report.problems.length === 0 && tree.leafHashes) {
    await writeVerifierState(options.stateDir, { key: log.keyText, checkpoint: log.note, leafHashes: Buffer.concat(tree.leafHashes) });
    run.report.stateSaved = true;
  }
  return finish(run);
}

function startRun(client: LogClient, concurrency: number, now: Date): Run {
  const report: VerifyReport = {
    ok: false,
    problems: [],
    origin: '',
    size: 0,
    rootHash: '',
    previousSize: null,
    firstUse: false,
    seals: 0,
    checkedStatuses: 0,
    unsignedStatuses: 0,
    staleStatuses: 0,
    checkedInclusionProofs: 0,
    cosignedBy: [],
    stateSaved: false,
  };
  const counts = new Map<string, number>();
  const problem = (message: string, kind = message) => {
    const count = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, count);
    if (count <= PROBLEMS_PER_KIND) report.problems.push(message);
    else if (count === PROBLEMS_PER_KIND + 1) report.problems.push(`(more problems like the ones above follow; only the first ${PROBLEMS_PER_KIND} are listed)`);
  };
  return { client, concurrency, now, report, problem };
}

function finish(run: Run): VerifyReport {
  run.report.ok = run.report.problems.length === 0;
  return run.report;
}

function parseKeyOption(text: string): NoteVerifier {
  try {
    return parseVerifierKey(text.trim());
  } catch (error) {
    if (error instanceof NoteError) throw new LogVerifierUsageError(`The key given with --key is not a note verifier key: ${error.message}`);
    throw error;
  }
}

/** The log's key (checked against --key and the one remembered) and its checkpoint, signature verified; null after a problem. */
async function readSignedLog(run: Run, expectedKey: NoteVerifier | null, rememberedKey: string | null): Promise<SignedLog | null> {
  const keyAnswer = await run.client.get('log/key');
  // Without the key and the checkpoint nothing can be checked: the address is likely wrong (exit code 2).
  if (keyAnswer.status !== 200) throw new LogUnreachableError(`${keyAnswer.url} did not give the log's key (HTTP ${keyAnswer.status}). Is this the address of an OpenSeal server?`);
  const keyText = bodyText(keyAnswer)?.trim() ?? '';
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(keyText);
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    run.problem(`The log's key at ${keyAnswer.url} is not a note verifier key: ${error.message}`);
    return null;
  }
  run.report.origin = verifier.name;
  if (expectedKey && (expectedKey.name !== verifier.name || !Buffer.from(expectedKey.publicKey).equals(verifier.publicKey))) {
    run.problem(`The log's key ${keyText} is not the key given with --key.`);
    return null;
  }
  if (rememberedKey !== null && rememberedKey !== keyText) {
    run.problem(
      `The log's key changed: it was ${rememberedKey} when this verifier first saw it, and is now ${keyText}. A log keeps its key; if its operator announced a new one, confirm it with them, then start over with an empty state folder.`,
    );
    return null;
  }
  run.report.firstUse = rememberedKey === null;

  const noteAnswer = await run.client.get('log/checkpoint');
  if (noteAnswer.status !== 200) throw new LogUnreachableError(`${noteAnswer.url} did not give the log's checkpoint (HTTP ${noteAnswer.status}).`);
  const note = bodyText(noteAnswer);
  if (note === null) {
    run.problem(`The checkpoint at ${noteAnswer.url} is not valid UTF-8.`);
    return null;
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(openNote(note, [verifier]).text);
  } catch (error) {
    if (!(error instanceof NoteError || error instanceof CheckpointError)) throw error;
    const what = error instanceof NoteError ? `is not signed by the log's key ${keyText}` : 'is not a checkpoint';
    run.problem(`The checkpoint at ${noteAnswer.url} ${what}: ${error.message}`);
    return null;
  }
  if (checkpoint.origin !== verifier.name) {
    run.problem(`The checkpoint's origin "${checkpoint.origin}" is not the name of the log's key, "${verifier.name}".`);
    return null;
  }
  run.report.size = checkpoint.size;
  run.report.rootHash = Buffer.from(checkpoint.rootHash).toString('base64');
  return { keyText, verifier, note, checkpoint };
}

/** The checkpoint verified on the last run and the leaf hashes it covered. */
function readPreviousCheckpoint(run: Run, verifier: NoteVerifier, note: string, flatLeafHashes: Uint8Array): (Checkpoint & { leafHashes: Uint8Array[] }) | null {
  try {
    const checkpoint = parseCheckpoint(openNote(note, [verifier]).text);
    // A run stopped between writing the hashes and the checkpoint leaves extra hashes: all verified, only these count.
    if (flatLeafHashes.length < checkpoint.size * HASH_SIZE) throw new CheckpointError(`it has ${Math.floor(flatLeafHashes.length / HASH_SIZE)} leaf hashes for ${checkpoint.size} entries`);
    return { ...checkpoint, leafHashes: splitLeafHashes(flatLeafHashes.subarray(0, checkpoint.size * HASH_SIZE)) };
  } catch (error) {
    if (!(error instanceof NoteError || error instanceof CheckpointError)) throw error;
    run.problem(`The state saved by the last run is damaged (${error.message}); the log's history could not be compared with it. Start over with an empty state folder.`);
    return null;
  }
}

/**
 * Every entry bundle and tile of the checkpoint's tree: entries well-formed, level-0 tiles equal to
 * the entries' hashes, each higher tile equal to the tiles below it, the root equal to the checkpoint's.
 */
async function readTree(run: Run, checkpoint: Checkpoint): Promise<Tree> {
  const bundles = entryBundlesForTree(checkpoint.size);
  const tiles = tilesForTree(checkpoint.size);
  const fetched = await mapWithLimit([...bundles, ...tiles], run.concurrency, (tile) => fetchTile(run, tile, checkpoint.size));
  const entryLists = fetched.slice(0, bundles.length);
  const hashLists = fetched.slice(bundles.length);

  const leafHashes: Array<Uint8Array | null> = new Array(checkpoint.size).fill(null);
  const latestBySeal: Tree['latestBySeal'] = new Map();
  bundles.forEach((bundle, b) => {
    entryLists[b]?.forEach((bytes, k) => {
      const index = bundle.index * TILE_WIDTH + k;
      leafHashes[index] = leafHash(bytes);
      const read = readLogEntry(bytes);
      if ('problem' in read) run.problem(`Entry ${index} ${read.problem}.`, 'entry');
      else latestBySeal.set(read.entry.sealId, { index, entry: read.entry });
    });
  });

  const tileHashes = new Map<string, Uint8Array[]>();
  tiles.forEach((tile, t) => {
    const hashes = hashLists[t];
    if (hashes) tileHashes.set(`${tile.level}/${tile.index}`, hashes);
  });
  for (const tile of tiles) {
    const hashes = tileHashes.get(`${tile.level}/${tile.index}`);
    hashes?.forEach((hash, k) => {
      const position = tile.index * TILE_WIDTH + k;
      if (tile.level === 0) {
        const fromEntry = leafHashes[position];
        if (fromEntry && !Buffer.from(fromEntry).equals(hash)) run.problem(`Entry ${position} does not match its hash in ${tilePath(tile)}: the entry or the tile was changed.`, 'tile');
        // A missing bundle is reported already; its hashes still let the root be checked.
        if (!fromEntry) leafHashes[position] = hash;
        return;
      }
      const below = tileHashes.get(`${tile.level - 1}/${position}`);
      if (below && !Buffer.from(rootFromLeafHashes(below)).equals(hash)) {
        const span = TILE_WIDTH ** tile.level;
        const belowPath = tilePath({ level: tile.level - 1, index: position, width: TILE_WIDTH });
        run.problem(`Hash ${k} of ${tilePath(tile)} does not match ${belowPath} (entries ${position * span} to ${(position + 1) * span - 1}).`, 'tile');
      }
    });
  }

  if (leafHashes.some((hash) => hash === null)) {
    run.problem("The checkpoint's root could not be checked: some entries could not be read (see above).");
    return { leafHashes: null, latestBySeal };
  }
  const complete = leafHashes as Uint8Array[];
  if (!Buffer.from(rootFromLeafHashes(complete)).equals(checkpoint.rootHash)) {
    run.problem(`The checkpoint's root hash does not match the root of the log's ${checkpoint.size} entries: what the log serves is not what it signed.`);
  }
  return { leafHashes: complete, latestBySeal };
}

/**
 * An entry bundle's entries or a tile's hashes, or null after reporting why not. A partial tile may
 * be gone once its full tile exists (tlog-tiles §Partial Tiles): then the full one's prefix is used.
 */
async function fetchTile(run: Run, tile: EntryBundle | HashTile, size: number): Promise<Uint8Array[] | null> {
  const path = tilePath(tile);
  let answer = await run.client.get(`log/${path}`);
  let fromFullTile = false;
  if (answer.status === 404 && tile.width < TILE_WIDTH) {
    const full = await run.client.get(`log/${tilePath({ ...tile, width: TILE_WIDTH })}`);
    if (full.status === 200) [answer, fromFullTile] = [full, true];
  }
  if (answer.status !== 200) {
    run.problem(`The log does not serve ${path} (HTTP ${answer.status}), which its checkpoint of ${size} entries needs.`, 'missing tile');
    return null;
  }
  if (tile.level === 'entries') {
    let entries: Uint8Array[];
    try {
      entries = decodeEntryBundle(answer.body);
    } catch (error) {
      if (!(error instanceof EntryBundleError)) throw error;
      run.problem(`${path} is not an entry bundle: ${error.message}`, 'tile');
      return null;
    }
    if (fromFullTile ? entries.length !== TILE_WIDTH : entries.length !== tile.width) {
      run.problem(`${path} holds ${entries.length} entries; the checkpoint of ${size} entries needs ${tile.width}.`, 'tile');
      return null;
    }
    return entries.slice(0, tile.width);
  }
  const expectedBytes = (fromFullTile ? TILE_WIDTH : tile.width) * HASH_SIZE;
  if (answer.body.length !== expectedBytes) {
    run.problem(`${path} is ${answer.body.length} bytes; a tile of ${tile.width} hashes is ${tile.width * HASH_SIZE}.`, 'tile');
    return null;
  }
  return splitLeafHashes(answer.body.subarray(0, tile.width * HASH_SIZE));
}

/** The log must only have grown since the last verified run: same first entries, a consistency proof that verifies. */
async function checkHistory(run: Run, previous: Checkpoint & { leafHashes: Uint8Array[] }, tree: Tree, checkpoint: Checkpoint): Promise<void> {
  const seen = previous.size;
  if (checkpoint.size < seen) run.problem(`The log is smaller than the ${seen} entries seen before: its checkpoint now has ${checkpoint.size}.`);
  if (tree.leafHashes) {
    if (checkpoint.size >= seen && !Buffer.from(rootFromLeafHashes(tree.leafHashes.slice(0, seen))).equals(previous.rootHash)) {
      run.problem(`The log's first ${seen} entries no longer have the root hash of the checkpoint verified on the last run.`);
    }
    for (const change of describeHistoryChanges(previous.leafHashes, tree.leafHashes)) {
      run.problem(`Since the checkpoint of ${seen} entries verified on the last run, ${change}.`, 'history');
    }
  }
  if (seen === 0 || checkpoint.size <= seen) return;
  const answer = await run.client.get(`api/v1/log/proof/consistency?from=${seen}&to=${checkpoint.size}`);
  const proof = answer.status === 200 ? readProof(bodyJson(answer), { from: seen, to: checkpoint.size }) : null;
  if (!proof) {
    run.problem(`${answer.url} did not give a consistency proof (HTTP ${answer.status}).`);
  } else if (!verifyConsistency(seen, checkpoint.size, previous.rootHash, checkpoint.rootHash, proof)) {
    run.problem(`The consistency proof from ${seen} to ${checkpoint.size} entries does not verify: the new checkpoint does not extend the one verified on the last run.`);
  }
}

/** Proofs for a few entries chosen at random, as any relying party would ask for them. */
async function checkInclusionProofs(run: Run, tree: Tree, checkpoint: Checkpoint, count: number): Promise<void> {
  if (!tree.leafHashes || checkpoint.size === 0) return;
  const leafHashes = tree.leafHashes;
  const indexes = new Set<number>();
  while (indexes.size < Math.min(count, checkpoint.size)) indexes.add(crypto.randomInt(checkpoint.size));
  await mapWithLimit([...indexes], run.concurrency, async (index) => {
    const answer = await run.client.get(`api/v1/log/proof/inclusion?index=${index}&size=${checkpoint.size}`);
    const proof = answer.status === 200 ? readProof(bodyJson(answer), { index, size: checkpoint.size }) : null;
    if (!proof) run.problem(`${answer.url} did not give an inclusion proof (HTTP ${answer.status}).`, 'inclusion');
    else if (!verifyInclusion(index, checkpoint.size, leafHashes[index] as Uint8Array, proof, checkpoint.rootHash)) {
      run.problem(`The inclusion proof of entry ${index} in the tree of ${checkpoint.size} entries does not verify.`, 'inclusion');
    } else run.report.checkedInclusionProofs += 1;
  });
}

/** `{ …echo, proof: [base64…] }` with the numbers asked for echoed back; the hashes, or null. */
function readProof(json: unknown, echo: Record<string, number>): Uint8Array[] | null {
  const parsed = z.object({ proof: z.array(z.string()) }).loose().safeParse(json);
  if (!parsed.success) return null;
  const body = parsed.data as Record<string, unknown>;
  if (Object.entries(echo).some(([name, value]) => body[name] !== value)) return null;
  const hashes = parsed.data.proof.map(decodeBase64);
  return hashes.every((hash): hash is Uint8Array => hash !== null && hash.length === HASH_SIZE) ? hashes : null;
}

const StatusDocumentSchema = z.object({
  status: z.enum(PUBLIC_STATUSES),
  log: z.object({ index: z.number().int().nonnegative(), treeSize: z.number().int().nonnegative().nullable().optional() }).nullable().optional(),
  stale: z.boolean().optional(),
});

/** Each seal's public status must be what its latest entry says (or `expired` once its expiry has passed). */
async function checkStatuses(run: Run, tree: Tree, checkpoint: Checkpoint): Promise<void> {
  run.report.seals = tree.latestBySeal.size;
  await mapWithLimit([...tree.latestBySeal], run.concurrency, async ([sealId, { index, entry }]) => {
    const answer = await run.client.get(`api/v1/seals/${encodeURIComponent(sealId)}/status`);
    const parsed = answer.status === 200 ? StatusDocumentSchema.safeParse(bodyJson(answer)) : null;
    if (!parsed?.success) {
      run.problem(`Seal ${sealId} is in the log (latest entry ${index}) but ${answer.url} did not give its status document (HTTP ${answer.status}).`, 'status');
      return;
    }
    const document = parsed.data;
    if (document.stale) {
      run.report.staleStatuses += 1;
      return;
    }
    // A newer entry than the checkpoint covers: the status may already have moved on, legitimately.
    if (document.log && document.log.index >= checkpoint.size) {
      run.report.unsignedStatuses += 1;
      return;
    }
    if (document.log && document.log.index !== index) {
      run.problem(`Seal ${sealId}: its status document names entry ${document.log.index} as its latest, but its latest entry in the log is entry ${index}.`, 'status');
    }
    const lapsed = (entry.status === 'active' || entry.status === 'suspended') && Date.parse(entry.expiresAt) <= run.now.getTime();
    const allowed = lapsed ? [entry.status, 'expired'] : [entry.status];
    if (!allowed.includes(document.status)) {
      const expected = allowed.map((status) => `"${status}"`).join(' or ');
      run.problem(`Seal ${sealId} reads "${document.status}", but its latest log entry (entry ${index}, ${entry.event}) says ${expected}.`, 'status');
    }
    run.report.checkedStatuses += 1;
  });
}
