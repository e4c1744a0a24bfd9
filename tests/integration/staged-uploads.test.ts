import crypto from 'node:crypto';
import net from 'node:net';
import type http from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, complaintEvidence, stagedUploadChunks, stagedUploads } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { EVIDENCE_LIMITS, STAGED_UPLOAD_LIMITS } from '@/lib/complaints/limits';
import { uploadsExpireStagedJob } from '@/lib/jobs/definitions/uploads-expire-staged';
import { fileComplaint } from '@/lib/services/complaints/file-complaint';
import { ValidationError } from '@/lib/services/errors';
import { claimStagedUploads, UPLOAD_GONE_MESSAGE } from '@/lib/services/uploads/attach-staged';
import { handleUploadRequest, type UploadAnswer } from '@/lib/uploads/upload-route';
import { newUploadSecret, UPLOADER_COOKIE } from '@/lib/uploads/upload-secrets';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { startHttpServer } from '../helpers/http-server';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { file, publicContext, publicFiling, SAMPLE_FILES, uniqueAddress } from './complaints-fixtures';

let database: TestDatabase;
const clock = createTestClock(new Date('2026-06-01T09:00:00Z'));
const MB = 1024 * 1024;

beforeAll(async () => {
  database = await freshDatabase();
});

afterAll(async () => {
  await database?.close();
});

/** A body that counts how often it was read from: a refusal "before reading" leaves it at 0. */
function countingBody(bytes: Uint8Array) {
  const read = { pulls: 0 };
  let sent = false;
  // highWaterMark 0: nothing is pulled until somebody reads.
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        read.pulls++;
        if (sent) return controller.close();
        sent = true;
        controller.enqueue(bytes);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, read };
}

/** One file as a browser's form posts it: multipart/form-data with its Content-Length. */
async function multipart(name: string, content: Uint8Array): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)]), name);
  const encoded = new Request('http://localhost/api/uploads', { method: 'POST', body: form });
  return { bytes: new Uint8Array(await encoded.arrayBuffer()), type: encoded.headers.get('content-type')! };
}

type Sent = { status: number; body: UploadAnswer; headers: Headers; pulls: number };

