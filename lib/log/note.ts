import crypto, { type KeyObject } from 'node:crypto';

/*
 * Signed notes (C2SP signed-note, the format of golang.org/x/mod/sumdb/note) with Ed25519 keys:
 * the envelope of the log's checkpoint. A note is a text ending in a newline, a blank line, then
 * one line per signature: "— <key name> base64(key hash || signature)". Pure functions; no I/O.
 *
 * Key hashes are uint32 values held in plain numbers (0 … 2^32 - 1).
 */

/** The signature type byte of Ed25519 in the verifier key and the key hash (signed-note §Signature types). */
export const ED25519_SIGNATURE_TYPE = 0x01;

const ED25519_KEY_SIZE = 32;
const ED25519_SIGNATURE_SIZE = 64;
const KEY_HASH_SIZE = 4;
/** Em dash (U+2014) and a space start every signature line. */
const SIGNATURE_LINE_PREFIX = '\u2014 ';
/** Unicode's White_Space characters (Go's unicode.IsSpace, which the reference implementation uses) and "+". */
const UNICODE_SPACE_OR_PLUS = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000+]/;
/** The spec asks verifiers to accept at least 16; Go's note.Open stops at 100, so a note is not parsed forever. */
const MAX_SIGNATURES = 100;

export class NoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteError';
  }
}

/** A key that checks signatures: what `parseVerifierKey` reads from `name+hash+base64(0x01 || key)`. */
export type NoteVerifier = { name: string; keyHash: number; publicKey: Uint8Array };

/** A key that signs: an Ed25519 private KeyObject under a key name (for the log: its origin). */
export type NoteSigner = { name: string; privateKey: KeyObject };

/** One signature line, parsed but not verified. `signature` excludes the 4-byte key hash. */
export type NoteSignature = { name: string; keyHash: number; signature: Uint8Array; line: string };

export type OpenedNote = {
  text: string;
  /** Signatures by the given verifiers, each checked, one per key. */
  verified: Array<{ name: string; keyHash: number }>;
  /** Signatures by other keys (a witness's cosignature, a rotated key), kept but not checked. */
  unverified: Array<{ name: string; keyHash: number }>;
};

/**
 * signed-note §Format: a key name is non-empty, has no Unicode space and no "+". Control characters
 * cannot appear in a note at all, so a name with one could never sign.
 */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !UNICODE_SPACE_OR_PLUS.test(name) && firstControlCharacter(name) === null && isWellFormed(name);
}

/** signed-note §Ed25519 signatures: the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || public key). */
export function noteKeyHash(name: string, publicKey: Uint8Array): number {
  checkKeyName(name);
  checkPublicKey(publicKey);
  const digest = crypto.createHash('sha256').update(name, 'utf8').update(Uint8Array.of(0x0a, ED25519_SIGNATURE_TYPE)).update(publicKey).digest();
  return digest.readUInt32BE(0);
}

/** The verifier key as clients configure it: `name+<8 lowercase hex of the key hash>+base64(0x01 || public key)`. */
export function verifierKey(name: string, publicKey: Uint8Array): string {
  const hash = noteKeyHash(name, publicKey);
  const encoded = Buffer.concat([Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey]).toString('base64');
  return `${name}+${hexKeyHash(hash)}+${encoded}`;
}

