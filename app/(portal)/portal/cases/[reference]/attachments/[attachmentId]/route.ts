import { getServiceContext } from '@/lib/auth/session';
import { storedFileDownload } from '@/lib/files/stored-file-download';
import { readCaseAttachmentForSite } from '@/lib/services/cases/read-case-for-site';

type Context = { params: Promise<{ reference: string; attachmentId: string }> };

/**
 * A member of the case's organization downloads a file of a message addressed to the site (their
 * own response's files). Served like complaint evidence (docs/adr/0006): an attachment of its
 * sniffed type, in a sandbox, never sniffed by the browser. Anyone else gets 404.
 */
export async function GET(_request: Request, { params }: Context) {
  const { reference, attachmentId } = await params;
  return storedFileDownload(async () => readCaseAttachmentForSite({ ctx: await getServiceContext(), input: { caseRef: reference, attachmentId } }));
}
