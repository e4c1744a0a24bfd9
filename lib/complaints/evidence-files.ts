import crypto from 'node:crypto';
import { EVIDENCE_LIMITS, megabytes } from './limits';

/** The only types evidence is stored and served as; the browser's claim is never used. */
export const evidenceContentTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'] as const;
export type EvidenceContentType = (typeof evidenceContentTypes)[number];

const typeWords: Record<EvidenceContentType, string> = {
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
  'image/gif': 'a GIF image',
  'image/webp': 'a WebP image',
  'application/pdf': 'a PDF document',
  'text/plain': 'plain text',
};

/** "PDF document" for `application/pdf`: the stored type in words, for the complainant's list of files. */
export function evidenceTypeName(type: string): string {
  return (typeWords as Record<string, string>)[type]?.replace(/^an? /, '') ?? type;
}

const extensionOf: Record<EvidenceContentType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/** File name endings that promise a type: a file must be what its name says. */
const promisedBy: Record<string, EvidenceContentType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

export const ACCEPTED_TYPES_SENTENCE = 'We accept images (PNG, JPEG, GIF, WebP), PDF documents and plain text.';

export type EvidenceUpload = { name: string; bytes: Uint8Array };
export type AcceptedEvidence = { fileName: string; contentType: EvidenceContentType; sizeBytes: number; sha256: string; content: Uint8Array };

/** C0 control characters and DEL; `allowed` lists the ones that may stay (tab, line breaks). */
function isControl(code: number, allowed: readonly number[] = []) {
  return (code < 0x20 || code === 0x7f) && !allowed.includes(code);
}
const TEXT_CONTROLS = [0x09, 0x0a, 0x0c, 0x0d];
const withoutControls = (text: string) => [...text].filter((char) => !isControl(char.charCodeAt(0))).join('');

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);
}
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

type TextVerdict = { kind: 'text' } | { kind: 'markup' } | { kind: 'binary' };

/**
 * Plain text: valid UTF-8 without control characters other than tab, line breaks and form feed,
 * and not markup. A page whose first character is `<` is what a browser would sniff as HTML, SVG or
 * XML, the kinds of file that run scripts when opened: refused even when named .txt.
 */
function judgeText(bytes: Uint8Array): TextVerdict {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'binary' };
  }
  for (let index = 0; index < text.length; index++) if (isControl(text.charCodeAt(index), TEXT_CONTROLS)) return { kind: 'binary' };
  if (text.replace(/^\uFEFF/, '').trimStart().startsWith('<')) return { kind: 'markup' };
  return { kind: 'text' };
}

/** The type the bytes are, by their magic numbers; null when none of the accepted ones. */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceContentType | 'markup' | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  const text = judgeText(bytes);
  if (text.kind === 'text') return 'text/plain';
  return text.kind === 'markup' ? 'markup' : null;
}

/** The name as stored and offered on download: no folders, no control characters, at most 150 characters, and an ending that matches the type. */
export function cleanEvidenceName(name: string, type: EvidenceContentType): string {
  const base = withoutControls(name.split(/[\\/]/).pop() ?? '').replace(/"/g, '').trim().slice(0, 150) || 'evidence';
  const ending = base.includes('.') ? base.split('.').pop()!.toLowerCase() : '';
  return promisedBy[ending] === type ? base : `${base}.${extensionOf[type]}`;
}

function quoted(name: string) {
  return `“${withoutControls(name).slice(0, 80)}”`;
}

/**
 * Checks the files of one complaint against the limits and recognises each by its bytes. Returns
 * the accepted files, or the problems, one sentence each, for the person who chose them.
 */
export function checkEvidence(uploads: EvidenceUpload[]): { ok: true; files: AcceptedEvidence[] } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (uploads.length > EVIDENCE_LIMITS.maxFiles) {
    problems.push(`You chose ${uploads.length} files; at most ${EVIDENCE_LIMITS.maxFiles} can be sent with a complaint.`);
  }
  const total = uploads.reduce((sum, upload) => sum + upload.bytes.length, 0);
  if (total > EVIDENCE_LIMITS.maxTotalBytes) {
    problems.push(`Your files add up to ${megabytes(total)}; together they may be at most ${megabytes(EVIDENCE_LIMITS.maxTotalBytes)}.`);
  }
  const files: AcceptedEvidence[] = [];
  for (const upload of uploads) {
    const name = quoted(upload.name || 'A file without a name');
    if (upload.bytes.length === 0) {
      problems.push(`${name} is empty.`);
      continue;
    }
    if (upload.bytes.length > EVIDENCE_LIMITS.maxFileBytes) {
      problems.push(`${name} is ${megabytes(upload.bytes.length)}; each file may be at most ${megabytes(EVIDENCE_LIMITS.maxFileBytes)}.`);
      continue;
    }
    const type = sniffEvidenceType(upload.bytes);
    if (type === 'markup') {
      problems.push(`${name} is a web page or other markup (HTML, SVG or XML), which we do not accept. ${ACCEPTED_TYPES_SENTENCE} To show us a web page, send a screenshot or save it as PDF.`);
      continue;
    }
    if (!type) {
      problems.push(`${name} is not a file type we accept. ${ACCEPTED_TYPES_SENTENCE}`);
      continue;
    }
    const ending = upload.name.includes('.') ? upload.name.split('.').pop()!.toLowerCase() : '';
    const promised = promisedBy[ending];
    if (promised && promised !== type) {
      problems.push(`${name} is named like ${typeWords[promised]}, but its content is ${typeWords[type]}. Choose the right file, or rename it to end in .${extensionOf[type]}.`);
      continue;
    }
    files.push({
      fileName: cleanEvidenceName(upload.name, type),
      contentType: type,
      sizeBytes: upload.bytes.length,
      sha256: crypto.createHash('sha256').update(upload.bytes).digest('hex'),
      content: upload.bytes,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, files };
}
