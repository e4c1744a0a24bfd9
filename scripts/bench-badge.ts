/**
 * npm run bench:badge — how fast the public hot path answers, against a bare node:http server.
 *
 * Starts the production server (scripts/start.ts: builds when stale) on a fresh temporary data
 * folder with the demo data, and a bare node:http server (this file with --bare-server, in its own
 * process) that returns the same status JSON from memory. Loads each with autocannon, same
 * connections and duration, and prints requests/s and p99 for: status JSON, signed status, SVG,
 * seal.js (all on the fast path), the bare server, and the Next.js route handler doing the same
 * lookup — reached by starting the server again with OPENSEAL_FAST_PATH=false, which leaves the
 * URL to Next.js. Everything runs on this machine, so the load generator shares its cores.
 *
 * BENCH_CONNECTIONS (50), BENCH_DURATION (10 s), BENCH_WARMUP (2 s) change the load.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { startServerProcess, type ServerProcess } from '../e2e/server-process';
import { intSetting } from './bench-settings';
import { openRuntime } from '@/lib/runtime';
import { parseEnv } from '@/lib/env';
import { seals, sealDomains } from '@/db/schema';

type LoadResult = { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number; timeouts: number };
type LoadOptions = { url: string; connections: number; duration: number; headers?: Record<string, string>; method?: 'GET' | 'POST'; body?: string };
type Row = { target: string; result: LoadResult };

/** The bare server: the same JSON and headers from memory, nothing else. */
function runBareServer() {
  const body = Buffer.from(process.env.BENCH_BARE_BODY ?? '{}');
  const headers = JSON.parse(process.env.BENCH_BARE_HEADERS ?? '{}') as Record<string, string>;
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { ...headers, 'Content-Length': body.length });
    response.end(body);
  });
  server.listen(0, '127.0.0.1', () => console.log(`bare server listening on ${(server.address() as AddressInfo).port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

async function load(options: LoadOptions): Promise<LoadResult> {
  // No type package: the few fields read here are typed above.
  const { default: autocannon } = (await import('autocannon' as string)) as { default: (options: LoadOptions) => Promise<LoadResult> };
  return autocannon(options);
}

async function startBareServer(body: string, headers: Record<string, string>): Promise<{ origin: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'bench-badge.ts'), '--bare-server'], {
    env: { ...process.env, BENCH_BARE_BODY: body, BENCH_BARE_HEADERS: JSON.stringify(headers) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening on (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.on('exit', () => resolve()), child.kill('SIGTERM')))),
  };
}

async function startServer(dataDir: string, port: number, extra: Record<string, string> = {}): Promise<ServerProcess> {
  // The address it is loaded at is its public origin, as an operator would configure it.
  const server = startServerProcess({ OPENSEAL_DATA_DIR: dataDir, PORT: String(port), OPENSEAL_PUBLIC_URL: `http://127.0.0.1:${port}`, ...extra });
  await server.waitForOutput('Press Ctrl+C to stop.', 900_000); // a stale build is rebuilt first
  return server;
}

async function stopServer(server: ServerProcess) {
  server.child.kill('SIGTERM');
  await server.exited;
}

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function measure(rows: Row[], target: string, url: string, settings: { connections: number; duration: number; warmup: number }, headers: Record<string, string> = {}, post?: string) {
  const request = post === undefined ? {} : { method: 'POST' as const, body: post };
  const check = await fetch(url, { headers, ...request });
  if (check.status !== 200) throw new Error(`${target}: ${url} answered ${check.status}, not 200: ${await check.text()}`);
  process.stdout.write(`  ${target} … `);
  await load({ url, connections: settings.connections, duration: settings.warmup, headers, ...request });
  const result = await load({ url, connections: settings.connections, duration: settings.duration, headers, ...request });
  console.log(`${Math.round(result.requests.average)} req/s`);
  rows.push({ target, result });
}

function printTable(rows: Row[], settings: { connections: number; duration: number }) {
  const bare = rows.find((row) => row.target.startsWith('bare'))!.result.requests.average;
  const lines = [
    `autocannon: ${settings.connections} connections × ${settings.duration} s per target; Node ${process.version}, ${os.cpus().length} cores (shared by the servers and the load generator)`,
    '',
    '| target | req/s | p99 ms | vs bare | non-2xx / errors |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(({ target, result }) =>
      `| ${target} | ${Math.round(result.requests.average).toLocaleString('en-US')} | ${result.latency.p99} | ${((result.requests.average / bare) * 100).toFixed(0)}% | ${result.non2xx} / ${result.errors + result.timeouts} |`,
    ),
  ];
  const status = rows.find((row) => row.target.startsWith('status JSON'))!.result.requests.average;
  const ratio = status / bare;
  lines.push('', `Target: status JSON on the fast path at ≥ 50% of the bare server: ${(ratio * 100).toFixed(0)}% — ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
  console.log(`\n${lines.join('\n')}\n`);
}

/**
 * With the server stopped: a relying party's key made with the operator's command (as the demo's
 * admin) and the demo's seal ids and domains, padded with ids no seal has, for the batch rows.
 * The key may make a million calls a minute (an admin's per-key limit), so the load measures the
 * route, not the limiter; a 429 would show as non-2xx in the table.
 */
async function prepareBatch(dataDir: string) {
  const made = spawnSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'api-key-create.ts'), '--admin', 'admin@openseal.example', '--kind', 'relying_party', '--name', 'Bench marketplace', '--scopes', 'public:read', '--calls-per-minute', '1000000'], {
    env: { ...process.env, OPENSEAL_DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  const token = /Token \(shown once[^:]*\): (\S+)/.exec(made.stdout)?.[1];
  if (!token) throw new Error(`api-key:create failed: ${made.stdout}${made.stderr}`);
  const runtime = await openRuntime({ env: parseEnv({ ...process.env, OPENSEAL_DATA_DIR: dataDir }), jobs: 'none' });
  try {
    const ids = (await runtime.db.select({ id: seals.publicId }).from(seals)).map((row) => row.id);
    const domains = [...new Set((await runtime.db.select({ domain: sealDomains.domain }).from(sealDomains)).map((row) => row.domain))];
    const body = (entries: number) => {
      const unknown = Array.from({ length: Math.max(0, entries - ids.length - domains.length) }, (_, n) => `ZZ${String(n).padStart(8, '0')}`);
      return { sealIds: [...ids, ...unknown].slice(0, entries - Math.min(domains.length, entries)), domains: domains.slice(0, entries) };
    };
    return { token, known: ids.length, body };
  } finally {
    await runtime.close();
  }
}

async function main() {
  const settings = { connections: intSetting('BENCH_CONNECTIONS', 50), duration: intSetting('BENCH_DURATION', 10), warmup: intSetting('BENCH_WARMUP', 2) };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-bench-'));
  const rows: Row[] = [];
  let server: ServerProcess | null = null;
  try {
    console.log('Starting the production server on a fresh data folder (demo data)…');
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    server = await startServer(dataDir, port);
    const found = (await (await fetch(`${origin}/api/v1/seals?domain=toysmart.example`)).json()) as { seals: Array<{ sealId: string }> };
    const sealId = found.seals.at(-1)?.sealId;
    if (!sealId) throw new Error('The demo data has no seal for toysmart.example');
    const statusUrl = `${origin}/api/v1/seals/${sealId}/status`;
    const sample = await fetch(statusUrl);
    const headers = Object.fromEntries(['content-type', 'cache-control', 'etag', 'access-control-allow-origin', 'x-content-type-options'].map((name) => [name, sample.headers.get(name) ?? '']));
    const bare = await startBareServer(await sample.text(), headers);

    console.log(`Loading (seal ${sealId}):`);
    try {
      await measure(rows, 'status JSON (fast path)', statusUrl, settings);
      await measure(rows, 'signed status .jws (fast path)', `${origin}/api/v1/seals/${sealId}/status.jws`, settings);
      await measure(rows, 'badge.svg (fast path)', `${origin}/api/v1/seals/${sealId}/badge.svg`, settings, { Referer: 'https://toysmart.example/' });
      await measure(rows, 'seal.js gzip (fast path)', `${origin}/embed/v1/seal.js`, settings, { 'Accept-Encoding': 'gzip' });
      await measure(rows, 'bare node:http, same JSON', `${bare.origin}/`, settings);
    } finally {
      await bare.stop();
    }
    await stopServer(server);
    server = null;

    const batch = await prepareBatch(dataDir);
    console.log('Restarting the server with OPENSEAL_FAST_PATH=false (the Next.js route handler answers)…');
    server = await startServer(dataDir, port, { OPENSEAL_FAST_PATH: 'false' });
    await measure(rows, 'status JSON (Next.js route handler)', statusUrl, settings);
    // The batch is an integrator route (Next.js, with its key): the same with the fast path on or off.
    const batchUrl = `${origin}/api/v1/seals/status:batch`;
    const auth = { Authorization: `Bearer ${batch.token}`, 'Content-Type': 'application/json' };
    await measure(rows, `status batch, 100 entries (${batch.known} known seals + domains)`, batchUrl, settings, auth, JSON.stringify(batch.body(100)));
    await measure(rows, `status batch, 1,000 entries (${batch.known} known seals + domains)`, batchUrl, settings, auth, JSON.stringify(batch.body(1_000)));
    printTable(rows, settings);
  } finally {
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--bare-server')) {
  runBareServer();
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
