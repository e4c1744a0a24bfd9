import { HASH_SIZE } from '@/lib/log/merkle';
import { decodeBase64 } from '@/lib/log/note';

/*
 * The body of a log checkpoint (C2SP tlog-checkpoint): origin, tree size and root hash, one per
 * line, then optional extension lines. Signing it is note.ts's job. Pure functions; no I/O.
 */

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

export type Checkpoint = { origin: string; size: number; rootHash: Uint8Array };

/** tlog-checkpoint §Note text: "the ASCII decimal representation … with no leading zeroes". */
const TREE_SIZE = /^(?:0|[1-9][0-9]*)$/;

/** The note text of a checkpoint: `origin`, `size` and the base64 root, each followed by a newline. */
export function formatCheckpoint({ origin, size, rootHash }: Checkpoint): string {
  if (!isOrigin(origin)) throw new CheckpointError(`The origin ${JSON.stringify(origin)} must be non-empty, on one line, without control characters.`);
  if (!Number.isSafeInteger(size) || size < 0) throw new CheckpointError(`The tree size ${size} is not a whole number from 0 to 2^53 - 1.`);
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== HASH_SIZE) throw new CheckpointError(`The root hash must be ${HASH_SIZE} bytes.`);
  return `${origin}\n${size}\n${Buffer.from(rootHash).toString('base64')}\n`;
}

/** Reads a checkpoint's note text (already verified: see openNote). CheckpointError saying what is wrong otherwise. */
export function parseCheckpoint(text: string): Checkpoint & { extensions: string[] } {
  if (!text.endsWith('\n')) throw new CheckpointError('A checkpoint ends with a newline.');
  const [origin, sizeText, rootText, ...extensions] = text.slice(0, -1).split('\n');
  if (origin === undefined || sizeText === undefined || rootText === undefined) {
    throw new CheckpointError('A checkpoint has at least three lines: origin, tree size and root hash.');
  }
  if (!isOrigin(origin)) throw new CheckpointError('The checkpoint has an empty origin line.');
  if (!TREE_SIZE.test(sizeText)) throw new CheckpointError(`The checkpoint's tree size ${JSON.stringify(sizeText)} is not a decimal number without leading zeros.`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new CheckpointError(`The checkpoint's tree size ${sizeText} is too large (above 2^53 - 1).`);
  const rootHash = decodeBase64(rootText);
  if (!rootHash || rootHash.length !== HASH_SIZE) {
    throw new CheckpointError(`The checkpoint's root hash ${JSON.stringify(rootText)} is not the base64 of ${HASH_SIZE} bytes.`);
  }
  if (extensions.some((line) => line.length === 0)) throw new CheckpointError('The checkpoint has an empty line among its extension lines.');
  return { origin, size, rootHash, extensions };
}

function isOrigin(origin: string): boolean {
  // Below U+0020: the control characters a note may not hold (signed-note §Format).
  return origin.length > 0 && Array.from(origin).every((character) => character >= ' ');
}
