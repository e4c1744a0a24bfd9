import crypto, { type KeyObject } from 'node:crypto';
import { decodeBase64, isValidKeyName, NoteError, publicKeyBytes, splitNote } from './note';

/*
 * C2SP tlog-cosignature, the Ed25519 type (signature type 0x04): a witness's statement that, at
 * its timestamp, the checkpoint is the largest consistent tree it has seen of that log. The line
 * is a signed-note signature over "cosignature/v1\ntime <seconds>\n" followed by the checkpoint
 * text; its bytes are the key ID, the timestamp (big-endian u64) and the Ed25519 signature. Pure
 * functions; ADR 0023 (amendment) says how the log asks witnesses for them.
 */

export const COSIGNATURE_TYPE = 0x04;
const KEY_ID_SIZE = 4;
const TIMESTAMP_SIZE = 8;
const SIGNATURE_SIZE = 64;
const ED25519_KEY_SIZE = 32;

export type Cosigner = { name: string; keyHash: number; publicKey: Uint8Array };

/** SHA-256(name || "\n" || 0x04 || public key)[:4], big-endian. */
export function cosignerKeyHash(name: string, publicKey: Uint8Array): number {
  return crypto.createHash('sha256').update(name, 'utf8').update(Uint8Array.of(0x0a, COSIGNATURE_TYPE)).update(publicKey).digest().readUInt32BE(0);
}

const hex8 = (hash: number) => hash.toString(16).padStart(8, '0');

/** `name+keyhash+base64(0x04 || public key)`: a witness's vkey, as its operator publishes it. */
export function cosignerVerifierKey(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new NoteError(`${JSON.stringify(name)} is not a valid key name.`);
  return `${name}+${hex8(cosignerKeyHash(name, publicKey))}+${Buffer.concat([Uint8Array.of(COSIGNATURE_TYPE), publicKey]).toString('base64')}`;
}

/** Reads a witness's vkey; NoteError saying what is wrong otherwise. */
export function parseCosignerKey(text: string): Cosigner {
  // The base64 key may hold "+" itself: the name and the hash end at the first two.
  const trimmed = text.trim();
  const first = trimmed.indexOf('+');
  const second = first < 0 ? -1 : trimmed.indexOf('+', first + 1);
  if (second < 0) throw new NoteError('A witness key has three parts joined by "+": name+keyhash+base64key.');
  const [name, hashText, keyText] = [trimmed.slice(0, first), trimmed.slice(first + 1, second), trimmed.slice(second + 1)];
  if (!isValidKeyName(name)) throw new NoteError(`The witness key's name ${JSON.stringify(name)} is not a valid key name.`);
  const key = decodeBase64(keyText);
  if (!key || key[0] !== COSIGNATURE_TYPE) throw new NoteError('The witness key is not an Ed25519 cosignature key (signature type 0x04).');
  const publicKey = key.subarray(1);
  if (publicKey.length !== ED25519_KEY_SIZE) throw new NoteError(`The witness key's public key is ${publicKey.length} bytes long; it must be ${ED25519_KEY_SIZE}.`);
  const keyHash = cosignerKeyHash(name, publicKey);
  if (hex8(keyHash) !== hashText) throw new NoteError(`The witness key's hash ${hashText} does not match its name and key (expected ${hex8(keyHash)}).`);
  return { name, keyHash, publicKey: Uint8Array.from(publicKey) };
}

function cosignedMessage(checkpointText: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8');
}

/** The cosignature line (ending in a newline) a witness adds to a checkpoint of `checkpointText` at `timestamp` (seconds). */
export function cosign(checkpointText: string, witness: { name: string; privateKey: KeyObject }, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new NoteError('A cosignature time is a whole number of seconds since 1970.');
  const id = Buffer.alloc(KEY_ID_SIZE);
  id.writeUInt32BE(cosignerKeyHash(witness.name, publicKeyBytes(witness.privateKey)));
  const time = Buffer.alloc(TIMESTAMP_SIZE);
  time.writeBigUInt64BE(BigInt(timestamp));
  const signature = crypto.sign(null, cosignedMessage(checkpointText, timestamp), witness.privateKey);
  return `\u2014 ${witness.name} ${Buffer.concat([id, time, signature]).toString('base64')}\n`;
}

/**
 * The cosignatures of `witnesses` among the signature lines of `note` (a checkpoint), each checked:
 * one per witness, with its time; lines of other keys are ignored. NoteError when a line by a
 * configured witness does not verify.
 */
export function verifiedCosignatures(note: string, witnesses: Cosigner[]): Array<{ witness: Cosigner; timestamp: number; line: string }> {
  const { text, signatures } = splitNote(note);
  const found = new Map<string, { witness: Cosigner; timestamp: number; line: string }>();
  for (const signature of signatures) {
    const witness = witnesses.find((candidate) => candidate.name === signature.name && candidate.keyHash === signature.keyHash);
    if (!witness || found.has(witness.name)) continue;
    const bytes = signature.signature; // what follows the key ID
    if (bytes.length !== TIMESTAMP_SIZE + SIGNATURE_SIZE) throw new NoteError(`The cosignature by ${witness.name} is ${bytes.length + KEY_ID_SIZE} bytes long; an Ed25519 cosignature is ${KEY_ID_SIZE + TIMESTAMP_SIZE + SIGNATURE_SIZE}.`);
    const timestamp = Number(Buffer.from(bytes.buffer, bytes.byteOffset, TIMESTAMP_SIZE).readBigUInt64BE(0));
    const publicKey = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(witness.publicKey).toString('base64url') }, format: 'jwk' });
    if (!crypto.verify(null, cosignedMessage(text, timestamp), publicKey, bytes.subarray(TIMESTAMP_SIZE))) {
      throw new NoteError(`The cosignature by ${witness.name} does not verify: the checkpoint was changed or not cosigned by that witness.`);
    }
    found.set(witness.name, { witness, timestamp, line: `${signature.line}\n` });
  }
  return [...found.values()];
}
