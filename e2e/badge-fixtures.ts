import http from 'node:http';
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { startLoopbackDns } from './loopback-dns';
import { startHttpServer, type TestHttpServer } from '../tests/helpers/http-server';
import { E2E_BASE_URL, E2E_DEMO_PASSWORD, newPerson, signUpApplicant, submitSignIn, confirmInDialog, answerEveryCriterion } from './fixtures';

/** Every host name the badge spec's pages use ends in .example; Chromium resolves them all to loopback. */
export const HOST_RESOLVER_RULES = '--host-resolver-rules=MAP *.example 127.0.0.1';

export type HostPage = { html: string; headers?: Record<string, string> };

/**
 * Third-party websites that embed the badge: one HTTP server on loopback answering for any host
 * name, pages by path. The spec registers a page, then opens it under the name it needs
 * (`http://toysmart.example:<port>/…`).
 */
export async function startHostPages() {
  const pages = new Map<string, HostPage>();
  const server: TestHttpServer = await startHttpServer((request: http.IncomingMessage, response: http.ServerResponse) => {
    const page = pages.get((request.url ?? '/').split('?')[0]!);
    if (!page) return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...page.headers }).end(page.html);
  });
  return {
    /** Serves `html` at `path` and returns the page's address under `host`. */
    page(host: string, path: string, html: string, headers?: Record<string, string>) {
      pages.set(path, { html, headers });
      return `http://${host}:${server.port}${path}`;
    },
    close: () => server.close(),
  };
}

/** The snippet a site owner pastes (README, "Embedding the badge"). */
export function badgeSnippet(sealId: string, origin = E2E_BASE_URL) {
  return `<script async src="${origin}/embed/v1/seal.js" data-seal-id="${sealId}"></script>`;
}

export function hostPageHtml(title: string, body: string, head = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><h1>${title}</h1>${body}</body></html>`;
}

type StatusDocument = { sealId: string; status: string; domains: string[]; expiresAt: string };

/** The seals covering `domain`, as a relying party would ask for them. */
export async function sealsForDomain(request: APIRequestContext, domain: string): Promise<StatusDocument[]> {
  const response = await request.get(`${E2E_BASE_URL}/api/v1/seals?domain=${encodeURIComponent(domain)}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { seals: StatusDocument[] }).seals;
}

export async function sealStatus(request: APIRequestContext, sealId: string): Promise<StatusDocument> {
  const response = await request.get(`${E2E_BASE_URL}/api/v1/seals/${sealId}/status`);
  expect(response.status()).toBe(200);
  return (await response.json()) as StatusDocument;
}

/** Moves the e2e server's clock (OPENSEAL_TEST_CLOCK, playwright.config.ts); a spec that moves it must reset it. */
export async function moveServerClock(request: APIRequestContext, command: { advanceMs: number } | { reset: true }) {
  const response = await request.post(`${E2E_BASE_URL}/__openseal/test-clock`, { data: command });
  expect(response.status(), await response.text()).toBe(200);
}

/**
 * A browser context of its own, signed in, for stories where several people act side by side.
 * Given `role` as the header shows it ("Reviewer"), it also checks the account is of that kind.
 */
export async function signedInContext(browser: Browser, email: string, { password = E2E_DEMO_PASSWORD, role }: { password?: string; role?: string } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitSignIn(page, email, password);
  if (role) await expect(page.getByTestId('signed-in-user')).toContainText(`(${role})`);
  else await expect(page.getByTestId('signed-in-user')).toBeVisible();
  return { context, page };
}

/**
 * A DNS server on the port the e2e server asks (OPENSEAL_DNS_SERVERS), answering the TXT records
 * the spec publishes: the applicant proves a domain the way a real one would.
 */
export async function startTxtServer() {
  const dns = await startLoopbackDns();
  return { publish: dns.publishTxt, close: dns.close };
}

const POLICY_TEXT = `We collect your name, postal address and email address to deliver your orders.
We never sell, rent or share your personal information with third parties without your consent.
If our business is sold or merged, your information passes only to a successor in the same line of business that is bound by this policy; material changes need your opt-in consent.`;

/**
 * An applicant of a new organization proves `domain` (DNS TXT) and submits a complete application
 * for it; returns the signed-in applicant page.
 */
