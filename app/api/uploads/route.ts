import { getServiceContext } from '@/lib/auth/session';
import { CLIENT_IP_HEADER } from '@/lib/server/client-ip';
import { publicOrigin } from '@/lib/server/public-origin';
import { handleUploadRequest } from '@/lib/uploads/upload-route';

// Node, for the streaming multipart parser; never cached. Under /api/, off the proxy's matcher:
// Next.js buffers a whole body for the proxy when it runs (docs/adr/0021).
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A form's file, sent before the form: stored in chunks as it arrives, answered with its token (docs/adr/0021). */
export async function POST(request: Request) {
  return handleUploadRequest(request, {
    ctx: await getServiceContext(),
    clientAddress: request.headers.get(CLIENT_IP_HEADER) ?? 'unknown',
    https: (await publicOrigin()).startsWith('https:'),
  });
}
