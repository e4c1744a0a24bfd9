import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

// Everything that goes into the production build. Tests, scripts and docs do not.
const BUILD_INPUTS = ['app', 'components', 'lib', 'db', 'public', 'proxy.ts', 'next.config.mjs', 'postcss.config.mjs', 'tsconfig.json', 'package.json', 'package-lock.json'];

function newestMtime(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export function buildIsStale(dir: string): boolean {
  const buildId = path.join(dir, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtime(path.join(dir, input)) > builtAt);
}

export class BuildFailedError extends Error {
  constructor() {
    super('OpenSeal could not start: the build failed; see the messages above.');
    this.name = 'BuildFailedError';
  }
}

/** `npm start` is the only command a newcomer runs, so it builds when there is no fresh build. */
export function ensureBuild(dir: string): void {
  if (!buildIsStale(dir)) return;
  console.log('[openseal] building the application (first start, or the sources changed)…');
  const result = spawnSync(process.execPath, [path.join(dir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new BuildFailedError();
}
