import net from 'node:net';
import { expect, test } from '@playwright/test';
import { E2E_BASE_URL, E2E_DEMO_PASSWORD, submitSignIn } from './fixtures';
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

  test('[REVIEWER] suspends a seal through instance A; instance B serves `suspended` within one second', async ({ page }) => {
    test.setTimeout(180_000);
    // Instance A is the suite's server; B is a second `npm start` with the very same settings
    // (database, secrets, signing key, public origin), as a second instance behind a load balancer would be.
    const webServer = test.info().config.webServer;
    const env = Object.fromEntries(Object.entries(webServer?.env ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    expect(env.DATABASE_URL, 'instance B runs with the suite server’s settings').toBe(process.env.OPENSEAL_E2E_DATABASE_URL);
    const originB = `http://127.0.0.1:${await freePort()}`;
    let instanceB: ServerProcess | null = null;
    try {
      instanceB = startServerProcess({ ...env, PORT: originB.split(':').at(-1)! });
      await instanceB.waitForOutput('Press Ctrl+C to stop.');

      const byDomain = await fetch(`${E2E_BASE_URL}/api/v1/seals?domain=toysmart.example`);
      const sealId = ((await byDomain.json()) as { seals: Array<{ sealId: string }> }).seals.at(-1)!.sealId;
      // Both instances hold the seal as active in their caches (their backstop reload is minutes away).
      expect(await statusAt(originB, sealId)).toBe('active');
      expect(await statusAt(E2E_BASE_URL, sealId)).toBe('active');
      // Whichever instance answers, the links it hands out are on the one public origin.
      const fromB = (await (await fetch(`${originB}/api/v1/seals/${sealId}/status`)).json()) as { verifyUrl: string };
      expect(fromB.verifyUrl).toBe(`${env.OPENSEAL_PUBLIC_URL}/verify/${sealId}`);

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

      instanceB.child.kill('SIGTERM');
      expect(await instanceB.exited).toBe(0);
      instanceB = null;
    } finally {
      if (instanceB) {
        instanceB.child.kill('SIGKILL');
        await instanceB.exited;
      }
    }
  });
});
