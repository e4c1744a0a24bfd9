import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { isRunning, startServerProcess, type ServerProcess } from './server-process';

/** Failing sign-ins through Auth.js's REST flow (CSRF token, then the credentials callback). */
async function credentialsAttempts(origin: string, email: string) {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
  return {
    next: () =>
      fetch(`${origin}/api/auth/callback/credentials`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ email, password: 'not-the-password-at-all', csrfToken }),
      }),
  };
}

/** Ends whatever a failed or timed-out test left running: npm start and the server it runs. */
async function stopLeftovers(...servers: Array<ServerProcess | null>) {
  for (const server of servers) {
    if (!server) continue;
    const serverPid = server.serverPid();
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (serverPid && isRunning(serverPid)) process.kill(serverPid, 'SIGKILL');
  }
}

// These start their own server on their own data folder, so they do not touch the suite's server.
test.describe('server life cycle on the embedded database', () => {
  test.skip(!!process.env.OPENSEAL_E2E_DATABASE_URL, 'the data folder and its demo seeding exist only in embedded mode');

  test('[OPERATOR] first start seeds and prints demo logins; SIGTERM stops cleanly; the next start keeps the data and prints none', async ({ page }) => {
    test.setTimeout(300_000);
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-lifecycle-')), 'nested', 'data');
    const port = 3300 + Math.floor(Math.random() * 500);
    const env = { OPENSEAL_DATA_DIR: dataDir, PORT: String(port) };
    let first: ServerProcess | null = null;
    let second: ServerProcess | null = null;
    try {
      first = startServerProcess(env);
      await first.waitForOutput('Press Ctrl+C to stop.', 180_000);
      expect(first.output()).toContain(`OpenSeal is running at http://127.0.0.1:${port}`);
      expect(first.output()).toContain(`Data folder: ${dataDir}`);
      const login = /admin\s+admin@openseal\.example\s+(\S+)/.exec(first.output());
      expect(login, 'the first start prints the admin login').not.toBeNull();
      expect(fs.existsSync(path.join(dataDir, 'openseal.lock'))).toBe(true);

      // A request in flight when the stop begins is still answered. The sign-in throttle gives a
      // request that is certainly in flight: after four failures the fifth is held for 2 s.
      const origin = `http://127.0.0.1:${port}`;
      const attempts = await credentialsAttempts(origin, 'member@toysmart.example');
      for (let i = 0; i < 4; i++) expect((await attempts.next()).status).toBe(302);
      const inFlight = attempts.next();
      await new Promise((resolve) => setTimeout(resolve, 700));
      // Sent to npm start's process only, as `kill` or a container runtime does: it passes it on.
      const serverPid = first.serverPid()!;
      first.child.kill('SIGTERM');
      expect((await inFlight).status).toBe(302);
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain('stopped cleanly');
      expect(isRunning(serverPid), 'the server process ended with it').toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'openseal.lock')), 'the lock is released').toBe(false);

      second = startServerProcess(env);
      await second.waitForOutput('Press Ctrl+C to stop.', 180_000);
      expect(second.output()).not.toContain('Demo logins');
      await page.goto(`http://127.0.0.1:${port}/login`);
      await page.getByLabel('Email address').fill('admin@openseal.example');
      await page.getByLabel('Password').fill(login![1]!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('signed-in-user')).toContainText('(Administrator)');
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    } finally {
      await stopLeftovers(first, second);
      fs.rmSync(path.dirname(path.dirname(dataDir)), { recursive: true, force: true });
    }
  });

  test('[OPERATOR] a lock left by a server process that died is taken over', async () => {
    test.setTimeout(240_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-stale-lock-'));
    const port = 3800 + Math.floor(Math.random() * 150);
    let crashed: ServerProcess | null = null;
    let next: ServerProcess | null = null;
    try {
      // The server (the lock's holder) killed with SIGKILL: no chance to release its lock. npm start
      // does not start it again (only exit 75 asks for that) and ends with the same status.
      crashed = startServerProcess({ OPENSEAL_DATA_DIR: dataDir, PORT: String(port) });
      await crashed.waitForOutput('Press Ctrl+C to stop.', 180_000);
      const serverPid = crashed.serverPid();
      expect(serverPid, 'the lock names the server process, not npm start').not.toBeNull();
      process.kill(serverPid!, 'SIGKILL');
      expect(await crashed.exited).toBe(137);
      expect(fs.existsSync(path.join(dataDir, 'openseal.lock'))).toBe(true);

      next = startServerProcess({ OPENSEAL_DATA_DIR: dataDir, PORT: String(port) });
      await next.waitForOutput('Press Ctrl+C to stop.', 180_000);
      expect(next.output()).toContain(`took over the lock on ${dataDir} left by process ${serverPid}, which is no longer running`);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'embedded' });
      next.child.kill('SIGTERM');
      expect(await next.exited).toBe(0);
    } finally {
      await stopLeftovers(crashed, next);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('[OPERATOR] when npm start itself is killed, its server stops too and frees the folder', async () => {
    test.setTimeout(240_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-orphan-'));
    const port = 3800 + Math.floor(Math.random() * 150);
    let killed: ServerProcess | null = null;
    let serverPid: number | null = null;
    try {
      killed = startServerProcess({ OPENSEAL_DATA_DIR: dataDir, PORT: String(port) });
      await killed.waitForOutput('Press Ctrl+C to stop.', 180_000);
      serverPid = killed.serverPid()!;
      killed.child.kill('SIGKILL');
      await killed.exited;
      // No server left running on the folder with nobody to stop or restart it.
      await expect.poll(() => isRunning(serverPid!), { timeout: 25_000 }).toBe(false);
      expect(killed.output()).toContain('npm start, which runs this server, ended');
      expect(fs.existsSync(path.join(dataDir, 'openseal.lock')), 'the server released the lock as it stopped').toBe(false);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      await stopLeftovers(killed);
      if (serverPid && isRunning(serverPid)) process.kill(serverPid, 'SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

test('[OPERATOR] a bad setting stops the start with a message naming the variable', async () => {
  const bad = startServerProcess({ OPENSEAL_DATA_DIR: os.tmpdir(), PORT: 'eighty' });
  expect(await bad.exited).not.toBe(0);
  expect(bad.output()).toContain('PORT: expected a port number');
});
