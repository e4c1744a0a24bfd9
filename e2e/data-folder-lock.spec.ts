import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_PORT, e2eDataDir, signUpApplicant } from './fixtures';

type Outcome = { code: number | null; signal: NodeJS.Signals | null; output: string; timedOut: boolean };

/** Starts `npm start`'s script on the given data folder and waits for it to exit by itself. */
function runSecondServer(dataDir: string, port: number, waitMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, OPENSEAL_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: '', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that if it wrongly keeps running, it and its children can be stopped together.
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, waitMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, timedOut });
    });
  });
}

test.skip(!!process.env.OPENSEAL_E2E_DATABASE_URL, 'the data-folder lock exists only on the embedded database');

test('[OPERATOR] a second server on the same data folder refuses to start; the first keeps serving', async ({ page, request }) => {
  test.setTimeout(60_000);
  const dataDir = e2eDataDir();
  const lockPath = path.join(dataDir, 'openseal.lock');
  const owner = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as { pid: number };

  const second = await runSecondServer(dataDir, E2E_PORT + 1, 30_000);

  expect(second.timedOut, `the second server did not exit within 30 s; its output:\n${second.output}`).toBe(false);
  expect(second.code, second.output).not.toBe(0);
  expect(second.code, second.output).not.toBeNull();
  expect(second.output).toContain(`is in use by process ${owner.pid}`);
  // The refused process must leave the holder's lock alone.
  expect(JSON.parse(fs.readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: owner.pid });

  const health = await request.get('/healthz');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', database: 'embedded' });

  // Still writable and still serving signed-in pages.
  const user = await signUpApplicant(page);
  await page.goto('/portal');
  await expect(page.getByRole('heading', { name: 'Portal' })).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toHaveText(`Signed in as ${user.name} (Applicant)`);
});
