import { getServiceContext } from '@/lib/auth/session';
import { evidenceDownloadHeaders } from '@/lib/complaints/evidence-download';
import { ServiceError } from '@/lib/services/errors';
import { readCaseAttachmentForSite } from '@/lib/services/cases/read-case-for-site';

type Context = { params: Promise<{ reference: string; attachmentId: string }> };

/**
 * A member of the case's organization downloads a file of a message addressed to the site (their
 * own response's files). Served like complaint evidence (docs/adr/0006): an attachment of its
 * sniffed type, in a sandbox, never sniffed by the browser. Anyone else gets 404.
 */
export async function GET(_request: Request, { params }: Context) {
  const { reference, attachmentId } = await params;
  try {
    const file = await readCaseAttachmentForSite({ ctx: await getServiceContext(), input: { caseRef: reference, attachmentId } });
    return new Response(Buffer.from(file.content), { status: 200, headers: evidenceDownloadHeaders(file) });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return new Response(`${error.message}\n`, {
      status: error.httpStatus,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
    });
  }
}
