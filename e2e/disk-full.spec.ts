import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { fillDisk, mountSmallDisk } from '../tests/helpers/small-disk';
import { isRunning, startServerProcess, type ServerProcess } from './server-process';

const STORAGE_FULL_MESSAGE = "The server's storage is full; nothing was saved. Try again later.";

/** The hidden fields React renders into a form whose action is a server action. */
function actionFields(html: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const input of html.match(/<input[^>]*>/g) ?? []) {
    const name = /name="(\$ACTION[^"]*)"/.exec(input)?.[1];
    if (name) fields.push([name, (/value="([^"]*)"/.exec(input)?.[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&')]);
  }
  return fields;
}

/** Files a complaint through the public form as a browser without JavaScript would; returns the page's text. */
async function fileComplaint(origin: string, evidenceMb: number): Promise<{ status: number; text: string }> {
  const hidden = actionFields(await (await fetch(`${origin}/complaints/new`, { signal: AbortSignal.timeout(10_000) })).text());
  const form = new FormData();
  for (const [name, value] of hidden) form.append(name, value);
  for (const [name, value] of Object.entries({ domain: 'shop.example', category: 'data_sale', contactedCompany: 'no', complainantName: 'Dana Disk' })) form.append(name, value);
  form.append('description', 'The shop sold its customer list to a data broker, against its privacy promise.');
  form.append('complainantEmail', `disk-${crypto.randomBytes(4).toString('hex')}@example.test`);
  // Incompressible text, so the database really has to store it; at most 5 files (EVIDENCE_LIMITS).
  for (let index = 0; index < evidenceMb; index++) form.append('evidence', new Blob([crypto.randomBytes(768 * 1024).toString('base64')], { type: 'text/plain' }), `mail-${index}.txt`);
  // A new address each time (OPENSEAL_TRUST_PROXY): the per-address limit is not what is tested.
  const address = `198.51.100.${crypto.randomInt(1, 254)}`;
  const response = await fetch(`${origin}/complaints/new`, { method: 'POST', body: form, headers: { 'X-Forwarded-For': address }, signal: AbortSignal.timeout(30_000) });
  return { status: response.status, text: await response.text() };
}

async function timed(url: string): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const body = await response.text();
  return { status: response.status, ms: performance.now() - started, body };
}

