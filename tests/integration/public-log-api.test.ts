import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { sealEvents } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { advanceLog } from '@/lib/log/log-store';
import { leafHash, rootFromLeafHashes, verifyConsistency, verifyInclusion } from '@/lib/log/merkle';
import { openNote, parseVerifierKey } from '@/lib/log/note';
import { parseCheckpoint } from '@/lib/log/checkpoint';
import { decodeEntryBundle, tilePath } from '@/lib/log/tiles';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { startFastPathServer, type FastPathServer } from './public-status-fixtures';

/*
 * The public log's read API as a client meets it (DESIGN.md "Contract additions"): C2SP tlog-tiles
 * under /log/, the JSON proofs, and `log` in the status document; on the fast path, as `npm start` serves it.
 */

let database: TestDatabase;
let server: FastPathServer;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewer = await seedUser(database.db, { role: 'reviewer' });
  server = await startFastPathServer(database);
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const signer = () => server.fastPath.service.logSigner;
const advance = async () => {
  while ((await advanceLog(database.db, signer(), new Date(), 100)).more);
};
const issued = () => seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(server.clock.now() - 60_000) });
const entries = async () => (await database.db.select({ entry: sealEvents.logEntry }).from(sealEvents).orderBy(asc(sealEvents.logIndex))).map((row) => Uint8Array.from(row.entry));
const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());
const base64 = (text: string) => Uint8Array.from(Buffer.from(text, 'base64'));

describe(`the public log over HTTP (${testDriver})`, () => {
  it('serves the verifier key, and says so while no checkpoint is signed yet', async () => {
    const key = await server.fetch('/log/key');
    expect(key.status).toBe(200);
    expect(key.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await key.text();
    expect(text).toBe(signer().verifierKey);
    expect(parseVerifierKey(text).name).toBe(`${new URL(server.origin).host}/openseal-log`);
    const waiting = await server.fetch('/log/checkpoint');
    expect(waiting.status).toBe(503);
    expect(waiting.headers.get('retry-after')).toBe('2');
  });

  it('serves a signed checkpoint, tiles and entry bundles from which a client rebuilds the same root', async () => {
    for (let n = 0; n < 280; n++) await issued(); // one full level-0 tile and a partial one
    const { seal } = await issued();
    await suspendSeal({ ctx: contextFor(database.db, actorOf(reviewer), createTestClock()), input: { sealId: seal.id, reason: 'Under investigation.', reinstatementRequirements: 'Answer the notice.' } });
    await advance();
    const all = await entries();

    const response = await server.fetch('/log/checkpoint');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=5');
    const note = await response.text();
    const opened = openNote(note, [parseVerifierKey(await (await server.fetch('/log/key')).text())]);
    const checkpoint = parseCheckpoint(opened.text);
    expect(checkpoint.size).toBe(all.length);
    expect(all.length).toBeGreaterThan(256);

    const full = await server.fetch(`/log/${tilePath({ level: 0, index: 0, width: 256 })}`);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('application/octet-stream');
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const partialWidth = all.length - 256;
    const partial = await server.fetch(`/log/${tilePath({ level: 0, index: 1, width: partialWidth })}`);
    expect(partial.status).toBe(200);
    const leafHashes = Buffer.concat([await bytesOf(full), await bytesOf(partial)]);
    expect(leafHashes.length).toBe(32 * all.length);
    expect(Buffer.from(rootFromLeafHashes(all.map(leafHash)))).toEqual(Buffer.from(checkpoint.rootHash));
    for (let index = 0; index < all.length; index++) expect(leafHashes.subarray(32 * index, 32 * index + 32)).toEqual(Buffer.from(leafHash(all[index]!)));

    const bundle = decodeEntryBundle(await bytesOf(await server.fetch(`/log/${tilePath({ level: 'entries', index: 1, width: partialWidth })}`)));
    expect(bundle.map((entry) => Buffer.from(entry).toString())).toEqual(all.slice(256).map((entry) => Buffer.from(entry).toString()));
    // The level-1 tile: the root of the first 256 leaves.
    const level1 = await bytesOf(await server.fetch(`/log/${tilePath({ level: 1, index: 0, width: 1 })}`));
    expect(Buffer.from(level1)).toEqual(Buffer.from(rootFromLeafHashes(all.slice(0, 256).map(leafHash))));

    // Nothing beyond the signed tree, and no non-canonical path.
    for (const path of [tilePath({ level: 0, index: 1, width: partialWidth + 1 }), tilePath({ level: 0, index: 2, width: 1 }), 'tile/0/1', 'tile/entries/000.p/0', 'tile/x/000']) {
      expect((await server.fetch(`/log/${path}`)).status, path).toBe(404);
    }
  });

  it('answers inclusion and consistency proofs that verify against the signed roots, and refuses sizes beyond them', async () => {
    await advance();
    const all = await entries();
    const size = all.length;
    const root = rootFromLeafHashes(all.map(leafHash));
    for (const index of [0, 1, 255, 256, size - 1]) {
      const response = await server.fetch(`/api/v1/log/proof/inclusion?index=${index}&size=${size}`);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.index).toBe(index);
      expect(body.size).toBe(size);
      expect(verifyInclusion(index, size, leafHash(all[index]!), body.proof.map(base64), root)).toBe(true);
    }
    for (const from of [1, 7, 256, size]) {
      const body = await (await server.fetch(`/api/v1/log/proof/consistency?from=${from}&to=${size}`)).json();
      expect(verifyConsistency(from, size, rootFromLeafHashes(all.slice(0, from).map(leafHash)), root, body.proof.map(base64))).toBe(true);
    }
    const refusals: Array<[string, string]> = [
      [`inclusion?index=0&size=${size + 1}`, `size must not exceed the latest checkpoint's tree size, ${size}`],
      [`inclusion?index=5&size=5`, 'index must be less than size'],
      [`inclusion?index=-1&size=5`, 'index must be a whole number'],
      [`inclusion?size=5`, 'index is required'],
      [`consistency?from=0&to=5`, 'from must be at least 1'],
      [`consistency?from=6&to=5`, 'from must not be greater than to'],
      [`consistency?from=1&to=${size + 1}`, `to must not exceed the latest checkpoint's tree size, ${size}`],
    ];
    for (const [query, message] of refusals) {
      const response = await server.fetch(`/api/v1/log/proof/${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toEqual({ error: 'bad_request', message });
    }
  });

  it('gives each status document the seal’s newest entry and a tree size whose inclusion proof verifies', async () => {
    const { seal } = await issued();
    await advance();
    const document = await (await server.fetch(`/api/v1/seals/${seal.publicId}/status`)).json();
    const all = await entries();
    const { index, treeSize } = document.log;
    expect(JSON.parse(Buffer.from(all[index]!).toString())).toMatchObject({ sealId: seal.publicId, event: 'issued', status: 'active' });
    expect(treeSize).toBe(index + 1);
    const proof = (await (await server.fetch(`/api/v1/log/proof/inclusion?index=${index}&size=${treeSize}`)).json()).proof.map(base64);
    expect(verifyInclusion(index, treeSize, leafHash(all[index]!), proof, rootFromLeafHashes(all.slice(0, treeSize).map(leafHash)))).toBe(true);
  });
});
