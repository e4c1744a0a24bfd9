import { getServiceContext } from '@/lib/auth/session';
import { evidenceDownloadHeaders } from '@/lib/complaints/evidence-download';
import { ServiceError } from '@/lib/services/errors';
import { readEvidence } from '@/lib/services/complaints/read-evidence';

type Context = { params: Promise<{ reference: string; evidenceId: string }> };

/**
 * A reviewer downloads one evidence file. Always an attachment of the type its bytes were
 * recognised as, in a sandbox, never sniffed (docs/adr/0006): a file from the public must not run
 * in our origin, where a reviewer's session lives.
 */
export async function GET(_request: Request, { params }: Context) {
  const { reference, evidenceId } = await params;
  try {
    const { file } = await readEvidence({ ctx: await getServiceContext(), input: { complaint: reference, evidenceId } });
    return new Response(Buffer.from(file.content), { status: 200, headers: evidenceDownloadHeaders(file) });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return new Response(`${error.message}\n`, {
      status: error.httpStatus,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
    });
  }
}
