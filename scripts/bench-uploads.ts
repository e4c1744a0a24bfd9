/**
 * npm run bench:uploads — what a burst of large anonymous complaint submissions from one address
 * costs the server (issue 11, item 9).
 *
 * Starts the production server (scripts/start.ts: builds when stale) on a fresh temporary data
 * folder, fetches the public complaint form, and sends BENCH_UPLOADS (80) submissions at once from
 * this one address, each with BENCH_UPLOAD_MB (10) of evidence in files of at most 2 MB (plain
 * text, so every file is one the service would accept on its own). Meanwhile it samples the
 * server's resident memory (/proc, Linux) and asks /healthz every 100 ms. Prints the answers by
 * status code, peak RSS, and /healthz latency p50/p95/max during the burst.
 *
 * BENCH_UPLOAD_MODE=staged sends each submission as the form's script does (docs/adr/0021): every
 * file first to POST /api/uploads, one after another, then the form with the tokens. With
 * BENCH_DISTINCT_ADDRESSES=1 each submission comes from an address of its own (the server trusts
 * X-Forwarded-For for the run), so the per-address limits refuse nothing and every body is read:
 * what reading them costs, the server action's decoder against the streaming route.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../e2e/server-process';
import { percentile } from './bench-settings';

function numberSetting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${process.env[name]}"`);
  return value;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MB`;

/** The hidden fields React renders into a form whose action is a server action (its id and bound state). */
function actionFields(html: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const input of html.match(/<input[^>]*>/g) ?? []) {
    const name = /name="(\$ACTION[^"]*)"/.exec(input)?.[1];
    if (!name) continue;
    const value = /value="([^"]*)"/.exec(input)?.[1] ?? '';
    fields.push([name, value.replace(/&quot;/g, '"').replace(/&amp;/g, '&')]);
  }
  return fields;
}

const FILE_BYTES = 2 * 1024 * 1024;

/** The evidence of one submission: files of at most 2 MB of plain text, as many as its size takes. */
function evidenceFiles(evidenceBytes: number): Array<{ name: string; blob: Blob }> {
  const files: Array<{ name: string; blob: Blob }> = [];
  for (let left = evidenceBytes, part = 0; left > 0; left -= FILE_BYTES, part++) {
    files.push({ name: `evidence-${part}.txt`, blob: new Blob([Buffer.alloc(Math.min(FILE_BYTES, left), 'a')], { type: 'text/plain' }) });
  }
  return files;
}

/** As the form's script sends it: each file to the upload route, then the form with the tokens; the answers, joined. */
async function stagedSubmission(origin: string, hidden: Array<[string, string]>, index: number, files: Array<{ name: string; blob: Blob }>, headers: Record<string, string>): Promise<string> {
  const tokens: string[] = [];
  let cookie = '';
  for (const file of files) {
    const form = new FormData();
    form.append('file', file.blob, file.name);
    const response = await fetch(`${origin}/api/uploads`, { method: 'POST', body: form, headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) }, signal: AbortSignal.timeout(300_000) });
    const body = await response.text();
    cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    if (response.status !== 201) return `upload ${response.status}`;
    tokens.push((JSON.parse(body) as { token: string }).token);
  }
  const form = submission(hidden, index, 0);
  for (const token of tokens) form.append('evidenceUpload', token);
  const response = await fetch(`${origin}/complaints/new`, { method: 'POST', body: form, headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) }, signal: AbortSignal.timeout(300_000) });
  await response.arrayBuffer();
  return `${tokens.length} uploads 201, form ${response.status}`;
}

function submission(hidden: Array<[string, string]>, index: number, evidenceBytes: number): FormData {
  const form = new FormData();
  for (const [name, value] of hidden) form.append(name, value);
  form.append('domain', 'bench-target.example');
  form.append('category', 'data_sale');
  form.append('description', `Benchmark submission ${index}: the site sold its customer list to a third party.`);
  form.append('contactedCompany', 'no');
  form.append('complainantEmail', `bench-${index}@example.com`);
  for (const file of evidenceFiles(evidenceBytes)) form.append('evidence', file.blob, file.name);
  return form;
}

