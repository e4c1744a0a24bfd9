import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { createTestCertificateAuthority } from '../tests/helpers/test-tls';
import { E2E_SITE_PORT } from './fixtures';

/**
 * Applicants' websites on loopback, as the e2e server reaches them (playwright.config.ts): plain
 * HTTP on E2E_SITE_PORT (privacy policies may be captured from http:// addresses) and HTTPS on the
 * next port, where ownership proofs are read, with certificates from the run's test authority,
 * which the server trusts (OPENSEAL_FETCH_EXTRA_CA).
 */
export async function startSiteServers(handler: http.RequestListener): Promise<{ close(): Promise<void> }> {
  const saved = process.env.OPENSEAL_E2E_TEST_CA;
  if (!saved) throw new Error('OPENSEAL_E2E_TEST_CA is set by playwright.config.ts; run the specs through Playwright.');
  const authority = createTestCertificateAuthority({ saved });
  const plain = http.createServer(handler);
  const secure = https.createServer({ ...authority.issue('localhost'), SNICallback: (name, callback) => callback(null, tls.createSecureContext(authority.issue(name))) }, handler);
  await new Promise<void>((resolve) => plain.listen(E2E_SITE_PORT, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => secure.listen(E2E_SITE_PORT + 1, '127.0.0.1', resolve));
  const stop = (server: http.Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { close: async () => void (await Promise.all([stop(plain), stop(secure)])) };
}
