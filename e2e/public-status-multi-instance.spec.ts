import net from 'node:net';
import { expect, test } from '@playwright/test';
import { DEMO_ADMIN_EMAIL, E2E_BASE_URL, E2E_DEMO_PASSWORD, submitSignIn } from './fixtures';
import { startServerProcess, type ServerProcess } from './server-process';

/** A port free on loopback right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function statusAt(origin: string, sealId: string): Promise<string> {
  const response = await fetch(`${origin}/api/v1/seals/${sealId}/status`);
  return ((await response.json()) as { status: string }).status;
}

test.describe('two server processes on one PostgreSQL database', () => {
  test.skip(!process.env.OPENSEAL_E2E_DATABASE_URL, 'needs PostgreSQL: an embedded database belongs to one process, so there is no second instance to tell');
  test.describe.configure({ mode: 'serial' });

  let instanceB: ServerProcess | null = null;
  let originB = '';
  let publicUrl = '';

  // Instance A is the suite's server; B is a second `npm start` with the very same settings
  // (database, secrets, signing key, public origin), as a second instance behind a load balancer would be.
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const webServer = test.info().config.webServer;
    const env = Object.fromEntries(Object.entries(webServer?.env ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    expect(env.DATABASE_URL, 'instance B runs with the suite server’s settings').toBe(process.env.OPENSEAL_E2E_DATABASE_URL);
    publicUrl = env.OPENSEAL_PUBLIC_URL!;
    originB = `http://127.0.0.1:${await freePort()}`;
    instanceB = startServerProcess({ ...env, PORT: originB.split(':').at(-1)! });
    await instanceB.waitForOutput('Press Ctrl+C to stop.');
  });

  test.afterAll(async () => {
    if (!instanceB) return;
    instanceB.child.kill('SIGTERM');
    const code = await Promise.race([instanceB.exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 30_000))]);
    if (code === 'hung') {
      instanceB.child.kill('SIGKILL');
      await instanceB.exited;
    }
    expect(code, 'instance B stops cleanly on SIGTERM').toBe(0);
  });

  test('[REVIEWER] suspends a seal through instance A; instance B serves `suspended` within one second', async ({ page }) => {
    const byDomain = await fetch(`${E2E_BASE_URL}/api/v1/seals?domain=toysmart.example`);
    const sealId = ((await byDomain.json()) as { seals: Array<{ sealId: string }> }).seals.at(-1)!.sealId;
    // Both instances hold the seal as active in their caches (their backstop reload is minutes away).
    expect(await statusAt(originB, sealId)).toBe('active');
    expect(await statusAt(E2E_BASE_URL, sealId)).toBe('active');
    // Whichever instance answers, the links it hands out are on the one public origin.
    const fromB = (await (await fetch(`${originB}/api/v1/seals/${sealId}/status`)).json()) as { verifyUrl: string };
    expect(fromB.verifyUrl).toBe(`${publicUrl}/verify/${sealId}`);

    await submitSignIn(page, 'reviewer@openseal.example', E2E_DEMO_PASSWORD);
    await expect(page.getByTestId('signed-in-user')).toBeVisible();
    await page.goto(`/review/seals/${sealId}`);
    await page.getByLabel('Public reason').fill('A complaint about the sale of customer data is under investigation.');
    await page.getByLabel('What the holder must do to be reinstated').fill('Confirm in writing that no customer data is sold.');
    await page.getByRole('button', { name: 'Suspend the seal' }).click();
    await expect(page.getByTestId('seal-status')).toHaveText('Suspended');
    // The change is committed (A shows it): B must tell within a second, which only its LISTEN can do.
    await expect.poll(() => statusAt(originB, sealId), { timeout: 1_000, intervals: [25] }).toBe('suspended');
    expect(await statusAt(E2E_BASE_URL, sealId)).toBe('suspended');

    // Put the story back where the other specs expect it: Toysmart's seal active.
    await page.getByRole('button', { name: 'Reinstate the seal' }).click();
    await expect(page.getByTestId('seal-status')).toHaveText('Active');
    await expect.poll(() => statusAt(originB, sealId), { timeout: 1_000, intervals: [25] }).toBe('active');
  });

  test('[INTEGRATOR] a key allowed 6 calls a minute gets 6 in all, whichever instance answers each', async ({ page }) => {
    // The admin makes a relying party's key with its own limit.
    await submitSignIn(page, DEMO_ADMIN_EMAIL, E2E_DEMO_PASSWORD);
    await expect(page.getByTestId('signed-in-user')).toBeVisible();
    await page.goto('/review/api-keys');
    const form = page.getByRole('form', { name: 'Make a key' });
    await form.getByLabel('Name', { exact: true }).fill(`Two-instance marketplace ${Date.now()}`);
    await form.getByLabel(/Read public seal statuses/).check();
    await form.getByLabel('Calls a minute (optional)').fill('6');
    await form.getByRole('button', { name: 'Make key' }).click();
    const token = await page.getByTestId('api-key-token').getByTestId('one-time-secret').inputValue();
    const callAt = async (origin: string) => {
      const response = await fetch(`${origin}/api/v1/key`, { headers: { Authorization: `Bearer ${token}` } });
      return { status: response.status, remaining: response.headers.get('ratelimit-remaining'), reset: Number(response.headers.get('ratelimit-reset')) };
    };
    // A window is a clock minute: start one early enough that eight calls fit in it.
    const probe = await callAt(E2E_BASE_URL);
    expect(probe.status).toBe(200);
    if (probe.reset < 20) await new Promise((resolve) => setTimeout(resolve, (probe.reset + 1) * 1000));
    const answers = [];
    for (let n = 0; n < 8; n++) answers.push(await callAt(n % 2 === 0 ? E2E_BASE_URL : originB));
    const counted = probe.reset < 20 ? 0 : 1; // the probe's call, when it fell in this window
    expect(answers.map((answer) => answer.status)).toEqual([...Array(6 - counted).fill(200), ...Array(2 + counted).fill(429)]);
    expect(answers.map((answer) => answer.remaining)).toEqual([...Array.from({ length: 6 - counted }, (_, n) => String(5 - counted - n)), ...Array(2 + counted).fill('0')]);
  });
});