async function main() {
  const count = numberSetting('BENCH_UPLOADS', 80);
  const evidenceBytes = Math.round(numberSetting('BENCH_UPLOAD_MB', 10) * 1024 * 1024);
  const staged = process.env.BENCH_UPLOAD_MODE === 'staged';
  const distinct = process.env.BENCH_DISTINCT_ADDRESSES === '1';
  const addressOf = (index: number): Record<string, string> => (distinct ? { 'X-Forwarded-For': `198.51.${100 + Math.floor(index / 250)}.${(index % 250) + 1}` } : {});
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-bench-uploads-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let server: ServerProcess | null = null;
  try {
    server = startServerProcess({ OPENSEAL_DATA_DIR: dataDir, PORT: String(port), OPENSEAL_PUBLIC_URL: origin, ...(distinct ? { OPENSEAL_TRUST_PROXY: 'true' } : {}) });
    await server.waitForOutput('Press Ctrl+C to stop.', 900_000); // a stale build is rebuilt first
    // The server's own process, not npm start's, which only supervises it (scripts/start.ts).
    const pid = server.serverPid();
    if (!pid) throw new Error('No server process holds the data folder after the start');

    const page = await fetch(`${origin}/complaints/new`);
    const hidden = actionFields(await page.text());
    if (hidden.length === 0) throw new Error('The complaint form carries no server action fields: cannot submit it');

    // Built before the clock starts: 80 × 10 MB of forms would hold this process's own event loop.
    const forms = staged ? [] : Array.from({ length: count }, (_, index) => submission(hidden, index, evidenceBytes));
    const files = evidenceFiles(evidenceBytes);
    // That took longer than the server keeps an idle connection open: the first request on the old one may find it closed.
    await fetch(`${origin}/healthz`).catch(() => fetch(`${origin}/healthz`));
    const idleRss = rssBytes(pid);

    let peakRss = idleRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(pid))), 50);
    const health: number[] = [];
    let healthFailures = 0;
    let bursting = true;
    const healthLoop = (async () => {
      while (bursting) {
        const started = performance.now();
        try {
          const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(60_000) });
          await response.arrayBuffer();
          if (!response.ok) healthFailures++;
        } catch {
          healthFailures++;
        }
        health.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const started = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        try {
          if (staged) return await stagedSubmission(origin, hidden, index, files, addressOf(index));
          const response = await fetch(`${origin}/complaints/new`, { method: 'POST', body: forms[index], headers: addressOf(index), signal: AbortSignal.timeout(300_000) });
          await response.arrayBuffer();
          return String(response.status);
        } catch (error) {
          const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
          // The server answered and closed before the whole body was sent (a 413 for a body over the maximum).
          return /EPIPE|ECONNRESET|other side closed/.test(reason) ? 'closed by the server before the body was sent' : `failed (${reason})`;
        }
      }),
    );
    const elapsed = performance.now() - started;
    bursting = false;
    await healthLoop;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, rssBytes(pid));

    const byStatus = new Map<string, number>();
    for (const status of statuses) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    const sorted = [...health].sort((a, b) => a - b);
    console.log(
      [
        '',
        `${count} anonymous complaint submissions from ${distinct ? 'as many addresses' : 'one address'}, ${mb(evidenceBytes)} of evidence each, sent at once${staged ? ', each file first to the upload route' : ' as server actions'}`,
        `  answers: ${[...byStatus].map(([status, n]) => `${n} × ${status}`).join(', ')} in ${(elapsed / 1000).toFixed(1)} s`,
        `  server RSS: ${mb(idleRss)} idle, ${mb(peakRss)} peak during the burst`,
        `  /healthz during the burst (${health.length} probes, ${healthFailures} failed): p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms`,
        '',
      ].join('\n'),
    );
  } finally {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
