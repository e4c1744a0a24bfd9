import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cosign, cosignerKeyHash, cosignerVerifierKey, parseCosignerKey, verifiedCosignatures } from '@/lib/log/cosignature';
import { NoteError, publicKeyBytes, signNote } from '@/lib/log/note';

/*
 * C2SP tlog-cosignature, Ed25519 (type 0x04): the key ID, the vkey, and the signed message
 * "cosignature/v1\ntime <t>\n<checkpoint>" with the timestamp before the signature.
 */

const logKey = crypto.generateKeyPairSync('ed25519').privateKey;
const witnessKey = crypto.generateKeyPairSync('ed25519').privateKey;
const witness = { name: 'witness.example.test/w1', privateKey: witnessKey };
const checkpoint = 'seals.example.test/openseal-log\n3\nrXAQSZHdHFXC9cIqKVqRNpOhb5sYSTjbMvwNdVL46cQ=\n';
const note = signNote(checkpoint, { name: 'seals.example.test/openseal-log', privateKey: logKey });

describe('tlog-cosignature (Ed25519)', () => {
  it('computes the key ID as SHA-256(name || "\\n" || 0x04 || key)[:4] and writes the vkey with type 0x04', () => {
    const publicKey = publicKeyBytes(witnessKey);
    const expected = crypto.createHash('sha256').update(Buffer.concat([Buffer.from('witness.example.test/w1\n'), Buffer.from([0x04]), publicKey])).digest().readUInt32BE(0);
    expect(cosignerKeyHash(witness.name, publicKey)).toBe(expected);
    const vkey = cosignerVerifierKey(witness.name, publicKey);
    expect(vkey).toBe(`witness.example.test/w1+${expected.toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.from([0x04]), publicKey]).toString('base64')}`);
    expect(parseCosignerKey(vkey)).toEqual({ name: witness.name, keyHash: expected, publicKey });
  });

  it('signs "cosignature/v1", the time and the checkpoint, and carries the time before the signature', () => {
    const line = cosign(checkpoint, witness, 1_796_000_000);
    const bytes = Buffer.from(line.trim().split(' ').at(-1)!, 'base64');
    expect(bytes.length).toBe(4 + 8 + 64);
    expect(Number(bytes.readBigUInt64BE(4))).toBe(1_796_000_000);
    const message = Buffer.from(`cosignature/v1\ntime 1796000000\n${checkpoint}`);
    expect(crypto.verify(null, message, crypto.createPublicKey(witnessKey), bytes.subarray(12))).toBe(true);
    const cosigner = parseCosignerKey(cosignerVerifierKey(witness.name, publicKeyBytes(witnessKey)));
    expect(verifiedCosignatures(note + line, [cosigner])).toEqual([{ witness: cosigner, timestamp: 1_796_000_000, line }]);
  });

  it('ignores the log’s own signature and unknown cosigners, and refuses a cosignature that does not verify', () => {
    const cosigner = parseCosignerKey(cosignerVerifierKey(witness.name, publicKeyBytes(witnessKey)));
    expect(verifiedCosignatures(note, [cosigner])).toEqual([]);
    const other = { name: 'other.example.test/w2', privateKey: crypto.generateKeyPairSync('ed25519').privateKey };
    expect(verifiedCosignatures(note + cosign(checkpoint, other, 1), [cosigner])).toEqual([]);
    // A cosignature of another tree, moved onto this checkpoint.
    const moved = cosign(checkpoint.replace('\n3\n', '\n4\n'), witness, 5);
    expect(() => verifiedCosignatures(note + moved, [cosigner])).toThrow(NoteError);
    expect(() => parseCosignerKey(cosignerVerifierKey(witness.name, publicKeyBytes(witnessKey)).replace('+', '+0'))).toThrow(NoteError);
  });
});
