import type { ServiceContext } from '@/lib/services/context';
import { ServiceError, TooManyAttemptsError } from '@/lib/services/errors';
import { stageUpload } from '@/lib/services/uploads/stage-upload';
import { isStorageFull, STORAGE_FULL_MESSAGE } from '@/lib/data-dir/storage-full';
import { multipartReceiver } from './receive-multipart';
import { isUploadSecretShape, newUploadSecret, UPLOADER_COOKIE, uploaderCookie } from './upload-secrets';

/** What the browser gets back for a staged file: the token its form sends instead of the file. */
export type UploadAnswer = { token: string; fileName: string; contentType: string; sizeBytes: number; expiresAt: string } | { error: string; code: string };

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function answer(status: number, body: UploadAnswer, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/**
 * POST /api/uploads (docs/adr/0021): one file, multipart/form-data, answered with its token. Every
 * refusal that needs no byte of the body (a cross-site request, the declared length, the files
 * held, the address's complaint limit) is decided before the body is read; a refusal while reading
 * stops there. An anonymous browser gets an uploader key cookie with its first upload.
 */
export async function handleUploadRequest(request: Request, { ctx, clientAddress, https }: { ctx: ServiceContext; clientAddress: string; https: boolean }): Promise<Response> {
  // Forms post here from our own pages only; a cross-site page must not fill a visitor's quota.
  if (request.headers.get('sec-fetch-site') === 'cross-site') {
    return answer(403, { error: 'Uploads are accepted from this site’s own forms only.', code: 'forbidden' }, { Connection: 'close' });
  }
  const presentedKey = cookieValue(request.headers.get('cookie'), UPLOADER_COOKIE);
  const uploaderKey = ctx.actor ? undefined : isUploadSecretShape(presentedKey) ? presentedKey : newUploadSecret();
  const setCookie: Record<string, string> = uploaderKey ? { 'Set-Cookie': uploaderCookie(uploaderKey, https) } : {};
  const lengthHeader = request.headers.get('content-length');
  const declaredBytes = lengthHeader !== null && /^\d{1,15}$/.test(lengthHeader) ? Number(lengthHeader) : null;
  const receiver = multipartReceiver(request.body, request.headers);
  try {
    const staged = await stageUpload({ ctx, input: { declaredBytes, clientAddress, uploaderKey }, receive: receiver.receive });
    return answer(201, { token: staged.token, fileName: staged.fileName, contentType: staged.contentType, sizeBytes: staged.sizeBytes, expiresAt: staged.expiresAt.toISOString() }, setCookie);
  } catch (error) {
    receiver.stop();
    if (error instanceof ServiceError) {
      const retry: Record<string, string> = error instanceof TooManyAttemptsError ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
      // A body refused for its declared size (or for declaring none) is never read: the connection is
      // closed once the answer is out. Any other refused body is at most the declared maximum, and
      // node:http drains it unkept, so the client gets to read the answer.
      const close: Record<string, string> = !receiver.started() && (error.httpStatus === 413 || error.httpStatus === 411) ? { Connection: 'close' } : {};
      return answer(error.httpStatus, { error: error.message, code: error.code }, { ...retry, ...close, ...setCookie });
    }
    if (isStorageFull(error)) return answer(503, { error: STORAGE_FULL_MESSAGE, code: 'storage_full' }, { 'Retry-After': '60' });
    throw error;
  }
}