/** Reads a verifier key (see `verifierKey`); NoteError saying what is wrong with it otherwise. */
export function parseVerifierKey(text: string): NoteVerifier {
  const firstPlus = text.indexOf('+');
  const secondPlus = firstPlus < 0 ? -1 : text.indexOf('+', firstPlus + 1);
  if (secondPlus < 0) throw new NoteError('A verifier key has three parts joined by "+": name+keyhash+base64key.');
  const name = text.slice(0, firstPlus);
  const hashText = text.slice(firstPlus + 1, secondPlus);
  const keyText = text.slice(secondPlus + 1);
  if (!isValidKeyName(name)) throw new NoteError(`The verifier key's name ${JSON.stringify(name)} is not a valid key name (non-empty, no spaces, no "+").`);
  if (!/^[0-9a-f]{8}$/.test(hashText)) throw new NoteError(`The verifier key's hash ${JSON.stringify(hashText)} is not 8 lowercase hexadecimal digits.`);
  const key = decodeBase64(keyText);
  if (!key || key.length === 0) throw new NoteError("The verifier key's key part is not standard base64.");
  if (key[0] !== ED25519_SIGNATURE_TYPE) {
    throw new NoteError(`The verifier key is of signature type 0x${hexByte(key[0] ?? 0)}; only Ed25519 (0x01) is supported.`);
  }
  const publicKey = key.subarray(1);
  if (publicKey.length !== ED25519_KEY_SIZE) {
    throw new NoteError(`The verifier key's Ed25519 public key is ${publicKey.length} bytes long; it must be ${ED25519_KEY_SIZE}.`);
  }
  const keyHash = noteKeyHash(name, publicKey);
  if (hexKeyHash(keyHash) !== hashText) {
    throw new NoteError(`The verifier key's hash ${hashText} does not match its name and key (expected ${hexKeyHash(keyHash)}).`);
  }
  return { name, keyHash, publicKey: Uint8Array.from(publicKey) };
}

/** The raw 32 bytes of the public half of an Ed25519 public or private KeyObject. */
export function publicKeyBytes(key: KeyObject): Uint8Array {
  if (key.asymmetricKeyType !== 'ed25519') throw new NoteError(`Expected an Ed25519 key, not ${key.asymmetricKeyType ?? key.type}.`);
  const publicKey = key.type === 'public' ? key : crypto.createPublicKey(key);
  const { x } = publicKey.export({ format: 'jwk' });
  return Uint8Array.from(Buffer.from(x ?? '', 'base64url'));
}

/**
 * The signature line `signer` adds to a note of `text`, ending in a newline. A note already signed
 * gets another signer's line (a cosignature) appended after its last line.
 */
export function signatureLine(text: string, signer: NoteSigner): string {
  checkNoteText(text);
  checkKeyName(signer.name);
  if (signer.privateKey.type !== 'private' || signer.privateKey.asymmetricKeyType !== 'ed25519') {
    throw new NoteError('A note is signed with an Ed25519 private key.');
  }
  const hash = Buffer.alloc(KEY_HASH_SIZE);
  hash.writeUInt32BE(noteKeyHash(signer.name, publicKeyBytes(signer.privateKey)));
  const signature = crypto.sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  return `${SIGNATURE_LINE_PREFIX}${signer.name} ${Buffer.concat([hash, signature]).toString('base64')}\n`;
}

/** The signed note: `text` (ending in a newline), a blank line and the signature line. */
export function signNote(text: string, signer: NoteSigner): string {
  return `${text}\n${signatureLine(text, signer)}`;
}

/**
 * A note split into its text and signature lines, nothing verified: the text MUST NOT be trusted
 * from this alone (use `openNote`). NoteError when the note is malformed.
 */
export function splitNote(note: string): { text: string; signatures: NoteSignature[] } {
  checkCharacters(note, 'The note');
  // The text may hold blank lines itself; the last one separates it from the signatures.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('The note has no blank line before its signatures.');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0) throw new NoteError('The note has no signature lines.');
  if (!block.endsWith('\n')) throw new NoteError('The note does not end with a newline after its last signature.');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError(`The note has ${lines.length} signatures; at most ${MAX_SIGNATURES} are read.`);
  return { text, signatures: lines.map(parseSignatureLine) };
}

/**
 * Opens a signed note: checks every signature by one of `verifiers` (matched by name and key hash,
 * as the spec says) and keeps those by other keys unchecked. NoteError when the note is malformed,
 * when a signature by a known key does not verify, or when no known key signed it.
 */
