import { describe, expect, it } from 'vitest';
import { EntryBundleError, decodeEntryBundle, encodeEntryBundle, entryBundlesForTree, parseTilePath, TILE_HEIGHT, TILE_WIDTH, tilePath, tilesForTree } from '@/lib/log/tiles';

describe('tile paths (C2SP tlog-tiles)', () => {
  it('writes the index in 3-digit groups, all but the last prefixed with x', () => {
    expect(TILE_HEIGHT).toBe(8);
    expect(TILE_WIDTH).toBe(256);
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 0, index: 0, width: 256 })).toBe('tile/0/000');
    expect(tilePath({ level: 3, index: 999, width: 256 })).toBe('tile/3/999');
    expect(tilePath({ level: 1, index: 1000, width: 256 })).toBe('tile/1/x001/000');
    expect(tilePath({ level: 'entries', index: 0, width: 5 })).toBe('tile/entries/000.p/5');
    expect(tilePath({ level: 'entries', index: 1234067, width: 255 })).toBe('tile/entries/x001/x234/067.p/255');
    expect(tilePath({ level: 63, index: 2 ** 53 - 1, width: 1 })).toBe('tile/63/x009/x007/x199/x254/x740/991.p/1');
  });

  it('refuses tiles that cannot exist', () => {
    for (const tile of [
      { level: -1, index: 0, width: 1 },
      { level: 64, index: 0, width: 1 },
      { level: 0.5, index: 0, width: 1 },
      { level: 0, index: -1, width: 1 },
      { level: 0, index: 2 ** 53, width: 1 },
      { level: 0, index: 0, width: 0 },
      { level: 0, index: 0, width: 257 },
    ]) {
      expect(() => tilePath(tile), JSON.stringify(tile)).toThrow(RangeError);
    }
  });

  it('reads back every path it writes', () => {
    for (const tile of [
      { level: 0, index: 0, width: 256 },
      { level: 0, index: 1234067, width: 17 },
      { level: 63, index: 2 ** 53 - 1, width: 255 },
      { level: 'entries' as const, index: 1000, width: 256 },
      { level: 'entries' as const, index: 5, width: 1 },
    ]) {
      expect(parseTilePath(tilePath(tile))).toEqual(tile);
    }
  });

  it('refuses every path that is not the one canonical name of a tile', () => {
    const invalid = [
      'tile/0/1',
      'tile/0/01',
      'tile/0/0001',
      'tile/0/x000/001',
      'tile/0/x001',
      'tile/0/001/002',
      'tile/0/x1/002',
      'tile/00/000',
      'tile/01/000',
      'tile/64/000',
      'tile/100/000',
      'tile/-1/000',
      'tile/0/000.p/0',
      'tile/0/000.p/256',
      'tile/0/000.p/05',
      'tile/0/000.p/',
      'tile/0/000.p',
      'tile/0/000/',
      '/tile/0/000',
      'tiles/0/000',
      'tile/entries/000.p/300',
      'tile/entry/000',
      'tile/0/x009/x007/x199/x254/x740/992',
      'tile/0/x001/x000/x000/x000/x000/x000/000',
      'tile/0/000?x=1',
    ];
    for (const path of invalid) expect(parseTilePath(path), path).toBeNull();
  });
});

describe('the tiles of a tree', () => {
  it('lists the specification’s example of 70,000 leaves', () => {
    const tiles = tilesForTree(70_000);
    const byLevel = (level: number) => tiles.filter((tile) => tile.level === level);
    expect(byLevel(0)).toHaveLength(274);
    expect(byLevel(0).filter((tile) => tile.width === 256)).toHaveLength(273);
    expect(byLevel(0).at(-1)).toEqual({ level: 0, index: 273, width: 112 });
    expect(byLevel(1)).toEqual([
      { level: 1, index: 0, width: 256 },
      { level: 1, index: 1, width: 17 },
    ]);
    expect(byLevel(2)).toEqual([{ level: 2, index: 0, width: 1 }]);
    expect(tiles).toHaveLength(277);
  });

  it('gives a tree of 256 leaves one full tile and a partial tile of width 1 above it', () => {
    expect(tilesForTree(256)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
  });

  it('has no tile for the empty tree and no partial tile where a level divides evenly', () => {
    expect(tilesForTree(0)).toEqual([]);
    expect(tilesForTree(1)).toEqual([{ level: 0, index: 0, width: 1 }]);
    expect(tilesForTree(512)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 0, index: 1, width: 256 },
      { level: 1, index: 0, width: 2 },
    ]);
    expect(tilesForTree(65_536).filter((tile) => tile.width < 256)).toEqual([{ level: 2, index: 0, width: 1 }]);
  });

  it('lists the entry bundles like the level-0 tiles', () => {
    expect(entryBundlesForTree(0)).toEqual([]);
    expect(entryBundlesForTree(300)).toEqual([
      { level: 'entries', index: 0, width: 256 },
      { level: 'entries', index: 1, width: 44 },
    ]);
    expect(entryBundlesForTree(512)).toEqual([
      { level: 'entries', index: 0, width: 256 },
      { level: 'entries', index: 1, width: 256 },
    ]);
    for (const size of [1, 255, 256, 257, 70_000]) {
      expect(entryBundlesForTree(size).map(({ index, width }) => ({ index, width }))).toEqual(
        tilesForTree(size)
          .filter((tile) => tile.level === 0)
          .map(({ index, width }) => ({ index, width })),
      );
    }
  });

  it('refuses sizes that are not tree sizes', () => {
    expect(() => tilesForTree(-1)).toThrow(RangeError);
    expect(() => entryBundlesForTree(1.5)).toThrow(RangeError);
  });
});

describe('entry bundles', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('prefixes each entry with its length as a big-endian uint16', () => {
    const bundle = encodeEntryBundle([bytes('a'), bytes(''), new Uint8Array(300).fill(7)]);
    expect(Buffer.from(bundle.subarray(0, 5)).toString('hex')).toBe('0001610000');
    expect(Buffer.from(bundle.subarray(5, 7)).toString('hex')).toBe('012c');
    expect(bundle).toHaveLength(3 + 2 + 302);
    expect(decodeEntryBundle(bundle)).toEqual([bytes('a'), bytes(''), new Uint8Array(300).fill(7)]);
  });

  it('takes entries of up to 65,535 bytes and refuses longer ones', () => {
    const largest = new Uint8Array(65_535).fill(1);
    expect(decodeEntryBundle(encodeEntryBundle([largest]))).toEqual([largest]);
    expect(() => encodeEntryBundle([bytes('ok'), new Uint8Array(65_536)])).toThrow(/Entry 1 is 65536 bytes/);
  });

  it('reads an empty bundle as no entries and refuses truncated ones', () => {
    expect(decodeEntryBundle(new Uint8Array(0))).toEqual([]);
    const bundle = encodeEntryBundle([bytes('first'), bytes('second')]);
    for (let length = 1; length < bundle.length; length++) {
      if (length === 7) continue; // exactly the first entry: a valid bundle of one
      expect(() => decodeEntryBundle(bundle.subarray(0, length)), `${length} bytes`).toThrow(EntryBundleError);
    }
    expect(decodeEntryBundle(bundle.subarray(0, 7))).toEqual([bytes('first')]);
  });
});
