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

/**
 * Recognises a file's type from its bytes as they arrive, so that a file streamed to storage never
 * has to be held whole (docs/adr/0021). The magic numbers are read from the first 12 bytes. Plain
 * text is valid UTF-8 without control characters other than tab, line breaks and form feed, and
 * not markup: a page whose first character is `<` is what a browser would sniff as HTML, SVG or XML,
 * the kinds of file that run scripts when opened, refused even when named .txt.
 */
export function createEvidenceSniffer() {
  const HEAD = 12;
  let head = new Uint8Array(0);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text: 'text' | 'markup' | 'binary' = 'text';
  let sawContent = false;

  function judge(piece: string) {
    for (let index = 0; index < piece.length; index++) {
      const code = piece.charCodeAt(index);
      if (isControl(code, TEXT_CONTROLS)) {
        text = 'binary';
        return;
      }
      if (!sawContent && !/\s/.test(piece[index]!)) {
        sawContent = true;
        if (piece[index] === '<') text = 'markup';
      }
    }
  }
  function decode(chunk?: Uint8Array) {
    if (text === 'binary') return;
    try {
      judge(chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode());
    } catch {
      text = 'binary';
    }
  }
  const magic = (): EvidenceContentType | null => {
    if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
    if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
    if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
    if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
    if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
    return null;
  };

  return {
    push(chunk: Uint8Array) {
      if (head.length < HEAD) {
        const joined = new Uint8Array(Math.min(HEAD, head.length + chunk.length));
        joined.set(head);
        joined.set(chunk.subarray(0, joined.length - head.length), head.length);
        head = joined;
      }
      decode(chunk);
    },
    /** True once the bytes so far settle that the file is of no accepted type, whatever follows. */
    refusedAlready(): boolean {
      return head.length >= HEAD && text === 'binary' && magic() === null;
    },
    /** The type the whole file is, by its magic numbers or as text; null when none of the accepted ones. */
    finish(): EvidenceContentType | 'markup' | null {
      decode();
      const found = magic();
      if (found) return found;
      return text === 'text' ? 'text/plain' : text === 'markup' ? 'markup' : null;
    },
  };
}

/** The type the bytes are, by their magic numbers; null when none of the accepted ones. */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceContentType | 'markup' | null {
  const sniffer = createEvidenceSniffer();
  sniffer.push(bytes);
  return sniffer.finish();
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

/** The problems of one set of files together: their number and their total size. */
export function evidenceSetProblems(files: ReadonlyArray<{ sizeBytes: number }>): string[] {
  const problems: string[] = [];
  if (files.length > EVIDENCE_LIMITS.maxFiles) {
    problems.push(`You chose ${files.length} files; at most ${EVIDENCE_LIMITS.maxFiles} can be sent with a complaint.`);
  }
  const total = files.reduce((sum, file) => sum + file.sizeBytes, 0);
  if (total > EVIDENCE_LIMITS.maxTotalBytes) {
    problems.push(`Your files add up to ${megabytes(total)}; together they may be at most ${megabytes(EVIDENCE_LIMITS.maxTotalBytes)}.`);
  }
  return problems;
}

/** The sentence for a file over the size limit, with the size received so far when it was cut short. */
export function tooLargeProblem(name: string, sizeBytes: number, cutShort = false): string {
  const size = cutShort ? `more than ${megabytes(EVIDENCE_LIMITS.maxFileBytes)}` : megabytes(sizeBytes);
  return `${quoted(name || 'A file without a name')} is ${size}; each file may be at most ${megabytes(EVIDENCE_LIMITS.maxFileBytes)}.`;
}

/**
 * The problem of one file, judged by its name, its size and the type its bytes were recognised as;
 * null when it is accepted.
 */
export function evidenceFileProblem(fileName: string, sizeBytes: number, type: EvidenceContentType | 'markup' | null): string | null {
  const name = quoted(fileName || 'A file without a name');
  if (sizeBytes === 0) return `${name} is empty.`;
  if (sizeBytes > EVIDENCE_LIMITS.maxFileBytes) return tooLargeProblem(fileName, sizeBytes);
  if (type === 'markup') return `${name} is a web page or other markup (HTML, SVG or XML), which we do not accept. ${ACCEPTED_TYPES_SENTENCE} To show us a web page, send a screenshot or save it as PDF.`;
  if (!type) return `${name} is not a file type we accept. ${ACCEPTED_TYPES_SENTENCE}`;
  const ending = fileName.includes('.') ? fileName.split('.').pop()!.toLowerCase() : '';
  const promised = promisedBy[ending];
  if (promised && promised !== type) {
    return `${name} is named like ${typeWords[promised]}, but its content is ${typeWords[type]}. Choose the right file, or rename it to end in .${extensionOf[type]}.`;
  }
  return null;
}

/**
 * Checks the files of one complaint against the limits and recognises each by its bytes. Returns
 * the accepted files, or the problems, one sentence each, for the person who chose them.
 */
export function checkEvidence(uploads: EvidenceUpload[]): { ok: true; files: AcceptedEvidence[] } | { ok: false; problems: string[] } {
  const problems = evidenceSetProblems(uploads.map((upload) => ({ sizeBytes: upload.bytes.length })));
  const files: AcceptedEvidence[] = [];
  for (const upload of uploads) {
    const tooBig = upload.bytes.length > EVIDENCE_LIMITS.maxFileBytes;
    const type = upload.bytes.length === 0 || tooBig ? null : sniffEvidenceType(upload.bytes);
    const problem = evidenceFileProblem(upload.name, upload.bytes.length, type);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const accepted = type as EvidenceContentType;
    files.push({
      fileName: cleanEvidenceName(upload.name, accepted),
      contentType: accepted,
      sizeBytes: upload.bytes.length,
      sha256: crypto.createHash('sha256').update(upload.bytes).digest('hex'),
      content: upload.bytes,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, files };
}