export function openNote(note: string, verifiers: NoteVerifier[]): OpenedNote {
  const { text, signatures } = splitNote(note);
  const message = Buffer.from(text, 'utf8');
  const verified: OpenedNote['verified'] = [];
  const unverified: OpenedNote['unverified'] = [];
  const seenKeys = new Set<string>();
  const seenUnknownLines = new Set<string>();
  for (const signature of signatures) {
    const id = `${signature.name}+${hexKeyHash(signature.keyHash)}`;
    const verifier = verifierFor(signature, verifiers);
    if (!verifier) {
      if (!seenUnknownLines.has(signature.line)) unverified.push({ name: signature.name, keyHash: signature.keyHash });
      seenUnknownLines.add(signature.line);
      continue;
    }
    // The same key's signature twice counts once (Go's note.Open does the same).
    if (seenKeys.has(id)) continue;
    seenKeys.add(id);
    if (!verifyEd25519(message, signature.signature, verifier.publicKey)) {
      throw new NoteError(`The signature by ${id} does not verify: the note was changed or not signed by that key.`);
    }
    verified.push({ name: signature.name, keyHash: signature.keyHash });
  }
  if (verified.length === 0) {
    const known = verifiers.map((v) => `${v.name}+${hexKeyHash(v.keyHash)}`).join(', ') || 'none given';
    throw new NoteError(`The note has no signature by a known key (known: ${known}).`);
  }
  return { text, verified, unverified };
}

/** Standard base64 (RFC 4648 §4) in its one canonical form, or null: padding required, no other characters. */
export function decodeBase64(text: string): Uint8Array | null {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  // Unused bits of the last character must be zero, or two texts would mean the same bytes.
  if (bytes.toString('base64') !== text) return null;
  return Uint8Array.from(bytes);
}

function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
    throw new NoteError(`The note has a line after its blank line that is not a signature (they start with "— "): ${JSON.stringify(line.slice(0, 80))}`);
  }
  const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  if (!isValidKeyName(name)) throw new NoteError(`The note has a signature line with an invalid key name: ${JSON.stringify(line.slice(0, 80))}`);
  const bytes = space < 0 ? null : decodeBase64(rest.slice(space + 1));
  if (!bytes || bytes.length <= KEY_HASH_SIZE) {
    throw new NoteError(`The note's signature by ${name} is not base64 of a key hash and a signature.`);
  }
  const keyHash = Buffer.from(bytes.buffer, bytes.byteOffset, KEY_HASH_SIZE).readUInt32BE(0);
  return { name, keyHash, signature: bytes.slice(KEY_HASH_SIZE), line };
}

/** The one verifier with this name and key hash, or null; two different keys under one id are ambiguous. */
function verifierFor(signature: NoteSignature, verifiers: NoteVerifier[]): NoteVerifier | null {
  const matching = verifiers.filter((v) => v.name === signature.name && v.keyHash === signature.keyHash);
  const [first] = matching;
  if (!first) return null;
  if (matching.some((v) => !sameBytes(v.publicKey, first.publicKey))) {
    throw new NoteError(`Two different verifier keys are both named ${signature.name}+${hexKeyHash(signature.keyHash)}.`);
  }
  return first;
}

function verifyEd25519(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_SIZE || publicKey.length !== ED25519_KEY_SIZE) return false;
  let key: KeyObject;
  try {
    key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });
  } catch {
    return false;
  }
  return crypto.verify(null, message, key, signature);
}

/** signed-note §Format: the text is non-empty and ends with a newline; the whole note is valid UTF-8 without control characters. */
function checkNoteText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('A note text must end with a newline.');
  checkCharacters(text, 'The note text');
}

function checkCharacters(text: string, what: string): void {
  if (!isWellFormed(text)) throw new NoteError(`${what} is not valid Unicode (it has a lone surrogate), so it has no UTF-8 form.`);
  const control = firstControlCharacter(text);
  if (control !== null) {
    throw new NoteError(`${what} has the control character U+${control.toString(16).padStart(4, '0')}; only newlines are allowed.`);
  }
}

/** The code of the first ASCII control character (below U+0020) other than a newline, or null. */
function firstControlCharacter(text: string): number | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return code;
  }
  return null;
}

function checkKeyName(name: string): void {
  if (!isValidKeyName(name)) throw new NoteError(`${JSON.stringify(name)} is not a valid key name (non-empty, no spaces, no "+").`);
}

function checkPublicKey(publicKey: Uint8Array): void {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_KEY_SIZE) {
    throw new NoteError(`An Ed25519 public key is ${ED25519_KEY_SIZE} bytes.`);
  }
}

/** A JavaScript string with no lone surrogate: one that UTF-8 can encode as it is. */
function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

function hexKeyHash(hash: number): string {
  return hash.toString(16).padStart(8, '0');
}

function hexByte(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
