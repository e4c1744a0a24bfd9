import { ValidationError } from '@/lib/services/errors';

/** Bodies larger than this are refused before they are parsed (a batch of 1,000 of the longest domains is about 260 KB). */
export const API_BODY_MAX_BYTES = 512 * 1024;

/** The request's JSON body; not JSON, or too large, is a 422 that shows what to send. `whenEmpty`: what no body at all stands for, when a route may be called without one. */
export async function readJsonBody(request: Request, shape: string, whenEmpty?: unknown): Promise<unknown> {
  const tooLarge = () => new ValidationError(`The body is larger than ${API_BODY_MAX_BYTES / 1024} KB.`);
  // Announced too large: refused unread (the server's upload gate already bounds what is read at all).
  if (Number(request.headers.get('content-length') ?? 0) > API_BODY_MAX_BYTES) throw tooLarge();
  const text = await request.text();
  if (whenEmpty !== undefined && text.trim() === '') return whenEmpty;
  if (text.length > API_BODY_MAX_BYTES) throw tooLarge();
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(`Send the body as JSON: ${shape}.`);
  }
}
