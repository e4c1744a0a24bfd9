import { ServiceError } from '@/lib/services/errors';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. A text that a
 * spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets a leading
 * apostrophe: complaint texts and names are written by the public, and a cell must never compute.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly unknown[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

type Page = { next: string | null };

/**
 * A list exported as CSV with the filters it is shown with: read page after page by its own verb
 * (same permission, same filters, same order, keyset cursors) and written out as each page arrives,
 * so a million rows never sit in memory at once. The first page is read before answering, so a
 * refusal is a 403 (or 404), not a broken download.
 */
export async function csvExport<P extends Page>({
  filename,
  header,
  read,
  rowsOf,
}: {
  filename: string;
  header: readonly string[];
  /** The verb, on the filters with this cursor (none for the first page). */
  read: (after: string | undefined) => Promise<P>;
  rowsOf: (page: P) => unknown[][];
}): Promise<Response> {
  let page: P;
  try {
    page = await read(undefined);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return new Response(`${error.message}\n`, { status: error.httpStatus, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  const encoder = new TextEncoder();
  let current: P | null = page;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte-order mark, so that spreadsheet programs read the file as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${csvLine(header)}`));
    },
    async pull(controller) {
      if (!current) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(rowsOf(current).map(csvLine).join('')));
      current = current.next ? await read(current.next) : null;
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // A file, not a page: nothing in it may run, even if a browser were made to show it.
      'Content-Security-Policy': "sandbox; default-src 'none'",
    },
  });
}

/** The list's filters from the query string, without a cursor: an export is the whole filtered list, from its start. */
export function exportFilters(url: string): Record<string, string> {
  const params = Object.fromEntries(new URL(url).searchParams);
  delete params.after;
  delete params.before;
  return params;
}
