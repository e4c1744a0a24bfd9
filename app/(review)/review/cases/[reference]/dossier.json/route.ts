import { getServiceContext } from '@/lib/auth/session';
import { caseDossierDownload } from '@/lib/cases/dossier';

type Context = { params: Promise<{ reference: string }> };

/** The case dossier as a JSON download, for a referral to a regulator; reviewers without a conflict only. */
export async function GET(_request: Request, { params }: Context) {
  const { reference } = await params;
  return caseDossierDownload(await getServiceContext(), reference);
}
