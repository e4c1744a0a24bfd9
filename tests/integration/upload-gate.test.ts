import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import net from 'node:net';
import type http from 'node:http';
import { encode } from 'next-auth/jwt';
import { createTestClock } from '@/lib/clock';
import { stampClientAddress } from '@/lib/server/client-address';
import { createUploadGate, TOO_LARGE_MESSAGE, UPLOADS_IN_FLIGHT_MESSAGE, type UploadGateOptions } from '@/lib/server/upload-gate';
import { fileComplaint } from '@/lib/services/complaints/file-complaint';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { startHttpServer, type TestHttpServer } from '../helpers/http-server';
import { evidenceOf, file, publicContext, publicFiling, uniqueAddress } from './complaints-fixtures';

let database: TestDatabase;
const clock = createTestClock(new Date('2026-06-01T09:00:00Z'));
const SECRET = 'upload-gate-test-secret-0123456789abcdef';
const MB = 1024 * 1024;

/** What the server behind the gate did: the bodies it read, and what it stored. */
type Behind = { bodiesRead: number; stored: Array<{ complaintId: string }> };

/**
 * A real HTTP server: the gate first, as in lib/server/http-server.ts; behind it, what the
 * complaint action does (read the body, file the complaint with it as the evidence).
 */
async function gatedServer(options: Partial<UploadGateOptions> = {}): Promise<{ server: TestHttpServer; behind: Behind }> {
  const behind: Behind = { bodiesRead: 0, stored: [] };
  const gate = createUploadGate({ db: async () => database.db, now: () => new Date(clock.now()), authSecret: async () => SECRET, ...options });
  const after = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    behind.bodiesRead++;
    const bytes = new Uint8Array(Buffer.concat(chunks));
    if (request.headers['x-test-store'] === 'yes') {
      const { complaint } = await fileComplaint({
        ctx: publicContext(database.db, clock),
        input: publicFiling({ domain: 'shop.example' }, { clientAddress: request.headers['x-openseal-client-ip'], evidence: [{ name: 'scan.pdf', bytes }] }),
      });
      behind.stored.push({ complaintId: complaint.id });
    }
    response.end(`read ${bytes.length}`);
  };
  const server = await startHttpServer((request, response) => {
    stampClientAddress(request, 1);
    const admitted = gate.admit(request, response);
    const go = () => void after(request, response).catch((error: unknown) => response.destroy(error as Error));
    if (admitted === false) go();
    else if (admitted !== true) void admitted.then((refused) => (refused ? undefined : go()));
  });
  return { server, behind };
}

type RawAnswer = { status: number; headers: string; body: string; ms: number };

/**
 * Sends the request line and headers, then `body` (if any), and never ends the body when it is
 * shorter than announced: a client whose body would never finish. Resolves with the answer.
 */
