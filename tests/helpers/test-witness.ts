import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cosign, cosignerVerifierKey } from '@/lib/log/cosignature';
import { parseCheckpoint } from '@/lib/log/checkpoint';
import { verifyConsistency } from '@/lib/log/merkle';
import { decodeBase64, NoteError, openNote, parseVerifierKey, publicKeyBytes } from '@/lib/log/note';

/**
 * A witness for the tests, as C2SP tlog-witness describes one: `POST {url}/add-checkpoint` with
 * `old N`, the consistency proof lines, a blank line and the checkpoint; it checks the log's
 * signature (403), the old size against the last tree it cosigned (409, `text/x.tlog.size`), the
 * proof (422) and the root of an equal size (409), keeps the new tree and answers its cosignature.
 * It is a second implementation of the protocol, written from the spec, not a copy of the server's.
 */
export type TestWitness = {
  name: string;
  /** Its verifier key, as an operator would list it in OPENSEAL_LOG_WITNESSES. */
  key: string;
  url: string;
  /** Requests answered, by status. */
  answers: number[];
  /** The tree it last cosigned, per log origin. */
  latest: Map<string, { size: number; root: Uint8Array }>;
  close(): Promise<void>;
};

export async function startTestWitness(logKey: string, name = 'witness.example.test/w1'): Promise<TestWitness> {
  const privateKey = crypto.generateKeyPairSync('ed25519').privateKey;
  const verifier = parseVerifierKey(logKey);
  const latest = new Map<string, { size: number; root: Uint8Array }>();
  const answers: number[] = [];
  const answer = (response: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
    answers.push(status);
    response.writeHead(status, { 'Content-Type': type }).end(body);
  };
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/add-checkpoint') return answer(response, 404, 'not found');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const blank = body.indexOf('\n\n');
      const head = body.slice(0, blank).split('\n');
      const note = body.slice(blank + 2);
      const oldMatch = /^old (0|[1-9][0-9]*)$/.exec(head[0] ?? '');
      if (blank < 0 || !oldMatch) return answer(response, 400, 'malformed request');
      let text: string;
      try {
        ({ text } = openNote(note, [verifier]));
      } catch (error) {
        if (error instanceof NoteError) return answer(response, 403, error.message);
        throw error;
      }
      const checkpoint = parseCheckpoint(text);
      const old = Number(oldMatch[1]);
      if (old > checkpoint.size) return answer(response, 400, 'old size beyond the checkpoint');
      const known = latest.get(checkpoint.origin);
      if (old !== (known?.size ?? 0)) return answer(response, 409, `${known?.size ?? 0}\n`, 'text/x.tlog.size');
      const proof = head.slice(1).map(decodeBase64);
      if (proof.some((hash) => hash === null)) return answer(response, 400, 'a proof line is not base64');
      if (known && old === checkpoint.size) {
        if (!Buffer.from(known.root).equals(checkpoint.rootHash)) return answer(response, 409, `${known.size}\n`, 'text/x.tlog.size');
      } else if (known && !verifyConsistency(old, checkpoint.size, known.root, checkpoint.rootHash, proof as Uint8Array[])) {
        return answer(response, 422, 'the consistency proof does not verify');
      }
      latest.set(checkpoint.origin, { size: checkpoint.size, root: checkpoint.rootHash });
      answer(response, 200, cosign(text, { name, privateKey }, Math.floor(Date.now() / 1000)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    name,
    key: cosignerVerifierKey(name, publicKeyBytes(privateKey)),
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers,
    latest,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
