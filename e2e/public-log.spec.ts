import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { E2E_BASE_URL, E2E_DEMO_PASSWORD, submitSignIn } from './fixtures';

const run = promisify(execFile);

/** `npm run log:verify -- <server> --state <dir>` as an outsider runs it; its exit code and output. */
async function verifyLog(stateDir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/log-verify.ts', E2E_BASE_URL, '--state', stateDir], { timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

test('[PUBLIC] a suspension shows up in the public log within seconds, and the independent verifier accepts the live log', async ({ browser, page, request }) => {
  test.setTimeout(180_000);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-e2e-log-verify-'));
  try {
    // An outsider first checks the log as it stands, and keeps what it saw.
    const first = await verifyLog(stateDir);
    expect(first.output).toContain('Verified: no problems found.');
    expect(first.code, first.output).toBe(0);

    // A reviewer suspends Lumen Labs' seal (and reinstates it at the end: later specs expect it active).
    const reviewer = await browser.newContext();
    const staff = await reviewer.newPage();
    await submitSignIn(staff, 'reviewer@openseal.example', E2E_DEMO_PASSWORD);
    await expect(staff.getByTestId('signed-in-user')).toBeVisible();
    const found = await (await request.get('/api/v1/seals?domain=lumen-labs.example')).json();
    const sealId: string = found.seals[0].sealId;
    await staff.goto(`/review/seals/${sealId}`);
    await staff.getByLabel('Public reason').fill('Checked by the public log test.');
    await staff.getByLabel('What the holder must do to be reinstated').fill('Nothing: a test.');
    await staff.getByRole('button', { name: 'Suspend the seal' }).click();
    await expect(staff.getByTestId('seal-status')).toHaveText('Suspended');

    // Its status document names its newest entry, and a signed tree that includes it within seconds.
    let log: { index: number; treeSize: number | null } = { index: -1, treeSize: null };
    await expect
      .poll(
        async () => {
          const document = await (await request.get(`/api/v1/seals/${sealId}/status`)).json();
          log = document.log;
          return document.status === 'suspended' && log.treeSize !== null;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const entries = await request.get(`/log/tile/entries/${String(Math.floor(log.index / 256)).padStart(3, '0')}.p/${(log.index % 256) + 1}`);
    const bundle = Buffer.from(await entries.body());
    // The last entry of the bundle is the suspension (each entry: a 2-byte length, then the JSON).
    let offset = 0;
    let last = '';
    while (offset < bundle.length) {
      const length = bundle.readUInt16BE(offset);
      last = bundle.subarray(offset + 2, offset + 2 + length).toString();
      offset += 2 + length;
    }
    expect(JSON.parse(last)).toMatchObject({ sealId, event: 'suspended', status: 'suspended', reason: 'Checked by the public log test.' });

    // The verification page says where its history is in the log, with the proof.
    await page.goto(`/verify/${sealId}`);
    const line = page.getByTestId('public-log-line');
    await expect(line).toContainText(`This history is in the public log at entries`);
    await expect(line).toContainText(String(log.index));
    const proofLink = line.getByRole('link', { name: `Proof that entry ${log.index.toLocaleString('en')} is in the log` });
    const proof = await (await request.get((await proofLink.getAttribute('href'))!)).json();
    expect(proof).toMatchObject({ index: log.index, size: expect.any(Number) });
    expect(proof.proof.length).toBeGreaterThan(0);

    // The verifier again: the log grew consistently with what it saw, and the statuses agree.
    const second = await verifyLog(stateDir);
    expect(second.output).toContain('Verified: no problems found.');
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/since last run: +\d+ entries verified before/);

    await staff.getByRole('button', { name: 'Reinstate the seal' }).click();
    await expect(staff.getByTestId('seal-status')).toHaveText('Active');
    await reviewer.close();
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
});