async function upload(
  name: string,
  content: Uint8Array,
  { key = null, address = uniqueAddress(), declared, ctx = publicContext(database.db, clock) }: { key?: string | null; address?: string; declared?: number; ctx?: ReturnType<typeof publicContext> } = {},
): Promise<Sent> {
  const { bytes, type } = await multipart(name, content);
  const { stream, read } = countingBody(bytes);
  const headers: Record<string, string> = { 'content-type': type, 'content-length': String(declared ?? bytes.length) };
  if (key) headers.cookie = `${UPLOADER_COOKIE}=${key}`;
  const request = new Request('http://localhost/api/uploads', { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
  const response = await handleUploadRequest(request, { ctx, clientAddress: address, https: false });
  return { status: response.status, body: (await response.json()) as UploadAnswer, headers: response.headers, pulls: read.pulls };
}

const tokenOf = (sent: Sent) => {
  if (!('token' in sent.body)) throw new Error(`refused: ${sent.status} ${JSON.stringify(sent.body)}`);
  return sent.body.token;
};
const errorOf = (sent: Sent) => ('error' in sent.body ? sent.body.error : '');
const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
const textOf = (size: number, seed = 'Mail from the shop. ') => new TextEncoder().encode(seed.repeat(Math.ceil(size / seed.length)).slice(0, size));
const staged = () => database.db.select().from(stagedUploads);
const chunks = () => database.db.select({ uploadId: stagedUploadChunks.uploadId, seq: stagedUploadChunks.seq }).from(stagedUploadChunks);

/** The route behind a real HTTP server, its request made from node:http's as Next.js makes it: the body a stream read on demand. */
async function serve(incoming: http.IncomingMessage, outgoing: http.ServerResponse) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
  const body = Readable.toWeb(incoming) as unknown as ReadableStream<Uint8Array>;
  const request = new Request(`http://localhost${incoming.url}`, { method: incoming.method, headers, body, duplex: 'half' } as RequestInit);
  const response = await handleUploadRequest(request, { ctx: publicContext(database.db, clock), clientAddress: uniqueAddress(), https: false });
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}

/** Sends only the request line and headers, never the body they announce, and resolves with the status line and the answer. */
function headersOnly(port: number, headers: Record<string, string | number>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('end', () => resolve(received));
    socket.on('error', (error) => (received ? resolve(received) : reject(error)));
    socket.write(['POST /api/uploads HTTP/1.1', 'Host: localhost', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', ''].join('\r\n'));
  });
}

describe(`staged uploads (${testDriver})`, () => {
  it('over HTTP: answers a body announced too large before any of it is sent, and takes a file streamed in pieces', async () => {
    const server = await startHttpServer((incoming, outgoing) => void serve(incoming, outgoing).catch((error: Error) => outgoing.destroy(error)));
    try {
      const answer = await headersOnly(server.port, { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': 50 * MB, Cookie: `${UPLOADER_COOKIE}=${newUploadSecret()}` });
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer).toMatch(/connection: close/i);
      expect(answer).toContain('each file may be at most 2 MB');

      const content = textOf(700 * 1024);
      const { bytes, type } = await multipart('minutes.txt', content);
      const response = await fetch(`http://127.0.0.1:${server.port}/api/uploads`, { method: 'POST', headers: { 'Content-Type': type, Cookie: `${UPLOADER_COOKIE}=${newUploadSecret()}` }, body: bytes });
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ fileName: 'minutes.txt', sizeBytes: content.length });
    } finally {
      await server.close();
    }
  });


  it('refuses a body declared larger than one file and its framing without reading a byte of it', async () => {
    const before = (await staged()).length;
    const sent = await upload('scan.pdf', SAMPLE_FILES.pdf, { key: newUploadSecret(), declared: STAGED_UPLOAD_LIMITS.maxRequestBytes + 1 });
    expect(sent.status).toBe(413);
    expect(errorOf(sent)).toContain('each file may be at most 2 MB');
    expect(sent.pulls).toBe(0);
    expect(sent.headers.get('connection')).toBe('close');
    expect(await staged()).toHaveLength(before);
  });

  it('streams an accepted file into chunks, and filing the complaint moves the same bytes into its evidence with its audit row', async () => {
    const key = newUploadSecret();
    const content = textOf(600 * 1024);
    const sent = await upload('letters.txt', content, { key });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ fileName: 'letters.txt', contentType: 'text/plain', sizeBytes: content.length });
    const token = tokenOf(sent);
    const [row] = await database.db.select().from(stagedUploads).where(eq(stagedUploads.fileName, 'letters.txt'));
    expect(row).toMatchObject({ sha256: sha256(content), sizeBytes: content.length, contentType: 'text/plain' });
    expect(row!.tokenHash).not.toContain(token);
    // 600 KB in pieces of at most 256 KB: three rows, each written by a statement of its own.
    expect((await chunks()).filter((chunk) => chunk.uploadId === row!.id)).toHaveLength(3);

    const { complaint } = await fileComplaint({ ctx: publicContext(database.db, clock), input: publicFiling({ domain: 'shop.example' }, { uploads: [token], uploaderKey: key }) });
    const [evidence] = await database.db.select().from(complaintEvidence).where(eq(complaintEvidence.complaintId, complaint.id));
    expect(evidence).toMatchObject({ fileName: 'letters.txt', contentType: 'text/plain', sizeBytes: content.length, sha256: sha256(content) });
    expect(Buffer.from(evidence!.content).equals(Buffer.from(content))).toBe(true);
    const [audit] = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, complaint.id));
    expect((audit!.after as { evidence: unknown[] }).evidence).toEqual([{ fileName: 'letters.txt', contentType: 'text/plain', sizeBytes: content.length, sha256: sha256(content) }]);
    // Attached once: the staged upload and its chunks are gone, and the token opens nothing more.
    expect((await staged()).filter((upload) => upload.id === row!.id)).toHaveLength(0);
    expect((await chunks()).filter((chunk) => chunk.uploadId === row!.id)).toHaveLength(0);
    await expect(fileComplaint({ ctx: publicContext(database.db, clock), input: publicFiling({ domain: 'shop.example' }, { uploads: [token], uploaderKey: key }) })).rejects.toThrow(UPLOAD_GONE_MESSAGE);
  });

  it('gives a browser without an account its uploader key with the first upload', async () => {
    const sent = await upload('note.txt', SAMPLE_FILES.text);
    expect(sent.status).toBe(201);
    expect(sent.headers.get('set-cookie')).toMatch(new RegExp(`^${UPLOADER_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Max-Age=7200; HttpOnly; SameSite=Strict$`));
  });

  it('stops at the first byte over the size limit of a file and keeps nothing of it', async () => {
    const before = { uploads: (await staged()).length, chunks: (await chunks()).length };
    // Within the declared limit (the framing allowance), but one file larger than any accepted.
    const sent = await upload('big.txt', textOf(EVIDENCE_LIMITS.maxFileBytes + 10 * 1024), { key: newUploadSecret() });
    expect(sent.status).toBe(413);
    expect(errorOf(sent)).toBe('“big.txt” is more than 2 MB; each file may be at most 2 MB. Nothing was kept.');
    expect(await staged()).toHaveLength(before.uploads);
    expect(await chunks()).toHaveLength(before.chunks);
  });

  it('refuses markup, and a file whose name promises another type, keeping nothing', async () => {
    const before = (await staged()).length;
    const markup = await upload('invoice.pdf', SAMPLE_FILES.html, { key: newUploadSecret() });
    expect(markup.status).toBe(422);
    expect(errorOf(markup)).toContain('“invoice.pdf” is a web page or other markup (HTML, SVG or XML), which we do not accept.');
    const renamed = await upload('photo.png', SAMPLE_FILES.pdf, { key: newUploadSecret() });
    expect(errorOf(renamed)).toContain('“photo.png” is named like a PNG image, but its content is a PDF document.');
    const binary = await upload('program.txt', new Uint8Array(64 * 1024).fill(0), { key: newUploadSecret() });
    expect(errorOf(binary)).toContain('is not a file type we accept');
    expect(await staged()).toHaveLength(before);
  });

  it('attaches an upload only for the browser or the account that sent it', async () => {
    const key = newUploadSecret();
    const token = tokenOf(await upload('note.txt', SAMPLE_FILES.text, { key }));
    const anotherBrowser = fileComplaint({ ctx: publicContext(database.db, clock), input: publicFiling({ domain: 'shop.example' }, { uploads: [token], uploaderKey: newUploadSecret() }) });
    await expect(anotherBrowser).rejects.toThrow(UPLOAD_GONE_MESSAGE);
    await expect(fileComplaint({ ctx: publicContext(database.db, clock), input: publicFiling({ domain: 'shop.example' }, { uploads: [token] }) })).rejects.toThrow(UPLOAD_GONE_MESSAGE);

    const alice = actorOf(await seedUser(database.db));
    const bob = actorOf(await seedUser(database.db));
    const ofAlice = tokenOf(await upload('contract.pdf', SAMPLE_FILES.pdf, { ctx: contextFor(database.db, alice, clock) }));
    const now = new Date(clock.now());
    const claim = (actor: typeof alice | null, uploaderKey?: string) =>
      database.db.transaction((tx) => claimStagedUploads(tx, { tokens: [ofAlice], actor, uploaderKey, now, field: 'files' }));
    await expect(claim(bob)).rejects.toThrow(ValidationError);
    await expect(claim(null, key)).rejects.toThrow(UPLOAD_GONE_MESSAGE);
    expect(await claim(alice)).toMatchObject([{ fileName: 'contract.pdf', contentType: 'application/pdf' }]);
  });

  it('refuses, before reading, an upload over the files an uploader may hold unattached', async () => {
    const key = newUploadSecret();
    for (let index = 0; index < STAGED_UPLOAD_LIMITS.pendingFiles; index++) tokenOf(await upload(`note-${index}.txt`, SAMPLE_FILES.text, { key }));
    const over = await upload('one-more.txt', SAMPLE_FILES.text, { key });
    expect(over.status).toBe(429);
    expect(over.pulls).toBe(0);
    expect(errorOf(over)).toContain(`at most ${STAGED_UPLOAD_LIMITS.pendingFiles} files`);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses, before reading, an anonymous upload from an address that has used up its complaints', async () => {
    const address = uniqueAddress();
    for (let index = 0; index < 5; index++) await file(publicContext(database.db, clock), { domain: 'shop.example' }, { clientAddress: address });
    const sent = await upload('note.txt', SAMPLE_FILES.text, { key: newUploadSecret(), address });
    expect(sent.status).toBe(429);
    expect(sent.pulls).toBe(0);
    expect(errorOf(sent)).toContain('You have sent 5 complaints from this connection');
  });

  it('expires unattached uploads: refused once their time is up, and removed with their chunks by the job', async () => {
    const key = newUploadSecret();
    const token = tokenOf(await upload('old.txt', textOf(300 * 1024), { key }));
    const [old] = await database.db.select().from(stagedUploads).where(eq(stagedUploads.fileName, 'old.txt'));
    await clock.tick(STAGED_UPLOAD_LIMITS.ttlMs + 60_000);
    const fresh = tokenOf(await upload('fresh.txt', SAMPLE_FILES.text, { key: newUploadSecret() }));
    await expect(fileComplaint({ ctx: publicContext(database.db, clock), input: publicFiling({ domain: 'shop.example' }, { uploads: [token], uploaderKey: key }) })).rejects.toThrow(UPLOAD_GONE_MESSAGE);

    await uploadsExpireStagedJob.handler({}, { db: database.db, clock });
    const left = await staged();
    expect(left.find((upload) => upload.id === old!.id)).toBeUndefined();
    expect((await chunks()).filter((chunk) => chunk.uploadId === old!.id)).toHaveLength(0);
    expect(left.map((upload) => upload.fileName)).toContain('fresh.txt');
    expect(left.every((upload) => upload.expiresAt > new Date(clock.now()))).toBe(true);
    expect(fresh).toHaveLength(43);
  });

  it('holds the number and total of a complaint’s files against its staged and sent files together', async () => {
    const key = newUploadSecret();
    const tokens = [];
    for (let index = 0; index < EVIDENCE_LIMITS.maxFiles; index++) tokens.push(tokenOf(await upload(`scan-${index}.txt`, textOf(1.9 * MB), { key })));
    const filing = fileComplaint({ ctx: publicContext(database.db, clock), input: publicFiling({ domain: 'shop.example' }, { uploads: tokens, uploaderKey: key }) });
    await expect(filing).rejects.toThrow('Your files add up to 9.5 MB; together they may be at most 8 MB.');
    // Refused as a whole: the uploads stay, for a corrected form to use.
    expect((await staged()).filter((upload) => upload.fileName.startsWith('scan-'))).toHaveLength(EVIDENCE_LIMITS.maxFiles);
  });
});
