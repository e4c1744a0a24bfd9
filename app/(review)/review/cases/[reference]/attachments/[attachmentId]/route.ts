import { getServiceContext } from '@/lib/auth/session';
import { storedFileDownload } from '@/lib/files/stored-file-download';
import { readCaseAttachment } from '@/lib/services/cases/read-case';

type Context = { params: Promise<{ reference: string; attachmentId: string }> };

/**
 * A reviewer downloads a file attached to a case message (a site's response, usually). Served as
 * complaint evidence is (docs/adr/0006): an attachment of its sniffed type, in a sandbox, never
 * sniffed, so a file from outside never runs in our origin. Conflicted reviewers get 403.
 */
export async function GET(_request: Request, { params }: Context) {
  const { reference, attachmentId } = await params;
  return storedFileDownload(async () => (await readCaseAttachment({ ctx: await getServiceContext(), input: { caseRef: reference, attachmentId } })).file);
}