export async function submitApplication(page: Page, txt: { publish(domain: string, value: string): void }, domain: string) {
  await signUpApplicant(page, newPerson('badge'));
  await page.getByRole('link', { name: 'Create an organization' }).click();
  await page.getByLabel('Legal name').fill(`Badge Test ${domain}`);
  await page.getByLabel('Country of registration').selectOption({ label: 'United Kingdom' });
  await page.getByLabel('Contact email for privacy matters').fill(`privacy@${domain}`);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.getByLabel('Domain').fill(domain);
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(domain);
  txt.publish(domain, await page.getByTestId('dns-value').inputValue());
  await page.getByRole('button', { name: 'Check DNS record' }).click();
  await expect(page.getByText(/^Ownership proven on /)).toBeVisible();

  await page.getByRole('button', { name: 'Apply for the Privacy Seal' }).click();
  await expect(page.getByTestId('application-status')).toContainText('Draft');
  await page.getByLabel('Paste the text').check();
  await page.getByLabel('Privacy policy text').fill(POLICY_TEXT);
  await page.getByRole('button', { name: 'Capture policy' }).click();
  await expect(page.getByText(/^Policy captured/)).toBeVisible();
  await answerEveryCriterion(page, `https://${domain}/privacy`);
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByText(/^Submitted\. A reviewer will assess/)).toBeVisible();
}

/**
 * The reviewer claims the application for `domain`, finds every criterion met and approves it;
 * `beforeApproval` runs just before the approval (the expiry test moves the clock there). Returns
 * the new seal's public id.
 */
export async function approveApplication(reviewer: Page, domain: string, beforeApproval?: () => Promise<void>) {
  await reviewer.goto('/review');
  const row = reviewer.getByTestId(`queue-row-${domain}`);
  await row.getByRole('button', { name: `Claim the application for ${domain}` }).click();
  await expect(row).toContainText('Rita Reviewer');
  await row.getByRole('link', { name: domain }).click();
  await expect(reviewer.getByTestId('application-status')).toContainText('In review');
  const criteria = reviewer.locator('fieldset[data-testid^="assess-"]');
  const count = await criteria.count();
  for (let i = 0; i < count; i++) await criteria.nth(i).getByLabel('Meets', { exact: true }).check();
  await reviewer.getByRole('button', { name: 'Save verdicts' }).click();
  await expect(reviewer.getByRole('main').getByRole('status').first()).toContainText('Saved');
  await beforeApproval?.();
  await reviewer.getByRole('button', { name: 'Approve and issue the seal' }).click();
  await confirmInDialog(reviewer, 'Approve and issue the seal');
  await expect(reviewer.getByTestId('application-status')).toContainText('Approved');
  const text = await reviewer.getByTestId('issued-seal').innerText();
  return /OS-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(text)![0];
}

/**
 * The authority revokes with four eyes (issue #10): `reviewer` proposes the revocation on the seal
 * page, which opens a case about the seal and lands on it; the admin, a second person, confirms it there.
 */
export async function revokeWithFourEyes(browser: Browser, reviewer: Page, sealId: string, { reason, statement }: { reason: { label: string } | { index: number }; statement: string }) {
  await reviewer.goto(`/review/seals/${sealId}`);
  await reviewer.getByLabel('Reason', { exact: true }).selectOption(reason);
  await reviewer.getByLabel('Public statement').fill(statement);
  await reviewer.getByRole('button', { name: 'Propose revocation' }).click();
  await expect(reviewer).toHaveURL(/\/review\/cases\/K-[A-Z0-9]{4}-[A-Z0-9]{4}\?proposed=1$/);
  await expect(reviewer.getByTestId('revocation-proposal')).toContainText('You proposed it, so you cannot confirm it');
  const casePath = new URL(reviewer.url()).pathname;

  const admin = await signedInContext(browser, 'admin@openseal.example');
  await admin.page.goto(casePath);
  await admin.page.getByTestId('revocation-proposal').getByRole('button', { name: 'Confirm the revocation' }).click();
  await confirmInDialog(admin.page, 'Confirm the revocation');
  await expect(admin.page.getByTestId('case-seal-status')).toHaveText('revoked');
  await admin.context.close();
  await reviewer.goto(`/review/seals/${sealId}`);
  await expect(reviewer.getByTestId('seal-status')).toHaveText('Revoked');
}
