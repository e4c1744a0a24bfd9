import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_RESTART_DELAY_MS, MAX_RESTART_DELAY_MS, RESTART_EXIT_CODE, SETTLED_AFTER_MS, nextStep, superviseServer } from '@/lib/server/supervisor';

describe("npm start's restart rule", () => {
  const running = { stopping: false, previousDelayMs: 0 };

  it('starts a server again only when it exits 75, at once if it had been running a while', () => {
    expect(nextStep({ code: RESTART_EXIT_CODE, signal: null, ranMs: SETTLED_AFTER_MS }, running)).toEqual({ action: 'restart', delayMs: 0 });
    expect(nextStep({ code: RESTART_EXIT_CODE, signal: null, ranMs: 3_600_000 }, { stopping: false, previousDelayMs: 8_000 })).toEqual({ action: 'restart', delayMs: 0 });
  });

  it('passes every other end through as the exit status, without starting it again', () => {
    expect(nextStep({ code: 0, signal: null, ranMs: 5_000 }, running)).toEqual({ action: 'exit', code: 0 });
    expect(nextStep({ code: 1, signal: null, ranMs: 200 }, running)).toEqual({ action: 'exit', code: 1 });
    expect(nextStep({ code: 2, signal: null, ranMs: 3_600_000 }, running)).toEqual({ action: 'exit', code: 2 });
    // Killed (the kernel's OOM killer, say): reported as a shell would, 128 + the signal's number.
    expect(nextStep({ code: null, signal: 'SIGKILL', ranMs: 3_600_000 }, running)).toEqual({ action: 'exit', code: 137 });
    expect(nextStep({ code: null, signal: 'SIGTERM', ranMs: 1_000 }, running)).toEqual({ action: 'exit', code: 143 });
  });

  it('does not start a new server once a stop was asked for, even if the old one asked to be restarted', () => {
    expect(nextStep({ code: RESTART_EXIT_CODE, signal: null, ranMs: 3_600_000 }, { stopping: true, previousDelayMs: 0 })).toEqual({ action: 'exit', code: RESTART_EXIT_CODE });
  });

  it('waits longer each time a server asks for a restart soon after its own start, up to a minute', () => {
    const delays: number[] = [];
    let previousDelayMs = 0;
    for (let restart = 0; restart < 9; restart++) {
      const step = nextStep({ code: RESTART_EXIT_CODE, signal: null, ranMs: 2_000 }, { stopping: false, previousDelayMs });
      if (step.action !== 'restart') throw new Error(`expected a restart, got ${JSON.stringify(step)}`);
      delays.push(step.delayMs);
      previousDelayMs = step.delayMs;
    }
    expect(FIRST_RESTART_DELAY_MS).toBe(1_000);
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(MAX_RESTART_DELAY_MS).toBe(60_000);
  });
});

/**
 * The supervisor with real child processes: small node scripts standing in for the server, each
 * told by a counter file which start it is.
 */
describe('npm start supervising real server processes', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-supervisor-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  let scripts = 0;
  /** A stand-in server: `behaviours[n]` is what its n-th start does. */
  function fakeServer(behaviours: string[]) {
    const counter = path.join(dir, `starts-${++scripts}`);
    fs.writeFileSync(counter, '0');
    const script = `
      const fs = require('node:fs');
      const start = Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8'));
      const behaviours = ${JSON.stringify(behaviours)};
      const behaviour = behaviours[Math.min(start, behaviours.length - 1)];
      if (behaviour === 'serve') process.on('SIGTERM', () => process.exit(0));
      if (behaviour === 'ignore SIGTERM') process.on('SIGTERM', () => {});
      // Counted once its signal handlers are in place.
      fs.writeFileSync(${JSON.stringify(counter)}, String(start + 1));
      if (behaviour.startsWith('exit ')) process.exit(Number(behaviour.slice(5)));
      setInterval(() => {}, 1000);
    `;
    return {
      starts: () => Number(fs.readFileSync(counter, 'utf8')),
      spawnServer: () => spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
    };
  }

  const quiet = () => {};

  it('starts a new server when one exits 75, and a stop then reaches the new one', async () => {
    const server = fakeServer(['exit 75', 'serve']);
    const events: string[] = [];
    const supervisor = superviseServer({
      spawnServer: server.spawnServer,
      afterExit: () => events.push('exited'),
      beforeRestart: () => events.push('restarting'),
      log: quiet,
    });
    await expect.poll(() => server.starts(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => supervisor.serverPid(), { timeout: 10_000 }).toEqual(expect.any(Number));
    const pid = supervisor.serverPid()!;
    supervisor.stop('SIGTERM');
    expect(await supervisor.exited).toBe(0);
    expect(events).toEqual(['exited', 'restarting', 'exited']);
    expect(() => process.kill(pid, 0)).toThrow(); // no server left behind
  });

  it('does not start a server again that failed any other way, and exits with its status', async () => {
    const server = fakeServer(['exit 1']);
    const supervisor = superviseServer({ spawnServer: server.spawnServer, log: quiet });
    expect(await supervisor.exited).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // longer than the first restart delay
    expect(server.starts()).toBe(1);
  });

  it('starts nothing new when stopped while waiting to restart, and exits 0', async () => {
    const server = fakeServer(['exit 75', 'serve']);
    const messages: string[] = [];
    const supervisor = superviseServer({ spawnServer: server.spawnServer, log: (message) => messages.push(message) });
    // The server asked for a restart within a second of starting: the supervisor waits 1 s first.
    await expect.poll(() => messages.join('\n'), { timeout: 10_000 }).toContain('starting it in 1 s');
    supervisor.stop('SIGTERM');
    expect(await supervisor.exited).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(server.starts()).toBe(1);
  });

  it('ends when the folder was taken before the new server could have it', async () => {
    const server = fakeServer(['exit 75', 'serve']);
    const messages: string[] = [];
    const supervisor = superviseServer({
      spawnServer: server.spawnServer,
      beforeRestart: () => {
        throw new Error('The data folder is in use by process 4242.');
      },
      log: (message) => messages.push(message),
    });
    expect(await supervisor.exited).toBe(1);
    expect(server.starts()).toBe(1);
    expect(messages.join('\n')).toContain('The data folder is in use by process 4242.');
  });

  it('ends with status 1 when the server process cannot be started at all', async () => {
    const messages: string[] = [];
    const supervisor = superviseServer({ spawnServer: () => spawn(path.join(dir, 'no-such-node'), [], { stdio: 'ignore' }), log: (message) => messages.push(message) });
    expect(await supervisor.exited).toBe(1);
    expect(messages.join('\n')).toContain('the server process failed: spawn');
  });

  it('kills a server that does not stop within the deadline', async () => {
    const server = fakeServer(['ignore SIGTERM']);
    const messages: string[] = [];
    const supervisor = superviseServer({ spawnServer: server.spawnServer, log: (message) => messages.push(message), stopDeadlineMs: 1_000 });
    await expect.poll(() => server.starts(), { timeout: 10_000 }).toBe(1);
    supervisor.stop('SIGTERM');
    expect(await supervisor.exited).toBe(137);
    expect(messages.join('\n')).toContain('did not stop within 1 s; killing it');
  });
});
