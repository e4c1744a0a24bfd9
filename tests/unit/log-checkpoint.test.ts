import { describe, expect, it } from 'vitest';
import { CheckpointError, formatCheckpoint, parseCheckpoint } from '@/lib/log/checkpoint';
import { EMPTY_TREE_ROOT } from '@/lib/log/merkle';

/** The example body of C2SP tlog-checkpoint. */
const SPEC_EXAMPLE = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const ROOT = Uint8Array.from(Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64'));

describe('checkpoint bodies (C2SP tlog-checkpoint)', () => {
  it('reads and writes the specification’s example', () => {
    const checkpoint = parseCheckpoint(SPEC_EXAMPLE);
    expect(checkpoint).toEqual({ origin: 'example.com/behind-the-sofa', size: 20852163, rootHash: ROOT, extensions: [] });
    expect(formatCheckpoint(checkpoint)).toBe(SPEC_EXAMPLE);
  });

  it('writes the empty tree with size 0 and the SHA-256 of nothing', () => {
    const text = formatCheckpoint({ origin: 'seal.example.org/openseal-log', size: 0, rootHash: EMPTY_TREE_ROOT });
    expect(text).toBe('seal.example.org/openseal-log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
    expect(parseCheckpoint(text).size).toBe(0);
  });

  it('keeps extension lines', () => {
    expect(parseCheckpoint(`${SPEC_EXAMPLE}first extension\nsecond\n`).extensions).toEqual(['first extension', 'second']);
  });

  it('refuses malformed bodies, saying why', () => {
    const cases: Array<[string, RegExp]> = [
      ['example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', /ends with a newline/],
      ['example.com/log\n5\n', /at least three lines/],
      ['\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /empty origin/],
      ['example.com/log\n05\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /without leading zeros/],
      ['example.com/log\n00\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /without leading zeros/],
      ['example.com/log\n+5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /without leading zeros/],
      ['example.com/log\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /without leading zeros/],
      ['example.com/log\n5.0\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /without leading zeros/],
      ['example.com/log\n 5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /without leading zeros/],
      ['example.com/log\n9007199254740992\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', /too large/],
      ['example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2\n', /base64 of 32 bytes/],
      ['example.com/log\n5\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\n', /base64 of 32 bytes/],
      ['example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=AAAA\n', /base64 of 32 bytes/],
      ['example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n', /empty line/],
      ['example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\next\n\n', /empty line/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseCheckpoint(text), JSON.stringify(text)).toThrow(CheckpointError);
      expect(() => parseCheckpoint(text), JSON.stringify(text)).toThrow(message);
    }
  });

  it('refuses to write what it could not read back', () => {
    expect(() => formatCheckpoint({ origin: '', size: 1, rootHash: ROOT })).toThrow(CheckpointError);
    expect(() => formatCheckpoint({ origin: 'two\nlines', size: 1, rootHash: ROOT })).toThrow(CheckpointError);
    expect(() => formatCheckpoint({ origin: 'log', size: -1, rootHash: ROOT })).toThrow(CheckpointError);
    expect(() => formatCheckpoint({ origin: 'log', size: 1.5, rootHash: ROOT })).toThrow(CheckpointError);
    expect(() => formatCheckpoint({ origin: 'log', size: 1, rootHash: ROOT.slice(1) })).toThrow(CheckpointError);
  });
});
