import { evidenceContentTypes, type EvidenceContentType } from './evidence-files';

/**
 * The headers every evidence download carries (docs/adr/0006): an attachment, so the browser saves
 * rather than shows it; the stored, sniffed type, and anything unexpected as opaque bytes (never
 * HTML or SVG); no sniffing; and a sandbox with no sources, should a browser render it anyway.
 */
export function evidenceDownloadHeaders(file: { fileName: string; contentType: string; sizeBytes: number }): Record<string, string> {
  const known = (evidenceContentTypes as readonly string[]).includes(file.contentType) ? (file.contentType as EvidenceContentType) : null;
  const type = known === 'text/plain' ? 'text/plain; charset=utf-8' : (known ?? 'application/octet-stream');
  return {
    'Content-Type': type,
    'Content-Disposition': contentDisposition(file.fileName),
    'Content-Length': String(file.sizeBytes),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, no-store',
    'Referrer-Policy': 'no-referrer',
  };
}

/** RFC 6266: an ASCII fallback name, and the real one percent-encoded (RFC 8187) for browsers that read it. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7E]/g, '_').replace(/["\\;%]/g, '_') || 'evidence';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