test.describe('the embedded database on a full disk', () => {
  test.skip(!!process.env.OPENSEAL_E2E_DATABASE_URL, 'the embedded database only');

  test('[OPERATOR] a full disk gives 503 with the reason, the badge from memory, writes refused in words; room again brings the same npm start back by itself; SIGTERM stops it', async () => {
    test.setTimeout(360_000);
    const disk = mountSmallDisk(150);
    test.skip('skipped' in disk, 'skipped' in disk ? disk.skipped : '');
    if ('skipped' in disk) return;
    const dataDir = path.join(disk.dir, 'data');
    const filler = path.join(disk.dir, 'filler');
    const port = 3300 + Math.floor(Math.random() * 500);
    const origin = `http://127.0.0.1:${port}`;
    const env = { OPENSEAL_DATA_DIR: dataDir, PORT: String(port), OPENSEAL_TRUST_PROXY: 'true' };
    let server: ServerProcess | null = null;
    try {
      server = startServerProcess(env);
      await server.waitForOutput('Press Ctrl+C to stop.', 180_000);
      const firstServerPid = server.serverPid();
      expect(firstServerPid, 'the server runs in a process of its own, which holds the lock').not.toBeNull();
      const { seals } = (await (await fetch(`${origin}/api/v1/seals?domain=toysmart.example`)).json()) as { seals: Array<{ sealId: string }> };
      const sealId = seals[0]!.sealId;
      expect((await timed(`${origin}/api/v1/seals/${sealId}/status`)).status).toBe(200);

      // Fill the disk but for 24 MB, then write until the database runs into it: the rows take
      // some of the room, and the next write-ahead log segment (16 MB) cannot be created, which
      // stops the embedded database (a PANIC) — the case only a new server process recovers from.
      // Which comes first depends on where the log stands in its current segment (segments are
      // written in full when made, so only a new one takes room): the fill starts just after the
      // log moved to a new segment, whose room then outlasts the disk's (about 16 MB of log against
      // 24 MB of disk at 5 MB of each a filing), so the crossing comes when the disk is short.
      const walDir = path.join(dataDir, 'pglite', 'pg_wal');
      const segments = () => fs.readdirSync(walDir).filter((name) => /^[0-9A-F]{24}$/.test(name)).length;
      const segmentsBefore = segments();
      for (let attempt = 0; attempt < 8 && segments() === segmentsBefore; attempt++) await fileComplaint(origin, 5);
      expect(segments(), 'the write-ahead log moved to a new segment').toBeGreaterThan(segmentsBefore);
      fillDisk(filler);
      fs.truncateSync(filler, Math.max(0, fs.statSync(filler).size - 24 * 1024 * 1024));
      let refusal = '';
      let reason = '';
      for (let attempt = 0; attempt < 15 && reason !== 'storage_full_restart_needed'; attempt++) {
        const { text } = await fileComplaint(origin, 5);
        if (text.includes(STORAGE_FULL_MESSAGE.replace("'", '&#x27;')) || text.includes(STORAGE_FULL_MESSAGE)) refusal = STORAGE_FULL_MESSAGE;
        const health = await timed(`${origin}/healthz`);
        reason = health.status === 503 ? (JSON.parse(health.body) as { reason: string }).reason : '';
      }
      expect(refusal, 'a filing on the full disk is refused in words').toBe(STORAGE_FULL_MESSAGE);
      expect(reason, 'the database stopped writing its log').toBe('storage_full_restart_needed');
      for (const url of [`${origin}/embed/v1/seal.js`, `${origin}/api/v1/seals/${sealId}/status`, `${origin}/api/v1/seals/${sealId}/badge.svg`]) {
        const answer = await timed(url);
        expect(answer.status, url).toBe(200);
        expect(answer.ms, url).toBeLessThan(2_000);
      }

      // Room again. Nobody restarts anything: npm start sees its server exit 75 and starts a new
      // one, which reopens the database (replaying its log) on the same port.
      fs.rmSync(filler);
      const running = server;
      await expect
        .poll(async () => (running.child.exitCode !== null ? `npm start exited ${running.child.exitCode}` : String((await timed(`${origin}/healthz`).catch(() => ({ status: 0 }))).status)), {
          timeout: 120_000,
          intervals: [1_000],
        })
        .toBe('200');
      expect(server.output()).toContain('the server asked to be started again (exit 75)');
      expect(server.serverPid(), 'a new server process holds the folder').not.toBe(firstServerPid);
      expect(isRunning(firstServerPid!), 'the stopped server is gone').toBe(false);
      expect((await timed(`${origin}/api/v1/seals/${sealId}/status`)).status).toBe(200);
      const filed = await fileComplaint(origin, 1);
      expect(filed.text, 'writes work again').toContain('Your complaint was received');

      const serverPid = server.serverPid()!;
      server.child.kill('SIGTERM');
      expect(await Promise.race([server.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 25_000))])).toBe(0);
      expect(isRunning(serverPid), 'no server left behind').toBe(false);
    } finally {
      if (server && server.child.exitCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      disk.unmount();
    }
  });

  test('[OPERATOR] SIGTERM stops the server while its disk is full', async () => {
    test.setTimeout(240_000);
    const disk = mountSmallDisk(150);
    test.skip('skipped' in disk, 'skipped' in disk ? disk.skipped : '');
    if ('skipped' in disk) return;
    const port = 3300 + Math.floor(Math.random() * 500);
    const origin = `http://127.0.0.1:${port}`;
    let server: ServerProcess | null = null;
    try {
      server = startServerProcess({ OPENSEAL_DATA_DIR: path.join(disk.dir, 'data'), PORT: String(port), OPENSEAL_TRUST_PROXY: 'true' });
      await server.waitForOutput('Press Ctrl+C to stop.', 180_000);
      fillDisk(path.join(disk.dir, 'filler'));
      for (let attempt = 0; attempt < 6; attempt++) await fileComplaint(origin, 5);
      expect((await timed(`${origin}/healthz`)).status).toBe(503);
      // To npm start's process only (a `kill`, a container runtime): it passes the signal on.
      const serverPid = server.serverPid()!;
      server.child.kill('SIGTERM');
      expect(await Promise.race([server.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 25_000))])).not.toBe('still running');
      expect(server.output()).toContain('SIGTERM received');
      expect(isRunning(serverPid), 'no server left behind').toBe(false);
      expect(server.output()).not.toContain('the server asked to be started again');
    } finally {
      if (server && server.child.exitCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      disk.unmount();
    }
  });
});
