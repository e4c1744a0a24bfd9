import { evidenceContentTypes, type EvidenceContentType } from '@/lib/complaints/evidence-files';
import { ServiceError } from '@/lib/services/errors';

/** A file we stored after sniffing its bytes: complaint evidence or a case message's attachment. */
export type StoredFile = { fileName: string; contentType: string; sizeBytes: number; content: Uint8Array };

/**
 * The headers every download of a stored file carries (docs/adr/0006): an attachment, so the browser
 * saves rather than shows it; the stored, sniffed type, and anything unexpected as opaque bytes (never
 * HTML or SVG); no sniffing; and a sandbox with no sources, should a browser render it anyway.
 */
export function storedFileDownloadHeaders(file: Omit<StoredFile, 'content'>): Record<string, string> {
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

/**
 * A route's answer to a download: the file with the headers above, or the service's refusal as a
 * plain sentence with its HTTP status (401, 403 for a conflicted reviewer, 404). Anything that is not
 * a service error is a bug and is rethrown.
 */
export async function storedFileDownload(readFile: () => Promise<StoredFile>): Promise<Response> {
  try {
    const file = await readFile();
    return new Response(Buffer.from(file.content), { status: 200, headers: storedFileDownloadHeaders(file) });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return new Response(`${error.message}\n`, {
      status: error.httpStatus,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
    });
  }
}
