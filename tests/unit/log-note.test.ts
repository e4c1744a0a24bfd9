import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NoteError, noteKeyHash, openNote, parseVerifierKey, publicKeyBytes, signatureLine, signNote, splitNote, verifierKey } from '@/lib/log/note';

/*
 * Known answers from golang.org/x/mod/sumdb/note (note_test.go: TestNewVerifier, TestSign, TestOpen),
 * the reference implementation of C2SP signed-note: the PeterNeumann and EnochRoot keys, the signer
 * key PeterNeumann's private key comes from, the signed note and its malformed variants.
 */

const PETER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SIGNER_KEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_KEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

/** PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): the Go signer key holds 0x01 || seed. */
function privateKeyFromGoSignerKey(signerKey: string): crypto.KeyObject {
  const encoded = signerKey.split('+').slice(4).join('+');
  const seed = Buffer.from(encoded, 'base64').subarray(1);
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

const peter = parseVerifierKey(PETER_KEY);
const enoch = parseVerifierKey(ENOCH_KEY);
const peterPrivateKey = privateKeyFromGoSignerKey(PETER_SIGNER_KEY);

function freshSigner(name: string) {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const verifier = parseVerifierKey(verifierKey(name, publicKeyBytes(privateKey)));
  return { signer: { name, privateKey }, verifier };
}

describe('verifier keys', () => {
  it('reads the published PeterNeumann key and writes it back the same', () => {
    expect(peter.name).toBe('PeterNeumann');
    expect(peter.keyHash).toBe(0xc74f20a3);
    expect(peter.publicKey).toHaveLength(32);
    expect(Buffer.concat([Uint8Array.of(0x01), peter.publicKey]).toString('base64')).toBe('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    expect(verifierKey(peter.name, peter.publicKey)).toBe(PETER_KEY);
    expect(noteKeyHash('EnochRoot', enoch.publicKey)).toBe(0xaf0cfe78);
  });

  it('gives the published key for the public half of the published signer key', () => {
    expect(verifierKey('PeterNeumann', publicKeyBytes(peterPrivateKey))).toBe(PETER_KEY);
    expect(publicKeyBytes(crypto.createPublicKey(peterPrivateKey))).toEqual(peter.publicKey);
  });

  it('refuses every truncation and every one-byte change of the key, as Go does', () => {
    const accepted: string[] = [];
    for (let i = 0; i <= PETER_KEY.length; i++) {
      for (let j = i + 1; j <= PETER_KEY.length; j++) {
        if (i === 0 && j === PETER_KEY.length) continue;
        const candidate = PETER_KEY.slice(i, j);
        if (accepts(candidate)) accepted.push(candidate);
      }
    }
    for (let i = 0; i < PETER_KEY.length; i++) {
      const candidate = PETER_KEY.slice(0, i) + String.fromCharCode(PETER_KEY.charCodeAt(i) + 1) + PETER_KEY.slice(i + 1);
      if (accepts(candidate)) accepted.push(candidate);
    }
    expect(accepted).toEqual([]);
  });

  it('says what is wrong with a malformed key', () => {
    // Go's own wrong-length example; its last group has unused bits set, which only Go's lenient base64 reads.
    expect(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==')).toThrow(NoteError);
    expect(() => parseVerifierKey(keyWithAdjustedHash('PeterNeumann', Buffer.concat([Buffer.of(0x01), peter.publicKey, Buffer.of(0)])))).toThrow(/33 bytes long; it must be 32/);
    expect(() => parseVerifierKey(keyWithAdjustedHash('PeterNeumann', Buffer.concat([Buffer.of(0x01), peter.publicKey.subarray(1)])))).toThrow(/31 bytes long; it must be 32/);
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(/signature type 0x65; only Ed25519/);
    expect(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(/does not match its name and key \(expected c74f20a3\)/);
    expect(() => parseVerifierKey('PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(/8 lowercase hexadecimal digits/);
    expect(() => parseVerifierKey('Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(/not a valid key name/);
    expect(() => parseVerifierKey('+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(/not a valid key name/);
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T')).toThrow(/not standard base64/);
    expect(() => parseVerifierKey('PeterNeumann')).toThrow(/three parts/);
    expect(() => parseVerifierKey('PeterNeumann')).toThrow(NoteError);
  });

  it('refuses names the spec forbids when making a key', () => {
    const key = peter.publicKey;
    for (const name of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u3000b', 'a\tb', 'a\u0001b', 'a\ud800b']) {
      expect(() => verifierKey(name, key), JSON.stringify(name)).toThrow(NoteError);
    }
    expect(verifierKey('example.com/log', key)).toMatch(/^example\.com\/log\+[0-9a-f]{8}\+AR/);
    expect(() => verifierKey('example.com/log', key.slice(1))).toThrow(NoteError);
  });
});

describe('signing notes', () => {
  it('reproduces the published signed note byte for byte (Ed25519 is deterministic)', () => {
    expect(signNote(TEXT, { name: 'PeterNeumann', privateKey: peterPrivateKey })).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('round-trips a text with blank lines and non-ASCII characters', () => {
    const { signer, verifier } = freshSigner('seal.example.org/openseal-log');
    const text = 'Ognuno sta solo sul cuor della terra\n\ned è subito sera.\n\n— not a signature line\n';
    const note = signNote(text, signer);
    expect(openNote(note, [verifier])).toEqual({ text, verified: [{ name: verifier.name, keyHash: verifier.keyHash }], unverified: [] });
  });

  it('refuses texts the spec does not allow', () => {
    const { signer } = freshSigner('log');
    expect(() => signNote('no final newline', signer)).toThrow(/must end with a newline/);
    expect(() => signNote('', signer)).toThrow(NoteError);
    expect(() => signNote('tab\there\n', signer)).toThrow(/control character U\+0009/);
    expect(() => signNote('carriage\r\n', signer)).toThrow(/U\+000d/);
    expect(() => signNote('lone \ud800 surrogate\n', signer)).toThrow(/lone surrogate/);
    expect(() => signNote(TEXT, { ...signer, name: 'two words' })).toThrow(/not a valid key name/);
    expect(() => signNote(TEXT, { ...signer, privateKey: crypto.createPublicKey(signer.privateKey) })).toThrow(/private key/);
    const ecdsa = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(() => signNote(TEXT, { name: 'log', privateKey: ecdsa })).toThrow(NoteError);
  });
});

describe('opening notes', () => {
  const peterId = { name: 'PeterNeumann', keyHash: 0xc74f20a3 };
  const enochId = { name: 'EnochRoot', keyHash: 0xaf0cfe78 };

  it('verifies the published note and keeps a signature by an unknown key unverified', () => {
    expect(openNote(`${TEXT}\n${PETER_SIG}`, [peter])).toEqual({ text: TEXT, verified: [peterId], unverified: [] });
    expect(openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter])).toEqual({ text: TEXT, verified: [peterId], unverified: [enochId] });
    expect(openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter, enoch])).toEqual({ text: TEXT, verified: [peterId, enochId], unverified: [] });
  });

  it('refuses a note no known key signed', () => {
    expect(() => openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [])).toThrow(/no signature by a known key/);
    const { verifier } = freshSigner('PeterNeumann');
    expect(() => openNote(`${TEXT}\n${PETER_SIG}`, [verifier])).toThrow(/no signature by a known key/);
  });

  it('refuses a note whose known signature does not verify', () => {
    const tampered = `${TEXT.replace('cryptography', 'cryptographY')}\n${PETER_SIG}`;
    expect(() => openNote(tampered, [peter])).toThrow(/signature by PeterNeumann\+c74f20a3 does not verify/);
    const longer = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(() => openNote(longer, [peter])).toThrow(/does not verify/);
    // Same name and key hash, another key: the signature is checked, and fails.
    const impostor = { ...peter, publicKey: enoch.publicKey };
    expect(() => openNote(`${TEXT}\n${PETER_SIG}`, [impostor])).toThrow(/does not verify/);
  });

  it('counts repeated signatures once, as Go does', () => {
    const corruptEnoch = `${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
    const note = `${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${corruptEnoch}`;
    expect(openNote(note, [peter])).toEqual({ text: TEXT, verified: [peterId], unverified: [enochId, enochId] });
  });

  it('refuses two different verifier keys under one name and key hash', () => {
    const other = { ...peter, publicKey: enoch.publicKey };
    expect(() => openNote(`${TEXT}\n${PETER_SIG}`, [peter, other])).toThrow(/Two different verifier keys/);
    expect(openNote(`${TEXT}\n${PETER_SIG}`, [peter, { ...peter }]).verified).toEqual([peterId]);
  });

  it('refuses the malformed notes of Go’s tests and other broken lines', () => {
    const malformed = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.repeat(101)}`,
      `${TEXT}\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${TEXT}\n— PeterNeumann\n`,
      `${TEXT}\n— PeterNeumann x08g\n`,
      `${TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n`,
      `${TEXT}\n— PeterNeumann  x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${TEXT}\n${PETER_SIG}\n`,
      `${TEXT}\r\n${PETER_SIG}`,
    ];
    malformed.forEach((note) => expect(() => openNote(note, [peter]), JSON.stringify(note)).toThrow(NoteError));
  });

  it('accepts a cosignature line added after the log’s own', () => {
    const log = freshSigner('seal.example.org/openseal-log');
    const witness = freshSigner('witness.example/w1');
    const text = 'seal.example.org/openseal-log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
    const cosigned = signNote(text, log.signer) + signatureLine(text, witness.signer);
    expect(splitNote(cosigned).signatures.map((s) => s.name)).toEqual([log.verifier.name, witness.verifier.name]);
    const opened = openNote(cosigned, [log.verifier]);
    expect(opened.unverified).toEqual([{ name: witness.verifier.name, keyHash: witness.verifier.keyHash }]);
    expect(openNote(cosigned, [log.verifier, witness.verifier]).verified).toHaveLength(2);
  });
});

/** A key of any bytes under `name`, with the key hash the spec computes for them. */
function keyWithAdjustedHash(name: string, typeAndKey: Uint8Array): string {
  const hash = crypto.createHash('sha256').update(`${name}\n`).update(typeAndKey).digest().subarray(0, 4).toString('hex');
  return `${name}+${hash}+${Buffer.from(typeAndKey).toString('base64')}`;
}

function accepts(key: string): boolean {
  try {
    parseVerifierKey(key);
    return true;
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    return false;
  }
}
