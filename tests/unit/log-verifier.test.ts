import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publicKeyBytes, signatureLine, signNote, verifierKey, type NoteSigner } from '@/lib/log/note';
import { encodeEntryBundle, TILE_WIDTH } from '@/lib/log/tiles';
import { LogUnreachableError, LogVerifierUsageError, verifyLog, type VerifyLogOptions } from '@/lib/log/verifier';
import { startHttpServer, unusedPort, type TestHttpServer } from '../helpers/http-server';
import { answer, buildLog, decode, encode, LAPSED_SEAL, makeEntries, newSigner, NOW, ORIGIN, SEALS, served, statusDocument, type Entry } from '../helpers/stand-in-log';

/*
 * The verifier against a log built with the pure log functions and served by a small HTTP server:
 * a stand-in for an OpenSeal server (tests/helpers/stand-in-log.ts; the real one is tested elsewhere).
 * Each test says what it serves; the log is then tampered with the way a dishonest or broken
 * server could, and the verifier must name what changed.
 */

let server: TestHttpServer;
let baseUrl: string;
const stateDirs: string[] = [];

beforeAll(async () => {
  server = await startHttpServer((request, response) => {
    const { status, body } = answer(new URL(request.url ?? '/', 'http://stand-in'));
    response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream' });
    response.end(body);
  });
  baseUrl = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await Promise.all(stateDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

beforeEach(() => {
  served.bodies.clear();
  served.statuses.clear();
  server.requests.length = 0;
});

async function freshStateDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openseal-log-verify-'));
  stateDirs.push(dir);
  return dir;
}

function verify(stateDir: string, options: Partial<VerifyLogOptions> = {}) {
  return verifyLog({ baseUrl, stateDir, now: NOW, ...options });
}

/** A state folder holding a clean first run over the first `size` entries. */
async function verifiedState(signer: NoteSigner, size: number): Promise<string> {
  const stateDir = await freshStateDir();
  served.log = buildLog(makeEntries(size), signer);
  const report = await verify(stateDir);
  expect(report.problems).toEqual([]);
  return stateDir;
}

/** The entry with some fields replaced, still well-formed and canonical. */
function edited(bytes: Uint8Array, change: Partial<Entry>): Uint8Array {
  return encode({ ...decode(bytes), ...change });
}

describe('a log that keeps its promises', () => {
  it('passes on the first run, and the state remembers the key, checkpoint and leaf hashes', async () => {
    const stateDir = await freshStateDir();
    served.log = buildLog(makeEntries(300), newSigner());
    const report = await verify(stateDir);
    expect(report).toMatchObject({ ok: true, problems: [], origin: ORIGIN, size: 300, previousSize: null, firstUse: true, stateSaved: true });
    expect(report.seals).toBe(SEALS.length);
    expect(report.checkedStatuses).toBe(SEALS.length);
    expect(report.checkedInclusionProofs).toBe(4);
    expect((await fs.readFile(path.join(stateDir, 'key'), 'utf8')).trim()).toBe(served.log.keyText);
    expect(await fs.readFile(path.join(stateDir, 'checkpoint'), 'utf8')).toBe(served.log.note);
    expect((await fs.readFile(path.join(stateDir, 'leaf-hashes'))).length).toBe(300 * 32);
    const paths = server.requests.map((request) => request.path);
    expect(paths).toEqual(expect.arrayContaining(['/log/tile/entries/000', '/log/tile/entries/001.p/44', '/log/tile/0/000', '/log/tile/0/001.p/44', '/log/tile/1/000.p/1']));
  });

  it('passes a second run after appends, checking the consistency proof', async () => {
    const signer = newSigner();
    const stateDir = await verifiedState(signer, 300);
    served.log = buildLog(makeEntries(520), signer);
    const report = await verify(stateDir);
    expect(report).toMatchObject({ ok: true, problems: [], size: 520, previousSize: 300, firstUse: false, stateSaved: true });
    expect(server.requests.map((request) => request.path)).toContain('/api/v1/log/proof/consistency?from=300&to=520');
    expect((await fs.readFile(path.join(stateDir, 'leaf-hashes'))).length).toBe(520 * 32);
    expect((await verify(stateDir)).ok).toBe(true);
  });

  it('passes the empty log', async () => {
    served.log = buildLog([], newSigner());
    expect(await verify(await freshStateDir())).toMatchObject({ ok: true, size: 0, seals: 0 });
  });
});

describe('a log whose entries or tiles were changed without re-signing', () => {
  it('names the entry whose bytes no longer match the tiles, and keeps the old state', async () => {
    const signer = newSigner();
    const stateDir = await verifiedState(signer, 300);
    const before = await fs.readFile(path.join(stateDir, 'leaf-hashes'));
    const entries = served.log.entries.slice(0, TILE_WIDTH);
    entries[5] = edited(entries[5] as Uint8Array, { reason: 'Quietly rewritten.' });
    served.bodies.set('/log/tile/entries/000', encodeEntryBundle(entries));
    const report = await verify(stateDir);
    expect(report.ok).toBe(false);
    expect(report.problems).toContain('Entry 5 does not match its hash in tile/0/000: the entry or the tile was changed.');
    expect(report.problems.join('\n')).toMatch(/root hash does not match the root of the log's 300 entries/);
    expect(report.stateSaved).toBe(false);
    expect(await fs.readFile(path.join(stateDir, 'leaf-hashes'))).toEqual(before);
  });

  it('names a higher tile that does not match the tiles below it', async () => {
    served.log = buildLog(makeEntries(520), newSigner());
    const tile = Buffer.from(answer(new URL('http://stand-in/log/tile/1/000.p/2')).body as Uint8Array);
    tile[40] = (tile[40] ?? 0) ^ 1;
    served.bodies.set('/log/tile/1/000.p/2', tile);
    const report = await verify(await freshStateDir());
    expect(report.problems).toEqual(['Hash 1 of tile/1/000.p/2 does not match tile/0/001 (entries 256 to 511).']);
  });

  it('reports a malformed entry and a missing bundle', async () => {
    served.log = buildLog(makeEntries(300), newSigner());
    const entries = served.log.entries.slice(0, TILE_WIDTH);
    entries[7] = new TextEncoder().encode('{"sealId":"OS-TEST-XXX7"}');
    served.bodies.set('/log/tile/entries/000', encodeEntryBundle(entries));
    served.bodies.set('/log/tile/entries/001.p/44', new Uint8Array([0, 9, 1]));
    const problems = (await verify(await freshStateDir())).problems.join('\n');
    expect(problems).toMatch(/^Entry 7 does not have the fields of a log entry \(event: /m);
    expect(problems).toMatch(/^tile\/entries\/001\.p\/44 is not an entry bundle/m);
  });
});

describe('a log rebuilt and re-signed with its history changed', () => {
  let signer: NoteSigner;
  let original: Uint8Array[];
  beforeEach(() => {
    signer = newSigner();
    original = makeEntries(300);
  });

  async function rebuiltRun(rebuild: (entries: Uint8Array[]) => Uint8Array[]) {
    const stateDir = await verifiedState(signer, 300);
    served.log = buildLog(rebuild([...original]), signer);
    const report = await verify(stateDir);
    expect(report.ok).toBe(false);
    return report.problems;
  }

  it('names the changed entry', async () => {
    const problems = await rebuiltRun((entries) => {
      entries[5] = edited(entries[5] as Uint8Array, { reason: 'Rewritten.' });
      return entries;
    });
    expect(problems).toContain('Since the checkpoint of 300 entries verified on the last run, entry 5 was changed.');
    expect(problems).toContain("The log's first 300 entries no longer have the root hash of the checkpoint verified on the last run.");
  });

  it('names the removed entry and says the log shrank', async () => {
    const problems = await rebuiltRun((entries) => entries.filter((_, i) => i !== 5));
    expect(problems).toContain('The log is smaller than the 300 entries seen before: its checkpoint now has 299.');
    expect(problems).toContain('Since the checkpoint of 300 entries verified on the last run, entry 5 was removed (later entries moved up by one).');
  });

  it('names a removed entry hidden by later appends, and the consistency proof fails', async () => {
    const problems = await rebuiltRun((entries) => [...entries.filter((_, i) => i !== 5), ...makeEntries(320).slice(300)]);
    expect(problems).toContain('Since the checkpoint of 300 entries verified on the last run, entry 5 was removed (later entries moved up by one).');
    expect(problems).toContain('The consistency proof from 300 to 319 entries does not verify: the new checkpoint does not extend the one verified on the last run.');
  });

  it('names two swapped entries', async () => {
    const problems = await rebuiltRun((entries) => {
      [entries[3], entries[4]] = [entries[4] as Uint8Array, entries[3] as Uint8Array];
      return entries;
    });
    expect(problems).toContain('Since the checkpoint of 300 entries verified on the last run, entries 3 and 4 were swapped.');
  });
});

describe('keys and signatures', () => {
  it('refuses a checkpoint whose signature does not verify', async () => {
    const signer = newSigner();
    served.log = buildLog(makeEntries(50), signer);
    const text = served.log.note.slice(0, served.log.note.lastIndexOf('\n\n') + 1);
    const otherText = text.replace('\n50\n', '\n51\n');
    served.bodies.set('/log/checkpoint', `${text}\n${signatureLine(otherText, signer)}`);
    const report = await verify(await freshStateDir());
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(/^The checkpoint at .*\/log\/checkpoint is not signed by the log's key .*: The signature by seal\.example\.org\/openseal-log\+[0-9a-f]{8} does not verify/);
  });

  it('refuses a key that differs from the one trusted on first use', async () => {
    const stateDir = await verifiedState(newSigner(), 50);
    const firstKey = served.log.keyText;
    served.log = buildLog(makeEntries(60), newSigner());
    const report = await verify(stateDir);
    expect(report.problems).toEqual([expect.stringContaining(`The log's key changed: it was ${firstKey} when this verifier first saw it, and is now ${served.log.keyText}.`)]);
    expect((await fs.readFile(path.join(stateDir, 'key'), 'utf8')).trim()).toBe(firstKey);
  });

  it('refuses a key that is not the one given with --key', async () => {
    served.log = buildLog(makeEntries(10), newSigner());
    const other = newSigner();
    const report = await verify(await freshStateDir(), { key: verifierKey(other.name, publicKeyBytes(other.privateKey)) });
    expect(report.problems).toEqual([`The log's key ${served.log.keyText} is not the key given with --key.`]);
    expect((await verify(await freshStateDir(), { key: served.log.keyText })).ok).toBe(true);
  });

  it('refuses a checkpoint whose origin is not the key name', async () => {
    const signer = newSigner();
    served.log = buildLog(makeEntries(10), signer);
    const impostor = { name: 'other.example/log', privateKey: signer.privateKey };
    served.bodies.set('/log/key', verifierKey(impostor.name, publicKeyBytes(signer.privateKey)));
    served.bodies.set('/log/checkpoint', signNote(served.log.note.slice(0, served.log.note.lastIndexOf('\n\n') + 1), impostor));
    const report = await verify(await freshStateDir());
    expect(report.problems).toEqual([`The checkpoint's origin "${ORIGIN}" is not the name of the log's key, "other.example/log".`]);
  });
});

describe('public statuses against the log', () => {
  beforeEach(() => {
    served.log = buildLog(makeEntries(300), newSigner());
  });

  it('accepts `expired` for a seal whose expiry has passed', async () => {
    expect(statusDocument(served.log, LAPSED_SEAL)).toMatchObject({ status: 'expired' });
    expect((await verify(await freshStateDir())).ok).toBe(true);
  });

  it('names a seal whose status disagrees with its latest entry, or names another entry', async () => {
    const sealId = SEALS[7] as string;
    const document = statusDocument(served.log, sealId) as { status: string; log: { index: number } };
    expect(document.status).not.toBe('revoked');
    served.statuses.set(sealId, { ...document, status: 'revoked' });
    const otherSeal = SEALS[8] as string;
    const other = statusDocument(served.log, otherSeal) as { log: { index: number; treeSize: number } };
    served.statuses.set(otherSeal, { ...other, log: { ...other.log, index: 8 } });
    const report = await verify(await freshStateDir());
    expect(report.problems).toEqual(
      expect.arrayContaining([
        `Seal ${sealId} reads "revoked", but its latest log entry (entry ${document.log.index}, ${decode(served.log.entries[document.log.index] as Uint8Array).event}) says "${document.status}".`,
        `Seal ${otherSeal}: its status document names entry 8 as its latest, but its latest entry in the log is entry ${other.log.index}.`,
      ]),
    );
    expect(report.problems).toHaveLength(2);
  });

  it('skips and counts a seal whose newest entry is beyond the checkpoint', async () => {
    const sealId = SEALS[9] as string;
    served.statuses.set(sealId, { sealId, status: 'revoked', log: { index: 300, treeSize: null } });
    const report = await verify(await freshStateDir());
    expect(report).toMatchObject({ ok: true, unsignedStatuses: 1, checkedStatuses: SEALS.length - 1 });
  });

  it('names a seal the status API does not know', async () => {
    const sealId = SEALS[3] as string;
    served.bodies.set(`/api/v1/seals/${sealId}/status`, 'not json');
    const report = await verify(await freshStateDir());
    expect(report.problems).toEqual([expect.stringMatching(new RegExp(`^Seal ${sealId} is in the log \\(latest entry \\d+\\) but .* did not give its status document`))]);
  });
});

describe('usage and network errors', () => {
  it('throws LogUnreachableError when nothing answers, and LogVerifierUsageError for a bad address or key', async () => {
    const port = await unusedPort();
    await expect(verifyLog({ baseUrl: `http://127.0.0.1:${port}`, stateDir: await freshStateDir() })).rejects.toThrow(LogUnreachableError);
    await expect(verifyLog({ baseUrl: 'ftp://seal.example.org', stateDir: await freshStateDir() })).rejects.toThrow(LogVerifierUsageError);
    await expect(verifyLog({ baseUrl, stateDir: await freshStateDir(), key: 'not a key' })).rejects.toThrow(LogVerifierUsageError);
  });

  it('runs as a command: exit code 0 when verified, 1 on a problem, 2 when unreachable', async () => {
    served.log = buildLog(makeEntries(30), newSigner());
    const stateDir = await freshStateDir();
    const command = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/log-verify.ts', ...args], { cwd: process.cwd() }).then(
        ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
    const clean = await command(baseUrl, '--state', stateDir);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('Verified: no problems found.');
    const signer = newSigner();
    served.log = buildLog(makeEntries(30), signer);
    const rekeyed = await command(baseUrl, '--state', stateDir);
    expect(rekeyed.code).toBe(1);
    expect(rekeyed.stdout).toMatch(/^The log's key changed/m);
    const unreachable = await command(`http://127.0.0.1:${await unusedPort()}`, '--state', stateDir);
    expect(unreachable.code).toBe(2);
    expect((await command()).code).toBe(2);
  });
});
