import type http from 'node:http';
import { decode } from 'next-auth/jwt';
import type { Executor } from '@/db/client';
import { MAX_REQUEST_BODY_BYTES, megabytes, UPLOAD_BODY_BYTES } from '@/lib/complaints/limits';
import { addressIntakeRoom, addressLimitMessage, FILES_AGAIN } from '@/lib/services/complaints/intake-rate-limits';
import { isStorageFull, STORAGE_FULL_MESSAGE } from '@/lib/data-dir/storage-full';
import { CLIENT_IP_HEADER } from './client-ip';

/**
 * The upload gate: decides about a request's body before anyone reads it (docs/adr/0006,
 * amendment). The custom server asks it after stamping the client's address and before Next.js,
 * which would otherwise read a server action's whole body and only then run the action, whose
 * service checks the rate limits — so a burst of large submissions from one address was read,
 * parsed and hashed in full before the first refusal.
 *
 * - A body announced larger than MAX_REQUEST_BODY_BYTES: 413 at once, nothing read.
 * - A body without a length (chunked): counted as it arrives, and cut with a 413 at the same size.
 * - An upload (a body above UPLOAD_BODY_BYTES, or of unknown length): at most `perAddress` in
 *   flight from one address and `total` in all (429 / 503 otherwise). Without a valid session and
 *   outside the integrator API it can only be a public complaint with evidence, so the complaint
 *   intake limit of the address (counted in the database) is checked first, the uploads still in
 *   flight counted with it.
 *
 * Server actions can be posted to any page's URL, so the gate looks at the body, not the path.
 * Small bodies (every form without files) pass unchecked; their limits stay in the services.
 */
export type UploadGate = {
  /** True when the gate answered the request (a refusal); false when the request may go on. */
  admit(request: http.IncomingMessage, response: http.ServerResponse): boolean | Promise<boolean>;
  /** Uploads being received now, for tests and diagnostics. */
  inFlight(): number;
};

export type UploadGateOptions = {
  db: () => Promise<Executor>;
  now: () => Date;
  /** The Auth.js secret: a session cookie counts only when it decodes with it. */
  authSecret: () => Promise<string>;
  maxBodyBytes?: number;
  uploadBodyBytes?: number;
  /** Uploads in flight at once: from one address, and in all. */
  concurrency?: { perAddress: number; total: number };
};

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

export const TOO_LARGE_MESSAGE = `This request is larger than the server accepts (${megabytes(MAX_REQUEST_BODY_BYTES)}). Attach fewer or smaller files: a complaint or a response takes at most 8 MB of files. Nothing was saved.`;
export const UPLOADS_IN_FLIGHT_MESSAGE = `Other uploads from your connection are still being received. Wait until they are through and send this one again. ${FILES_AGAIN}`;
export const SERVER_BUSY_MESSAGE = `The server is receiving many uploads right now. Please send this again in a minute. ${FILES_AGAIN}`;

/**
 * Answers without reading the body. A body over the maximum (413) may be endless: the connection
 * is closed after the answer, which a client still sending sees as a reset. A smaller one (429,
 * 503) is at most the maximum: node:http drains it, unkept, after the answer, so the client gets
 * to read the answer and the connection stays usable.
 */
function refuse(response: http.ServerResponse, status: number, message: string, retryAfterSeconds?: number) {
  if (response.headersSent) return;
  const body = `${message}\n`;
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...(status === 413 ? { Connection: 'close' } : {}),
    ...(retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : {}),
  });
  response.end(body);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

async function hasValidSession(request: http.IncomingMessage, secret: string): Promise<boolean> {
  for (const name of SESSION_COOKIES) {
    const token = cookieValue(request.headers.cookie, name);
    if (!token) continue;
    try {
      if ((await decode({ token, secret, salt: name }))?.sub) return true;
    } catch {
      // A forged or stale cookie is no session: the request is treated as anonymous.
    }
  }
  return false;
}

/**
 * A call of the integrator API with a key (an organization's response to a notice with files): not
 * a complaint, whatever the key's worth; the route refuses a bad key before it reads the body, and
 * a good key's calls are counted by its own rate limit. Server actions are posted to pages, never
 * to /api/v1, and carry `Next-Action`.
 */
