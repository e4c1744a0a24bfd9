/*
 * The static resources of a tiled log (C2SP tlog-tiles): where each tile of hashes and each bundle
 * of entries lives, which ones a tree of a given size has, and the byte format of an entry bundle.
 * Pure functions; no I/O.
 *
 * A hash tile (L, N, W) holds W hashes at tree level 8·L: those of the subtrees of 256^L leaves
 * starting at leaf (N·256 + i)·256^L for i < W. An entry bundle (N, W) holds entries N·256 … N·256 + W − 1.
 */

/** tlog-tiles fixes the height at 8: a full tile holds 2^8 hashes (8,192 bytes) or entries. */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;
/** tlog-tiles: `<L>` is "between 0 and 63". */
export const MAX_TILE_LEVEL = 63;
/** Entries are length-prefixed with a big-endian uint16. */
export const MAX_ENTRY_SIZE = 0xffff;

export type HashTile = { level: number; index: number; width: number };
export type EntryBundle = { level: 'entries'; index: number; width: number };
export type TileAddress = HashTile | EntryBundle;

export class EntryBundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntryBundleError';
  }
}

/** `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`, relative to the log's prefix. */
export function tilePath({ level, index, width }: TileAddress): string {
  if (level !== 'entries' && !(Number.isInteger(level) && level >= 0 && level <= MAX_TILE_LEVEL)) {
    throw new RangeError(`Tile level ${level} is not a whole number from 0 to ${MAX_TILE_LEVEL}.`);
  }
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`Tile index ${index} is not a whole number from 0 to 2^53 - 1.`);
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw new RangeError(`Tile width ${width} is not from 1 to ${TILE_WIDTH}.`);
  const partial = width < TILE_WIDTH ? `.p/${width}` : '';
  return `tile/${level}/${indexPath(index)}${partial}`;
}

/**
 * The tile a path names, or null for anything that is not the one canonical path of a tile: a
 * level above 63 or with a leading zero, index groups that are not 3 digits or that start with
 * `x000/`, a width of 0, 256 or more, or with a leading zero.
 */
export function parseTilePath(path: string): TileAddress | null {
  const match = /^tile\/(entries|[0-9]{1,2})\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([0-9]{1,3}))?$/.exec(path);
  if (!match) return null;
  const [, levelText = '', indexText = '', widthText] = match;
  const groups = indexText.split('/');
  // Six groups reach 10^18, past 2^53; an index that large names no tile of any tree.
  if (groups.length > 6) return null;
  const index = groups.reduce((value, group) => value * 1000 + Number(group.replace('x', '')), 0);
  const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
  if (!Number.isSafeInteger(index) || width < 1 || width > TILE_WIDTH || (widthText !== undefined && width === TILE_WIDTH)) return null;
  if (levelText !== 'entries' && Number(levelText) > MAX_TILE_LEVEL) return null;
  const tile: TileAddress = levelText === 'entries' ? { level: 'entries', index, width } : { level: Number(levelText), index, width };
  // Leading zeros in the level or width, or an `x000/` group, would be a second name for one tile.
  return tilePath(tile) === path ? tile : null;
}

/**
 * Every hash tile of a tree of `size` leaves, level by level, full tiles first: at level L there are
 * floor(size / 256^(L+1)) full tiles and, where floor(size / 256^L) mod 256 is not 0, one partial
 * tile of that width (tlog-tiles §Partial Tiles).
 */
export function tilesForTree(size: number): HashTile[] {
  checkSize(size);
  const tiles: HashTile[] = [];
  for (let level = 0; level <= MAX_TILE_LEVEL; level++) {
    const hashes = Math.floor(size / TILE_WIDTH ** level);
    if (hashes === 0) break;
    tiles.push(...tilesOfLevel(hashes).map(({ index, width }) => ({ level, index, width })));
  }
  return tiles;
}

/** Every entry bundle of a tree of `size` leaves: the full ones, then a partial one if size mod 256 is not 0. */
export function entryBundlesForTree(size: number): EntryBundle[] {
  checkSize(size);
  return tilesOfLevel(size).map(({ index, width }) => ({ level: 'entries', index, width }));
}

/** An entry bundle: each entry as a big-endian uint16 length, then its bytes. */
export function encodeEntryBundle(entries: Uint8Array[]): Uint8Array {
  let total = 0;
  entries.forEach((entry, i) => {
    if (entry.length > MAX_ENTRY_SIZE) throw new EntryBundleError(`Entry ${i} is ${entry.length} bytes; an entry bundle holds at most ${MAX_ENTRY_SIZE} bytes per entry.`);
    total += 2 + entry.length;
  });
  const bundle = new Uint8Array(total);
  let at = 0;
  for (const entry of entries) {
    bundle[at] = Math.floor(entry.length / 256);
    bundle[at + 1] = entry.length % 256;
    bundle.set(entry, at + 2);
    at += 2 + entry.length;
  }
  return bundle;
}

/** The entries of an entry bundle; EntryBundleError when it ends inside a length or an entry. */
export function decodeEntryBundle(bytes: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw new EntryBundleError(`The entry bundle ends inside the length of entry ${entries.length}.`);
    const length = (bytes[at] ?? 0) * 256 + (bytes[at + 1] ?? 0);
    if (at + 2 + length > bytes.length) {
      throw new EntryBundleError(`The entry bundle ends inside entry ${entries.length} (${length} bytes announced, ${bytes.length - at - 2} left).`);
    }
    entries.push(bytes.slice(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}

/** Tiles of 256 over `count` items: the full ones, then the partial remainder if any. */
function tilesOfLevel(count: number): Array<{ index: number; width: number }> {
  const full = Math.floor(count / TILE_WIDTH);
  const rest = count % TILE_WIDTH;
  const tiles = Array.from({ length: full }, (_, index) => ({ index, width: TILE_WIDTH }));
  if (rest > 0) tiles.push({ index: full, width: rest });
  return tiles;
}

/** tlog-tiles: the index in 3-digit groups, every group but the last prefixed with `x` (1234067 → x001/x234/067). */
function indexPath(index: number): string {
  let rest = Math.floor(index / 1000);
  let path = String(index % 1000).padStart(3, '0');
  while (rest > 0) {
    path = `x${String(rest % 1000).padStart(3, '0')}/${path}`;
    rest = Math.floor(rest / 1000);
  }
  return path;
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`Tree size ${size} is not a whole number from 0 to 2^53 - 1.`);
}
