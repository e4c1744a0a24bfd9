/**
 * npm test — every check, in order: typecheck, lint, unit and integration tests on PGlite, the
 * integration tests again on PostgreSQL (when TEST_DATABASE_URL is set), the production build, and
 * the Playwright e2e suite in Chromium against the production server (embedded, and again on
 * PostgreSQL when TEST_DATABASE_URL is set; the two passes run side by side). Stops at the first
 * failing step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import readline from 'node:readline';
import { createScratchDatabase } from '../db/scratch-database';
import { findBrowser } from '../e2e/browser';

type Counts = { passed: number; failed: number; skipped: number };
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
const timings: Array<[string, number]> = [];
const bin = (name: string) => path.join(process.cwd(), 'node_modules', '.bin', name);

function run(step: string, command: string, args: string[], env: Record<string, string | undefined> = {}): void {
  console.log(`\n▶ ${step}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  timings.push([step, Date.now() - started]);
  if (result.status !== 0) {
    summary();
    console.error(`\n✖ ${step} failed.`);
    process.exit(result.status ?? 1);
  }
}

/**
 * A step run beside others: its output goes through line by line, each line marked with `label`,
 * so two interleaved runs stay readable. Resolves with the exit status; never exits by itself.
 */
function runBeside(step: string, label: string, command: string, args: string[], env: Record<string, string | undefined>): Promise<number> {
  console.log(`\n▶ ${step} [${label}]`);
  const started = Date.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
    readline.createInterface({ input: stream }).on('line', (line) => out.write(`[${label}] ${line}\n`));
  }
  return new Promise((resolve) => {
    child.on('close', (code) => {
      timings.push([step, Date.now() - started]);
      resolve(code ?? 1);
    });
  });
}

function addVitestCounts(file: string) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

function addPlaywrightCounts(file: string) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  totals.passed += report.stats.expected + report.stats.flaky;
  totals.failed += report.stats.unexpected;
  totals.skipped += report.stats.skipped;
}

type PlaywrightSuite = { title: string; file?: string; suites?: PlaywrightSuite[]; specs?: Array<{ title: string; file: string; tests: Array<{ results: Array<{ duration: number }> }> }> };

/** The slowest tests of an e2e pass, for whoever wants the suite faster: CI's time goes there. */
function printSlowestTests(label: string, file: string, count = 12) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { suites: PlaywrightSuite[] };
  const durations: Array<[string, number]> = [];
  const walk = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? []) durations.push([`${spec.file} › ${spec.title}`, spec.tests.reduce((sum, test) => sum + test.results.reduce((all, result) => all + result.duration, 0), 0)]);
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites) walk(suite);
  const files = new Map<string, number>();
  for (const [title, ms] of durations) files.set(title.split(' › ')[0]!, (files.get(title.split(' › ')[0]!) ?? 0) + ms);
  console.log(`
Slowest e2e files [${label}]:`);
  for (const [name, ms] of [...files].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${name}`);
}

function summary() {
  console.log('\nSteps:');
  for (const [step, ms] of timings) console.log(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${step}`);
  console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
}

/**
 * Each failed test's page as Playwright saw it (the error-context.md beside its screenshot, an
 * accessibility snapshot of the page), printed into the log: on CI the log is all that is read later.
 */
function printErrorContexts(label: string, folder: string): void {
  if (!fs.existsSync(folder)) return;
  for (const entry of fs.readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    if (path.basename(entry) !== 'error-context.md') continue;
    const lines = fs.readFileSync(path.join(folder, entry), 'utf8').split('\n');
    const shown = lines.slice(0, 150);
    console.log(`\n── [${label}] ${path.dirname(entry)}: the page when it failed ──`);
    console.log(shown.join('\n'));
    if (lines.length > shown.length) console.log(`… ${lines.length - shown.length} more lines in ${path.join(folder, entry)}`);
  }
}

function ensureBrowser(): void {
  const found = findBrowser();
  if (found) {
    console.log(`Browser for e2e: ${found}`);
    return;
  }
  console.log('No system Chromium and no Playwright browser found: running `playwright install chromium`…');
  const install = spawnSync(bin('playwright'), ['install', 'chromium'], { stdio: 'inherit' });
  if (install.status !== 0 || !findBrowser()) {
    console.error(
      '\nNo browser for the e2e tests. Install Chromium and run npm test again:\n' +
        '  Debian/Ubuntu: sudo apt-get install chromium   (or set CHROMIUM_PATH to a Chromium or Chrome binary)\n' +
        '  elsewhere:     npx playwright install chromium\n',
    );
    process.exit(1);
  }
}

