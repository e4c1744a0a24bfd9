import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A production server started by a spec itself, for tests of the process's own life cycle.
 * `child` is `npm start`'s process, which runs the server in a process of its own (scripts/start.ts).
 */
export type ServerProcess = {
  child: ChildProcess;
  /** The server process under `npm start`, which holds the embedded data folder's lock; null while none holds it. */
  serverPid(): number | null;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
};

export function startServerProcess(env: Record<string, string>): ServerProcess {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process, and a signal
  // sent to the CLI (SIGKILL above all) would not reach the server holding the lock.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'start.ts')], {
    // Embedded unless told otherwise, with the embedded default origin (http://localhost:{PORT}).
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', HOST: '127.0.0.1', DATABASE_URL: '', OPENSEAL_PUBLIC_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  return {
    child,
    serverPid() {
      if (!env.OPENSEAL_DATA_DIR) throw new Error('serverPid() reads the embedded data folder\'s lock: give OPENSEAL_DATA_DIR');
      try {
        const { pid } = JSON.parse(fs.readFileSync(path.join(env.OPENSEAL_DATA_DIR, 'openseal.lock'), 'utf8')) as { pid: number };
        return pid === child.pid ? null : pid; // npm start's own record: locked before the build, not yet handed over
      } catch {
        return null;
      }
    },
    output: () => output,
    exited,
    waitForOutput(text, timeoutMs = 120_000) {
      const matches = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
      return new Promise<void>((resolve, reject) => {
        if (matches()) return resolve();
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`Timed out waiting for ${String(text)} in the server output:\n${output}`));
        }, timeoutMs);
        const check = () => {
          if (!matches()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        void exited.then(() => {
          if (matches()) return;
          clearTimeout(timer);
          listeners.delete(check);
          reject(new Error(`The server exited before printing ${String(text)}:\n${output}`));
        });
      });
    },
  };
}

/** Whether a process with this pid still exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
