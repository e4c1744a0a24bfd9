import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { logCosignatures } from '@/db/schema';
import { parseEnv } from '@/lib/env';
import { parseCosignerKey, verifiedCosignatures } from '@/lib/log/cosignature';
import { advanceLog, latestCheckpoint } from '@/lib/log/log-store';
import { verifyLog } from '@/lib/log/verifier';
import { createWitnessClient } from '@/lib/log/witnesses';
import { parseWitnessesSetting } from '@/lib/log/witness-settings';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { startTestWitness, type TestWitness } from '../helpers/test-witness';
import { startFastPathServer, type FastPathServer } from './public-status-fixtures';

/*
 * Witnesses (C2SP tlog-witness, ADR 0023 amendment): the log sends each new checkpoint with a
 * consistency proof, keeps the cosignature and serves it; a witness refuses a history the log
 * rewrote, and `log:verify --witness` then says nobody vouches for the tree.
 */

let database: TestDatabase;
let server: FastPathServer;
let witness: TestWitness;
let programId: string;
let reviewerId: string;
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-log-witness-test-'));
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewerId = (await seedUser(database.db, { role: 'reviewer' })).id;
  server = await startFastPathServer(database);
  witness = await startTestWitness(server.fastPath.service.logSigner.verifierKey);
});
afterAll(async () => {
  await witness?.close();
  await server?.close();
  await database?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

const logged: string[] = [];
const setting = () => parseWitnessesSetting(JSON.stringify([{ key: witness.key, url: `${witness.url}/` }]));
const client = () => createWitnessClient({ db: database.db, witnesses: setting(), now: () => new Date(), log: (line) => logged.push(line) });
const advance = async () => {
  while ((await advanceLog(database.db, server.fastPath.service.logSigner, new Date())).more);
};
const issueSeals = async (count: number) => {
  for (let n = 0; n < count; n++) await seedIssuedSeal(database.db, { programId, reviewerId, issuedAt: new Date(server.clock.now() - 60_000) });
};
const servedCheckpoint = async () => (await server.fetch('/log/checkpoint')).text();

describe(`witnesses cosign the log’s checkpoints (${testDriver})`, () => {
  it('sends each new checkpoint with a consistency proof, keeps the cosignature and serves it after the log’s signature', async () => {
    const witnesses = client();
    await issueSeals(5);
    await advance();
    await witnesses.cosignLatest();
    expect(witness.answers).toEqual([200]);
    const served = await servedCheckpoint();
    const [cosignature] = verifiedCosignatures(served, [parseCosignerKey(witness.key)]);
    expect(cosignature?.witness.name).toBe(witness.name);
    expect(served.endsWith(cosignature!.line)).toBe(true);

    // The next tree: sent from size 5 with its proof, which the witness checks.
    await issueSeals(3);
    await advance();
    await witnesses.cosignLatest();
    expect(witness.answers).toEqual([200, 200]);
    expect(witness.latest.get(server.fastPath.service.logSigner.origin)?.size).toBe(8);
    // Nothing new: not asked again.
    await witnesses.cosignLatest();
    expect(witness.answers).toEqual([200, 200]);

    const report = await verifyLog({ baseUrl: server.origin, stateDir, witnesses: [witness.key] });
    expect(report.problems).toEqual([]);
    expect(report.cosignedBy).toEqual([witness.name]);
  });

  it('learns what a witness cosigned last from its 409 after a restart', async () => {
    await issueSeals(2);
    await advance();
    await client().cosignLatest(); // a new process: it starts from `old 0`
    expect(witness.answers.slice(-2)).toEqual([409, 200]);
    expect((await database.db.select().from(logCosignatures)).map((row) => row.size)).toEqual([5, 8, 10]);
  });

  it('gets no cosignature for a rewritten history, and the verifier says no witness vouches for it', async () => {
    const triggers = ['seal_events:seal_events_append_only', 'log_hashes:log_hashes_append_only', 'log_checkpoints:log_checkpoints_append_only', 'log_cosignatures:log_cosignatures_append_only'];
    const exec = async (...statements: string[]) => {
      for (const statement of statements) await database.db.execute(sql.raw(statement));
    };
    await exec(...triggers.map((pair) => `alter table ${pair.split(':')[0]} disable trigger ${pair.split(':')[1]}`));
    await exec(
      `update seal_events set log_entry = convert_to(replace(convert_from(log_entry, 'UTF8'), '"status":"active"', '"status":"revoked"'), 'UTF8') where log_index = 1`,
      'delete from log_cosignatures',
      'delete from log_hashes',
      'delete from log_checkpoints',
    );
    await exec(...triggers.map((pair) => `alter table ${pair.split(':')[0]} enable trigger ${pair.split(':')[1]}`));
    await issueSeals(1);
    await advance();
    logged.length = 0;
    await client().cosignLatest();
    // From `old 0` it learns 10 (409), then the proof from 10 to 11 does not verify against what it saw (422).
    expect(witness.answers.slice(-2)).toEqual([409, 422]);
    expect(logged.join('\n')).toContain(`[log] witness ${witness.name} (${witness.url}) refused the checkpoint of 11 entries: HTTP 422`);
    expect(await database.db.select().from(logCosignatures)).toEqual([]);
    const served = await servedCheckpoint();
    expect(served).toBe((await latestCheckpoint(database.db))!.note);

    const report = await verifyLog({ baseUrl: server.origin, stateDir: fs.mkdtempSync(path.join(stateDir, 'fresh-')), witnesses: [witness.key] });
    expect(report.ok).toBe(false);
    expect(report.problems).toContain(`The checkpoint has no cosignature by the witness ${witness.name}: nobody independent vouches that this tree is the one everyone else sees.`);
  });

  it('says what is wrong with OPENSEAL_LOG_WITNESSES', () => {
    const problem = (value: string) => {
      try {
        parseEnv({ OPENSEAL_LOG_WITNESSES: value });
        return null;
      } catch (error) {
        return (error as { problems?: string[] }).problems?.[0] ?? String(error);
      }
    };
    expect(problem(JSON.stringify([{ key: witness.key, url: witness.url }]))).toBeNull();
    expect(problem('witness.example/w1')).toBe('OPENSEAL_LOG_WITNESSES: expected JSON: an array of {"key": "<witness verifier key>", "url": "https://witness.example/prefix"}');
    expect(problem(JSON.stringify([{ key: witness.key, url: 'ftp://witness.example' }]))).toBe('OPENSEAL_LOG_WITNESSES: expected "url": the witness’s http(s) submission prefix');
    expect(problem(JSON.stringify([{ key: server.fastPath.service.logSigner.verifierKey, url: witness.url }]))).toBe('OPENSEAL_LOG_WITNESSES: witness 1: The witness key is not an Ed25519 cosignature key (signature type 0x04).');
    expect(problem(JSON.stringify([{ key: witness.key, url: witness.url }, { key: witness.key, url: witness.url }]))).toBe(`OPENSEAL_LOG_WITNESSES: the witness ${witness.name} is listed twice`);
  });
});