async function main() {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-test-reports-'));
  const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

  // Side by side: each keeps one core busy.
  const checks = await Promise.all([runBeside('typecheck (tsc --noEmit)', 'tsc', bin('tsc'), ['--noEmit'], {}), runBeside('lint (eslint)', 'eslint', bin('eslint'), ['--max-warnings=0', '.'], {})]);
  if (checks.some((status) => status !== 0)) {
    summary();
    console.error(`\n✖ ${checks[0] !== 0 ? 'typecheck' : 'lint'} failed.`);
    process.exit(1);
  }

  const vitestPglite = path.join(reports, 'vitest-pglite.json');
  run('unit + integration tests on PGlite (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestPglite}`], {
    OPENSEAL_TEST_DRIVER: 'pglite',
  });
  addVitestCounts(vitestPglite);

  if (testDatabaseUrl) {
    const vitestPg = path.join(reports, 'vitest-postgres.json');
    run('integration tests on PostgreSQL (vitest)', bin('vitest'), ['run', 'tests/integration', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestPg}`], {
      OPENSEAL_TEST_DRIVER: 'postgres',
    });
    addVitestCounts(vitestPg);
  } else {
    console.log('\n▷ integration tests on PostgreSQL: skipped, TEST_DATABASE_URL is not set (e.g. postgres://user:password@127.0.0.1:5432/db; the role needs CREATEDB)');
  }

  run('production build (next build)', process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
  ensureBrowser();

  // The two e2e passes run side by side: each test waits on a browser, a server and the database far
  // more than it computes, so together they take little longer than the slower one alone. Each pass
  // has its own server port, DNS/SMTP port, site ports, data folder or database, mailbox and
  // Playwright output folder (playwright.config.ts, e2e/fixtures.ts).
  const passes: Array<{ step: string; label: string; report: string; env: Record<string, string | undefined>; cleanUp(): Promise<void> }> = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-e2e-'));
  passes.push({
    step: 'e2e on the embedded database (playwright)',
    label: 'embedded',
    report: path.join(reports, 'e2e-embedded.json'),
    env: { OPENSEAL_E2E_DATA_DIR: dataDir, OPENSEAL_E2E_DATABASE_URL: undefined },
    async cleanUp() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
  if (testDatabaseUrl) {
    const database = await createScratchDatabase(testDatabaseUrl, 'openseal_e2e');
    passes.push({
      step: 'e2e on PostgreSQL (playwright)',
      label: 'postgres',
      report: path.join(reports, 'e2e-postgres.json'),
      env: {
        OPENSEAL_E2E_DATABASE_URL: database.url,
        OPENSEAL_E2E_DATA_DIR: undefined,
        OPENSEAL_E2E_PORT: '4210',
        OPENSEAL_E2E_DNS_PORT: '6399',
        OPENSEAL_E2E_SMTP_PORT: '6399',
        OPENSEAL_E2E_SITE_PORT: '4298',
      },
      cleanUp: () => database.drop(),
    });
  }
  const statuses = await Promise.all(
    passes.map(async (pass) => {
      try {
        return await runBeside(pass.step, pass.label, bin('playwright'), ['test', '--reporter=list,json', `--output=${path.join(reports, `test-results-${pass.label}`)}`], {
          ...pass.env,
          PLAYWRIGHT_JSON_OUTPUT_NAME: pass.report,
        });
      } finally {
        await pass.cleanUp();
      }
    }),
  );
  for (const pass of passes) {
    if (!fs.existsSync(pass.report)) continue;
    addPlaywrightCounts(pass.report);
    printSlowestTests(pass.label, pass.report);
  }
  const failed = passes.filter((_, index) => statuses[index] !== 0);
  if (failed.length > 0) {
    for (const pass of failed) printErrorContexts(pass.label, path.join(reports, `test-results-${pass.label}`));
    summary();
    console.error(`\n✖ ${failed.map((pass) => pass.step).join(' and ')} failed. Traces and screenshots: ${reports}`);
    process.exit(1);
  }

  fs.rmSync(reports, { recursive: true, force: true });
  summary();
  if (totals.failed > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
