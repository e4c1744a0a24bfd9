import { describe, expect, it } from 'vitest';
import { contentDisposition, storedFileDownloadHeaders } from '@/lib/files/stored-file-download';
import { cleanEvidenceName, createEvidenceSniffer, sniffEvidenceType } from '@/lib/complaints/evidence-files';
import { generateComplaintReference, isComplaintReference } from '@/lib/complaints/reference';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('evidence types, recognised by their bytes', () => {
  it.each([
    ['PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['JPEG', new Uint8Array([0xff, 0xd8, 0xff, 0xdb]), 'image/jpeg'],
    ['GIF87a', bytes('GIF87a..'), 'image/gif'],
    ['WebP', new Uint8Array([...bytes('RIFF'), 1, 2, 3, 4, ...bytes('WEBP')]), 'image/webp'],
    ['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['UTF-8 text with a BOM, tabs and line breaks', bytes('\uFEFFKöln\tmail\r\nline two\f'), 'text/plain'],
  ])('%s', (_label, content, expected) => {
    expect(sniffEvidenceType(content)).toBe(expected);
  });

  it.each([
    ['HTML after blank lines', bytes('\n\n  <html><script>alert(1)</script>')],
    ['HTML after a byte-order mark', bytes('\uFEFF<!doctype html>')],
    ['XML', bytes('<?xml version="1.0"?><a/>')],
  ])('calls %s markup', (_label, content) => {
    expect(sniffEvidenceType(content)).toBe('markup');
  });

  it.each([
    ['a Windows executable', new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03])],
    ['text with a NUL byte', bytes('abc\u0000def')],
    ['Latin-1 text', new Uint8Array([0x63, 0x61, 0x66, 0xe9])],
    ['a RIFF file that is not WebP (a WAV)', new Uint8Array([...bytes('RIFF'), 1, 2, 3, 4, ...bytes('WAVE')])],
  ])('refuses %s', (_label, content) => {
    expect(sniffEvidenceType(content)).toBeNull();
  });
});

describe('evidence types, recognised as the bytes arrive', () => {
  const inPieces = (content: Uint8Array, size: number) => {
    const sniffer = createEvidenceSniffer();
    for (let at = 0; at < content.length; at += size) sniffer.push(content.subarray(at, at + size));
    return sniffer.finish();
  };

  it.each([
    ['PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 4])],
    ['WebP', new Uint8Array([...bytes('RIFF'), 1, 2, 3, 4, ...bytes('WEBP')])],
    ['UTF-8 text whose characters are split between pieces', bytes('\uFEFFKöln, Zürich — “quoted” 😀 and more')],
    ['HTML after blank lines', bytes('\n\n  <html><script>alert(1)</script>')],
    ['HTML that later holds a NUL byte', bytes('<p>a\u0000b</p>')],
    ['text with a NUL byte', bytes('abc\u0000def')],
    ['Latin-1 text', new Uint8Array([0x63, 0x61, 0x66, 0xe9])],
    ['UTF-8 cut in the middle of a character', bytes('Köln').subarray(0, 2)],
  ])('%s: the same type one byte at a time as whole', (_label, content) => {
    expect(inPieces(content, 1)).toBe(sniffEvidenceType(content));
    expect(inPieces(content, 3)).toBe(sniffEvidenceType(content));
  });

  it('knows after the first bytes that a binary file of no accepted type is refused, whatever follows', () => {
    const sniffer = createEvidenceSniffer();
    sniffer.push(new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]));
    expect(sniffer.refusedAlready()).toBe(true);
    const text = createEvidenceSniffer();
    text.push(bytes('Plain words, more than twelve bytes'));
    expect(text.refusedAlready()).toBe(false);
  });
});

describe('evidence names and download headers', () => {
  it('keeps the last path part, drops control characters and quotes, and gives the type’s ending', () => {
    expect(cleanEvidenceName('C:\\Users\\me\\scan.PDF', 'application/pdf')).toBe('scan.PDF');
    expect(cleanEvidenceName('../../etc/notes', 'text/plain')).toBe('notes.txt');
    expect(cleanEvidenceName('run.js', 'text/plain')).toBe('run.js.txt');
    expect(cleanEvidenceName('a"b\u0007.png', 'image/png')).toBe('ab.png');
    expect(cleanEvidenceName('', 'image/gif')).toBe('evidence.gif');
  });

  it('always serves an attachment of a known, inert type, unsniffed and sandboxed', () => {
    expect(storedFileDownloadHeaders({ fileName: 'letter.pdf', contentType: 'application/pdf', sizeBytes: 12 })).toEqual({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="letter.pdf"; filename*=UTF-8''letter.pdf`,
      'Content-Length': '12',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Cache-Control': 'private, no-store',
      'Referrer-Policy': 'no-referrer',
    });
    expect(storedFileDownloadHeaders({ fileName: 'x.txt', contentType: 'text/plain', sizeBytes: 1 })['Content-Type']).toBe('text/plain; charset=utf-8');
    // Whatever the row says, nothing is served as a type a browser would run.
    expect(storedFileDownloadHeaders({ fileName: 'x.html', contentType: 'text/html', sizeBytes: 1 })['Content-Type']).toBe('application/octet-stream');
    expect(storedFileDownloadHeaders({ fileName: 'x.svg', contentType: 'image/svg+xml', sizeBytes: 1 })['Content-Type']).toBe('application/octet-stream');
  });

  it('names non-ASCII files in both forms of Content-Disposition', () => {
    expect(contentDisposition('Brief an Müller "1".pdf')).toBe(`attachment; filename="Brief an M_ller _1_.pdf"; filename*=UTF-8''Brief%20an%20M%C3%BCller%20%221%22.pdf`);
  });
});

describe('complaint references', () => {
  it('reads C-XXXX-XXXX from the unambiguous alphabet', () => {
    for (let index = 0; index < 50; index++) expect(isComplaintReference(generateComplaintReference())).toBe(true);
    expect(isComplaintReference('C-0O1I-LLLL')).toBe(false);
    expect(isComplaintReference('OS-2345-6789')).toBe(false);
  });
});
