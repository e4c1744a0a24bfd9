import type { ChildProcess } from 'node:child_process';
import os from 'node:os';

/**
 * `npm start` runs the server in a child process and starts a new one when it asks for it
 * (docs/adr/0001, amendment "recovering by itself"). The one reason to ask: the embedded database
 * PANICked on a full disk, cannot be reopened in the same process, and there is room again.
 */

/** EX_TEMPFAIL: the server's "start me again" (scripts/serve.ts). Anything else is passed through. */
export const RESTART_EXIT_CODE = 75;
/** A server that ran at least this long before asking for a restart is started again at once. */
export const SETTLED_AFTER_MS = 60_000;
/** The first delay before restarting a server that asked for it sooner; it doubles each time, up to the maximum. */
export const FIRST_RESTART_DELAY_MS = 1_000;
export const MAX_RESTART_DELAY_MS = 60_000;
/** How long a stop forwarded to the server may take before it is killed (the server's own limit is 20 s). */
export const STOP_DEADLINE_MS = 25_000;

export type ServerExit = {
  /** The exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** How long the server ran. */
  ranMs: number;
};

export type NextStep = { action: 'restart'; delayMs: number } | { action: 'exit'; code: number };

/**
 * What follows a server's exit. Only a server that asked for it (exit 75) is started again, and
 * never once a stop was asked for; every other end — a crash, a failed start, a clean stop — ends
 * `npm start` with the same status (a signal as 128 + its number, as a shell reports it), so a
 * server that cannot start is not started again and again. A server that asks for a restart
 * soon after its own start waits longer each time: a loop stays slow and visible in the log.
 */
export function nextStep(exit: ServerExit, { stopping, previousDelayMs }: { stopping: boolean; previousDelayMs: number }): NextStep {
  const code = exit.code ?? (exit.signal ? 128 + (os.constants.signals[exit.signal] ?? 0) : 1);
  if (stopping || exit.code !== RESTART_EXIT_CODE) return { action: 'exit', code };
  if (exit.ranMs >= SETTLED_AFTER_MS) return { action: 'restart', delayMs: 0 };
  return { action: 'restart', delayMs: Math.min(MAX_RESTART_DELAY_MS, previousDelayMs === 0 ? FIRST_RESTART_DELAY_MS : previousDelayMs * 2) };
}

export type SupervisorOptions = {
  /** Starts one server process; it is given an IPC channel, whose end tells it that `npm start` ended. */
  spawnServer(): ChildProcess;
  /** Called before each restart (the embedded folder's lock is taken again and handed over there). */
  beforeRestart?(): void;
  /** Called after each server's exit, before the next step (a handed-over lock that was never taken is cleared there). */
  afterExit?(): void;
  log?(message: string): void;
  stopDeadlineMs?: number;
};

export type Supervisor = {
  /** Resolves with the status `npm start` exits with. */
  exited: Promise<number>;
  /** Forwards a stop to the server and starts no new one; kills it if it has not stopped within the deadline. */
  stop(signal: NodeJS.Signals): void;
  /** The running server's pid, if one runs. */
  serverPid(): number | undefined;
};

export function superviseServer({ spawnServer, beforeRestart, afterExit, log = (message) => console.error(message), stopDeadlineMs = STOP_DEADLINE_MS }: SupervisorOptions): Supervisor {
  let stopping = false;
  let current: ChildProcess | null = null;
  let waiting: NodeJS.Timeout | null = null;
  let killTimer: NodeJS.Timeout | null = null;
  let previousDelayMs = 0;
  let resolveExited!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExited = resolve));

  const finish = (code: number) => {
    if (killTimer) clearTimeout(killTimer);
    resolveExited(code);
  };

  const start = () => {
    waiting = null;
    const startedAt = Date.now();
    let child: ChildProcess;
    try {
      child = spawnServer();
    } catch (error) {
      log(`[openseal] could not start the server process: ${(error as Error).message}`);
      afterExit?.();
      return finish(1);
    }
    current = child;
    let ended = false;
    const onEnd = (exit: ServerExit) => {
      if (ended) return;
      ended = true;
      current = null;
      afterExit?.();
      const step = nextStep(exit, { stopping, previousDelayMs });
      if (step.action === 'exit') return finish(step.code);
      previousDelayMs = step.delayMs;
      log(
        `[openseal] the server asked to be started again (exit ${RESTART_EXIT_CODE}); starting it${step.delayMs > 0 ? ` in ${Math.round(step.delayMs / 1000)} s` : ''}…`,
      );
      waiting = setTimeout(() => {
        if (stopping) return;
        try {
          beforeRestart?.();
        } catch (error) {
          // Another process took the data folder meanwhile (the lock's message says which).
          log(`\n${(error as Error).message}\n`);
          return finish(1);
        }
        start();
      }, step.delayMs);
    };
    child.on('error', (error) => {
      log(`[openseal] the server process failed: ${error.message}`);
      // No pid: it never started, and no 'exit' will follow. (A failed kill also lands here; that server still runs.)
      if (child.pid === undefined) onEnd({ code: 1, signal: null, ranMs: Date.now() - startedAt });
    });
    child.once('exit', (code, signal) => onEnd({ code, signal, ranMs: Date.now() - startedAt }));
  };

  start();

  return {
    exited,
    serverPid: () => current?.pid,
    stop(signal) {
      if (stopping) {
        // A second Ctrl+C or SIGTERM: pass it on too; the server decides what a repeat means.
        current?.kill(signal);
        return;
      }
      stopping = true;
      if (waiting) {
        // Between two servers: nothing runs, nothing to wait for; the last one stopped cleanly.
        clearTimeout(waiting);
        waiting = null;
        return finish(0);
      }
      if (!current) return;
      current.kill(signal);
      const child = current;
      killTimer = setTimeout(() => {
        log(`[openseal] the server did not stop within ${Math.round(stopDeadlineMs / 1000)} s; killing it`);
        child.kill('SIGKILL');
      }, stopDeadlineMs);
      killTimer.unref();
    },
  };
}