function isIntegratorCall(request: http.IncomingMessage): boolean {
  return (request.url ?? '').startsWith('/api/v1/') && /^Bearer\s/i.test(request.headers.authorization ?? '') && request.headers['next-action'] === undefined;
}

/**
 * Counts the body as the socket delivers it and stops taking it past `max`: whoever reads the
 * request (Next.js, a route handler) sees the stream end there. The hook sits where node:http
 * hands each received chunk to the request stream, so it holds whatever reads the body and however.
 */
function capWhileReading(request: http.IncomingMessage, max: number, onExceeded: () => void) {
  let received = 0;
  let exceeded = false;
  const push = request.push.bind(request);
  request.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk !== null && chunk !== undefined) {
      received += (chunk as Buffer).length;
      if (received > max && !exceeded) {
        exceeded = true;
        onExceeded();
      }
      if (exceeded) return false;
    }
    return push(chunk, encoding);
  };
}

export function createUploadGate({
  db,
  now,
  authSecret,
  maxBodyBytes = MAX_REQUEST_BODY_BYTES,
  uploadBodyBytes = UPLOAD_BODY_BYTES,
  concurrency = { perAddress: 2, total: 8 },
}: UploadGateOptions): UploadGate {
  const perAddress = new Map<string, { all: number; anonymous: number }>();
  let total = 0;

  function release(address: string, anonymous: boolean) {
    total--;
    const counts = perAddress.get(address)!;
    counts.all--;
    if (anonymous) counts.anonymous--;
    if (counts.all === 0) perAddress.delete(address);
  }

  async function admitUpload(request: http.IncomingMessage, response: http.ServerResponse, address: string): Promise<boolean> {
    const counts = perAddress.get(address) ?? { all: 0, anonymous: 0 };
    if (counts.all >= concurrency.perAddress) {
      refuse(response, 429, UPLOADS_IN_FLIGHT_MESSAGE, 30);
      return true;
    }
    if (total >= concurrency.total) {
      refuse(response, 503, SERVER_BUSY_MESSAGE, 60);
      return true;
    }
    // The slot is taken before anything is awaited, so requests arriving together are counted one
    // after another; it is given back when the answer is sent or the connection ends.
    counts.all++;
    perAddress.set(address, counts);
    total++;
    let anonymous = false;
    let released = false;
    const releaseOnce = () => {
      if (released) return;
      released = true;
      release(address, anonymous);
    };
    response.once('close', releaseOnce);
    try {
      anonymous = !isIntegratorCall(request) && !(await hasValidSession(request, await authSecret()));
      if (!anonymous) return false;
      counts.anonymous++;
      const intake = await addressIntakeRoom(await db(), address, now());
      if ('waitSeconds' in intake) {
        refuse(response, 429, addressLimitMessage(intake.waitSeconds), intake.waitSeconds);
        return true;
      }
      // The anonymous uploads of this address in flight, this one included, will be complaints too.
      if (counts.anonymous > intake.room) {
        refuse(response, 429, UPLOADS_IN_FLIGHT_MESSAGE, 30);
        return true;
      }
      return false;
    } catch (error) {
      releaseOnce();
      // The embedded database's disk is full (docs/adr/0001): nothing could be saved anyway.
      if (!isStorageFull(error)) throw error;
      refuse(response, 503, STORAGE_FULL_MESSAGE, 60);
      return true;
    }
  }

  return {
    admit(request, response) {
      const lengthHeader = request.headers['content-length'];
      const length = lengthHeader === undefined ? null : Number(lengthHeader);
      const chunked = request.headers['transfer-encoding'] !== undefined;
      if (length === null && !chunked) return false; // no body
      if (length !== null && (!Number.isFinite(length) || length > maxBodyBytes)) {
        refuse(response, 413, TOO_LARGE_MESSAGE);
        return true;
      }
      if (length === null) {
        capWhileReading(request, maxBodyBytes, () => {
          refuse(response, 413, TOO_LARGE_MESSAGE);
          // The client may go on sending for ever: end the connection once the answer is out.
          if (response.writableFinished) request.socket.destroy();
          else response.once('finish', () => request.socket.destroy());
        });
      } else if (length <= uploadBodyBytes) return false;
      const address = (request.headers[CLIENT_IP_HEADER] as string | undefined) ?? request.socket.remoteAddress ?? 'unknown';
      return admitUpload(request, response, address);
    },
    inFlight: () => total,
  };
}
