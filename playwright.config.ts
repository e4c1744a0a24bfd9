import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { E2E_BASE_URL, E2E_DEMO_PASSWORD, E2E_DNS_PORT, E2E_PORT, E2E_SITE_PORT, E2E_SMTP_PORT } from './e2e/fixtures';
import { startMailSink } from './e2e/mail-sink';
import { findSystemChromium } from './e2e/browser';
import { createTestCertificateAuthority } from './tests/helpers/test-tls';

/**
 * End-to-end tests against the real production server (scripts/start.ts) on a fresh embedded
 * database. The data folder is created here, in the runner process, and handed to the workers
 * through the environment they inherit: the lock spec needs the very folder the server holds.
 */
const createdDataDir = !process.env.OPENSEAL_E2E_DATA_DIR;
process.env.OPENSEAL_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-e2e-'));
const dataDir = process.env.OPENSEAL_E2E_DATA_DIR;

// The server's mail goes to a mailbox the specs read (e2e/mail-sink.ts): a folder made like the data
// folder, and an SMTP server in the runner process only (workers load this file too).
// Playwright gives each worker TEST_WORKER_INDEX; the runner has none.
const isRunner = process.env.TEST_WORKER_INDEX === undefined;
const createdMailDir = !process.env.OPENSEAL_E2E_MAIL_DIR;
process.env.OPENSEAL_E2E_MAIL_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-e2e-mail-'));
const mailDir = process.env.OPENSEAL_E2E_MAIL_DIR;
if (isRunner) startMailSink(E2E_SMTP_PORT, mailDir);
if (isRunner && createdMailDir) process.on('exit', () => fs.rmSync(mailDir, { recursive: true, force: true }));

// Only the process that made the folder removes it, after the server has stopped (the runner waits
// for that before it exits). Workers load this file too; they must never remove it.
if (createdDataDir && !process.env.OPENSEAL_E2E_KEEP_DATA) {
  process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
}

// This machine has no outside network, and Playwright's own browser may not be installed: use the
// system Chromium when there is one.
const chromiumPath = findSystemChromium();

/**
 * On PostgreSQL (OPENSEAL_E2E_DATABASE_URL, a fresh database made by scripts/test.ts) the server
 * seeds nothing by itself, so the demo data is written first, as an operator would with seed:demo.
 */
const databaseUrl = process.env.OPENSEAL_E2E_DATABASE_URL ?? '';
// PostgreSQL needs the status signing key from the configuration (lib/public-status/signing.ts): one
// made for this run, shared with the workers through the environment like the data folder.
process.env.OPENSEAL_E2E_STATUS_SIGNING_KEY ??= crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
// The public log's key likewise (lib/log/log-signer.ts).
process.env.OPENSEAL_E2E_LOG_SIGNING_KEY ??= crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
// A certificate authority for the applicants' test websites (e2e/site-server.ts): the server trusts
// its certificate, the specs' site servers issue from it. Made here, shared like the signing key.
process.env.OPENSEAL_E2E_TEST_CA ??= createTestCertificateAuthority().saved;
const testCaCertificate = (JSON.parse(process.env.OPENSEAL_E2E_TEST_CA) as { cert: string }).cert;
const serverCommand = databaseUrl
  ? 'node --import tsx scripts/seed-demo.ts && node --import tsx scripts/start.ts'
  : 'node --import tsx scripts/start.ts';

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // npm test runs the embedded and the PostgreSQL passes side by side on two cores (scripts/test.ts):
  // room for a slow moment, which costs nothing while the tests pass.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    baseURL: E2E_BASE_URL,
    // A failed test keeps its trace (DOM snapshots of each step) but no screencast: the screencast made
    // the browser encode frames all the time and cost about 40 % of its CPU in every test that passed.
    // CI records no trace: its files stay on the CI machine, where nobody opens them, and recording
    // cost every test (account + cases-decisions specs, 10 tests: 66 s → 55 s, a quarter of the CPU).
    // There a failure prints its error and the page's accessibility snapshot (scripts/test.ts).
    trace: process.env.CI ? 'off' : { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    // Every browser says it is in UTC, whatever the machine's zone: new accounts take their browser's
    // zone (ADR 0022), and the specs read dates as UTC. e2e/time-zones.spec.ts sets its own.
    timezoneId: 'UTC',
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      // No GPU: Debian's chromium wrapper turns on GPU rasterization, which headless means SwiftShader,
      // a GPU emulated on the CPU, for every paint; plain software raster costs far less.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu', '--disable-gpu-rasterization'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: serverCommand,
    url: `${E2E_BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000, // the first start may build the application
    // SIGTERM lets the server release the data-folder lock and close the database cleanly.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 25_000 },
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      OPENSEAL_DATA_DIR: dataDir,
      OPENSEAL_DEMO_PASSWORD: E2E_DEMO_PASSWORD,
      NEXT_TELEMETRY_DISABLED: '1',
      // The address the browser uses, on both databases: links, verifyUrl and sign-in redirects are
      // built from it (required with DATABASE_URL), and cookies stay on the host the browser asked.
      OPENSEAL_PUBLIC_URL: E2E_BASE_URL,
      // Applicants' test websites run on loopback, behind a DNS server the specs start.
      OPENSEAL_DNS_SERVERS: `127.0.0.1:${E2E_DNS_PORT}`,
      OPENSEAL_FETCH_ALLOWLIST: '127.0.0.0/8',
      OPENSEAL_SITE_HTTP_PORT: String(E2E_SITE_PORT),
      OPENSEAL_SITE_HTTPS_PORT: String(E2E_SITE_PORT + 1),
      OPENSEAL_FETCH_EXTRA_CA: testCaCertificate,
      // Every spec signs up from 127.0.0.1: more accounts than a real address makes in an hour.
      OPENSEAL_SIGN_UPS_PER_ADDRESS_PER_HOUR: '1000',
      // Specs may move the server's clock (e2e/badge.spec.ts: a seal past its expiry); each puts it back.
      OPENSEAL_TEST_CLOCK: '1',
      // Mail is delivered, to the specs' mailbox (e2e/mail-sink.ts), so they can follow mailed links.
      SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}/?from=openseal%40e2e.example`,
      // Empty means unset (lib/env.ts): without OPENSEAL_E2E_DATABASE_URL the suite runs on the
      // embedded database even if the shell points DATABASE_URL at a server.
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: databaseUrl ? 'e2e-only-secret-0123456789abcdefghijklmnopqrstuvwxyz' : '',
      OPENSEAL_STATUS_SIGNING_KEY: databaseUrl ? process.env.OPENSEAL_E2E_STATUS_SIGNING_KEY : '',
      OPENSEAL_LOG_SIGNING_KEY: databaseUrl ? process.env.OPENSEAL_E2E_LOG_SIGNING_KEY : '',
      // Required with DATABASE_URL too (lib/auth/secret-box.ts): two-factor secrets are stored encrypted.
      OPENSEAL_ENCRYPTION_KEY: databaseUrl ? 'e2e-only-encryption-key-0123456789abcdefghijklmnop' : '',
    },
  },
});
