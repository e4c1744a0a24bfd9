import { getServiceContext } from '@/lib/auth/session';
import { storedFileDownload } from '@/lib/files/stored-file-download';
import { readEvidence } from '@/lib/services/complaints/read-evidence';

type Context = { params: Promise<{ reference: string; evidenceId: string }> };

/**
 * A reviewer downloads one evidence file. Always an attachment of the type its bytes were
 * recognised as, in a sandbox, never sniffed (docs/adr/0006): a file from the public must not run
 * in our origin, where a reviewer's session lives.
 */
export async function GET(_request: Request, { params }: Context) {
  const { reference, evidenceId } = await params;
  return storedFileDownload(async () => (await readEvidence({ ctx: await getServiceContext(), input: { complaint: reference, evidenceId } })).file);
}
