import { getServiceContext } from '@/lib/auth/session';
import { evidenceDownloadHeaders } from '@/lib/complaints/evidence-download';
import { ServiceError } from '@/lib/services/errors';
import { readCaseAttachment } from '@/lib/services/cases/read-case';

type Context = { params: Promise<{ reference: string; attachmentId: string }> };

/**
 * A reviewer downloads a file attached to a case message (a site's response, usually). Served as
 * complaint evidence is (docs/adr/0006): an attachment of its sniffed type, in a sandbox, never
 * sniffed, so a file from outside never runs in our origin. Conflicted reviewers get 403.
 */
export async function GET(_request: Request, { params }: Context) {
  const { reference, attachmentId } = await params;
  try {
    const { file } = await readCaseAttachment({ ctx: await getServiceContext(), input: { caseRef: reference, attachmentId } });
    return new Response(Buffer.from(file.content), { status: 200, headers: evidenceDownloadHeaders(file) });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return new Response(`${error.message}\n`, {
      status: error.httpStatus,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
    });
  }
}