function rawRequest(port: number, headers: Record<string, string | number>, body: Buffer | null = null, path = '/complaints/new'): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const finish = () => {
      const [head = '', ...rest] = received.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, headers: head, body: rest.join('\r\n\r\n'), ms: performance.now() - started });
      socket.destroy();
    };
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (/\r\n\r\n/.test(received) && /Content-Length: (\d+)/i.test(received)) {
        const length = Number(/Content-Length: (\d+)/i.exec(received)![1]);
        if (Buffer.byteLength(received.split('\r\n\r\n').slice(1).join('\r\n\r\n')) >= length) finish();
      }
    });
    socket.on('end', finish);
    socket.on('error', (error) => (received ? finish() : reject(error)));
    socket.setTimeout(10_000, () => reject(new Error(`no answer within 10 s; received: ${received}`)));
    socket.write([`POST ${path} HTTP/1.1`, 'Host: localhost', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', ''].join('\r\n'));
    if (body) socket.write(body);
  });
}

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`the upload gate decides before the body is read (${testDriver})`, () => {
  it('answers 413 at once to a body announced larger than the server accepts, without reading it', async () => {
    const { server, behind } = await gatedServer();
    try {
      const answer = await rawRequest(server.port, { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': 50 * MB, 'X-Forwarded-For': uniqueAddress() });
      expect(answer.status).toBe(413);
      expect(answer.body.trim()).toBe(TOO_LARGE_MESSAGE);
      expect(answer.headers).toMatch(/Connection: close/i);
      expect(answer.ms).toBeLessThan(2_000);
      expect(behind.bodiesRead).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('refuses an address over the complaint limit with 429 before reading a body that would never end', async () => {
    const address = uniqueAddress();
    const ctx = publicContext(database.db, clock);
    for (let index = 0; index < 5; index++) await file(ctx, { domain: 'shop.example' }, { clientAddress: address });
    const { server, behind } = await gatedServer();
    try {
      // 5 MB announced, 1 KB sent, the rest never: only an answer from before the body can come.
      const answer = await rawRequest(server.port, { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': 5 * MB, 'X-Forwarded-For': address }, Buffer.alloc(1024, 'a'));
      expect(answer.status).toBe(429);
      expect(answer.body).toContain('You have sent 5 complaints from this connection in the last hour; please wait 60 minutes');
      expect(answer.headers).toMatch(/Retry-After: 3600/i);
      expect(answer.ms).toBeLessThan(2_000);
      expect(behind.bodiesRead).toBe(0);

      // Another address is let through and its body read.
      const other = await fetch(`http://127.0.0.1:${server.port}/complaints/new`, { method: 'POST', body: Buffer.alloc(MB, 'a'), headers: { 'X-Forwarded-For': uniqueAddress() } });
      expect(other.status).toBe(200);
      expect(await other.text()).toBe(`read ${MB}`);

      // A holder's response with files through the integrator API, from the same address, is no complaint: read.
      const apiPath = '/api/v1/organization/cases/C-AAAA-BBBB/responses';
      const response = await fetch(`http://127.0.0.1:${server.port}${apiPath}`, { method: 'POST', body: Buffer.alloc(MB, 'a'), headers: { 'X-Forwarded-For': address, Authorization: 'Bearer osk_test' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(`read ${MB}`);
      // Without a key, or as a server action, the same path is counted like any anonymous upload.
      const keyless = await rawRequest(server.port, { 'Content-Length': 5 * MB, 'X-Forwarded-For': address }, Buffer.alloc(1024, 'a'), apiPath);
      expect(keyless.status).toBe(429);
      const action = await rawRequest(server.port, { 'Content-Length': 5 * MB, 'X-Forwarded-For': address, Authorization: 'Bearer osk_test', 'Next-Action': 'abc' }, Buffer.alloc(1024, 'a'), apiPath);
      expect(action.status).toBe(429);
      expect(behind.bodiesRead).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('counts uploads still in flight against the limit, so a burst from one address is not read in full', async () => {
    const address = uniqueAddress();
    const ctx = publicContext(database.db, clock);
    for (let index = 0; index < 4; index++) await file(ctx, { domain: 'shop.example' }, { clientAddress: address });
    const { server, behind } = await gatedServer();
    const sockets: net.Socket[] = [];
    try {
      // One upload from this address is being received (its body still coming): room for the fifth complaint is taken.
      const slow = net.connect(server.port, '127.0.0.1');
      sockets.push(slow);
      slow.write(['POST /complaints/new HTTP/1.1', 'Host: localhost', 'Content-Length: 3000000', `X-Forwarded-For: ${address}`, '', ''].join('\r\n'));
      slow.write(Buffer.alloc(1000, 'a'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const answer = await rawRequest(server.port, { 'Content-Length': 3 * MB, 'X-Forwarded-For': address });
      expect(answer.status).toBe(429);
      expect(answer.body.trim()).toBe(UPLOADS_IN_FLIGHT_MESSAGE);
      expect(behind.bodiesRead).toBe(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await server.close();
    }
  });

  it('lets a small form through unchecked, and a signed-in upload past the public complaint limit', async () => {
    const address = uniqueAddress();
    const ctx = publicContext(database.db, clock);
    for (let index = 0; index < 5; index++) await file(ctx, { domain: 'shop.example' }, { clientAddress: address });
    const { server, behind } = await gatedServer();
    try {
      const small = await fetch(`http://127.0.0.1:${server.port}/login`, { method: 'POST', body: 'email=a%40b.example', headers: { 'X-Forwarded-For': address } });
      expect(small.status).toBe(200);
      const token = await encode({ token: { sub: crypto.randomUUID() }, secret: SECRET, salt: 'authjs.session-token' });
      const signedIn = await fetch(`http://127.0.0.1:${server.port}/portal/cases/X`, {
        method: 'POST',
        body: Buffer.alloc(2 * MB, 'a'),
        headers: { 'X-Forwarded-For': address, Cookie: `authjs.session-token=${token}` },
      });
      expect(signedIn.status).toBe(200);
      // A forged cookie is no session: the same upload is refused.
      const forged = await fetch(`http://127.0.0.1:${server.port}/portal/cases/X`, {
        method: 'POST',
        body: Buffer.alloc(2 * MB, 'a'),
        headers: { 'X-Forwarded-For': address, Cookie: `authjs.session-token=${token.slice(0, -4)}AAAA` },
      });
      expect(forged.status).toBe(429);
      expect(behind.bodiesRead).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('cuts a chunked body at the limit while it is read, with a 413', async () => {
    const { server, behind } = await gatedServer({ maxBodyBytes: MB });
    try {
      const started = performance.now();
      let sent = 0;
      // A body with no length that would go on for ever.
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += 64 * 1024;
          controller.enqueue(new Uint8Array(64 * 1024));
        },
      });
      const response = await fetch(`http://127.0.0.1:${server.port}/complaints/new`, {
        method: 'POST',
        body: endless,
        duplex: 'half',
        headers: { 'X-Forwarded-For': uniqueAddress() },
      } as RequestInit);
      expect(response.status).toBe(413);
      expect((await response.text()).trim()).toBe(TOO_LARGE_MESSAGE);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(sent).toBeLessThan(20 * MB);
      expect(behind.bodiesRead).toBeLessThanOrEqual(1);
    } finally {
      await server.close();
    }
  });

  it('stores accepted evidence intact, with the SHA-256 of its bytes', async () => {
    const { server, behind } = await gatedServer();
    try {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(1.5 * MB)]);
      const response = await fetch(`http://127.0.0.1:${server.port}/complaints/new`, { method: 'POST', body: pdf, headers: { 'X-Forwarded-For': uniqueAddress(), 'X-Test-Store': 'yes' } });
      expect(response.status).toBe(200);
      const [stored] = await evidenceOf(database.db, behind.stored[0]!.complaintId);
      expect(stored!.sizeBytes).toBe(pdf.length);
      expect(stored!.sha256).toBe(crypto.createHash('sha256').update(pdf).digest('hex'));
      expect(Buffer.from(stored!.content).equals(pdf)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
