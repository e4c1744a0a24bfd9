import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { startLoopbackDns } from './loopback-dns';
import { startSiteServers } from './site-server';
import { E2E_SITE_PORT, mailTo, newPerson, signInAsAdmin, signUpApplicant, answerEveryCriterion } from './fixtures';

/** The applicant's website on loopback, behind a DNS server the e2e server was told to use (as in portal.spec.ts). */
const hosts = new Map<string, string>();
let dnsServer: Awaited<ReturnType<typeof startLoopbackDns>> | undefined;
let siteServer: { close(): Promise<void> } | undefined;

test.beforeAll(async () => {
  dnsServer = await startLoopbackDns(hosts);
  siteServer = await startSiteServers((request, response) => {
    const home = hosts.get((request.headers.host ?? '').split(':')[0]!);
    const body = request.url === '/' ? home : request.url === '/privacy' && home ? POLICY_HTML : undefined;
    if (!body) return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
  });
});

test.afterAll(async () => {
  await dnsServer?.close();
  await siteServer?.close();
});

const POLICY_HTML = `<html><head><title>Privacy</title></head><body><main><h1>Privacy policy</h1>
<p>We never sell, rent or share your personal information with third parties without your consent.</p>
<p>If our business is sold or merged, your information passes only to a successor in the same line of business that is bound by this policy.</p>
</main></body></html>`;

/** An applicant proves a new site with the meta tag and submits a complete application; returns the domain and the applicant. */
async function submitApplicationThroughThePortal(page: Page) {
  const domain = `notify-${randomBytes(3).toString('hex')}.example`;
  const applicant = await signUpApplicant(page, newPerson('submitter'));
  await page.getByRole('link', { name: 'Create an organization' }).click();
  await page.getByLabel('Legal name').fill('Notify Toys Ltd');
  await page.getByLabel('Country of registration').selectOption({ label: 'United Kingdom' });
  await page.getByLabel('Contact email for privacy matters').fill('privacy@notify.example');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.getByLabel('Domain').fill(domain);
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(domain);
  const metaTag = await page.getByTestId('meta-tag').inputValue();
  hosts.set(domain, `<html><head><title>Shop</title>${metaTag}</head><body>Welcome</body></html>`);
  await page.getByRole('button', { name: 'Check meta tag' }).click();
  await expect(page.getByText(/^Ownership proven on .* by Meta tag on the home page\.$/)).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'Apply for the Privacy Seal' }).click();
  await expect(page.getByTestId('application-status')).toContainText('Draft');
  await page.getByLabel('Address of the privacy policy').fill(`http://${domain}:${E2E_SITE_PORT}/privacy`);
  await page.getByRole('button', { name: 'Capture policy' }).click();
  await expect(page.getByText(/^Policy captured:/)).toBeVisible();
  await answerEveryCriterion(page, 'https://shop.example/privacy');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByText(/^Submitted\. A reviewer will assess/)).toBeVisible();
  return { domain, applicant };
}

test('[ADMIN] reads in the outbox the invitation mail an applicant’s organization just sent, without its link', async ({ page, browser }) => {
  test.setTimeout(90_000);
  // An applicant creates an organization and invites a colleague.
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signUpApplicant(ownerPage, newPerson('owner'));
  const legalName = `Outbox Bakery ${Date.now()} Ltd`;
  await ownerPage.getByRole('link', { name: 'Create an organization' }).click();
  await ownerPage.getByLabel('Legal name').fill(legalName);
  await ownerPage.getByLabel('Country of registration').selectOption({ label: 'United Kingdom' });
  await ownerPage.getByLabel('Contact email for privacy matters').fill('privacy@bakery.example');
  await ownerPage.getByRole('button', { name: 'Create organization' }).click();
  await expect(ownerPage.getByRole('heading', { level: 1 })).toHaveText(legalName);
  const colleague = newPerson('colleague');
  await ownerPage.getByLabel('Colleague’s email address').fill(colleague.email);
  await ownerPage.getByRole('button', { name: 'Create invitation' }).click();
  const link = await ownerPage.getByTestId('one-time-secret').innerText();
  const token = link.split('/invitations/')[1]!;
  await ownerContext.close();

  // The colleague gets the link by mail (the e2e server sends to the specs' mailbox, e2e/mail-sink.ts).
  const mailed = await mailTo(colleague.email, `Invitation to join ${legalName} on OpenSeal`);
  expect(mailed.text).toContain(`/invitations/${token}`);

  // The admin finds it in the outbox, sent, with the link redacted: it is a bearer secret for the
  // colleague, not for every admin.
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Outbox' }).click();
  await expect(page).toHaveURL(/\/review\/outbox$/);
  await expect(page.getByTestId('smtp-status')).toContainText('SMTP is configured');
  const row = page.getByTestId('outbox-mail').filter({ hasText: colleague.email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`Invitation to join ${legalName} on OpenSeal`);
  await expect(row).toContainText('Sent');
  await row.getByText(`Invitation to join ${legalName} on OpenSeal`).click();
  await expect(row.locator('pre')).toBeVisible();
  await expect(row.locator('pre')).toContainText('Open it here: [link redacted]');
  await expect(row).not.toContainText(token);
  await expect(page.locator('body')).not.toContainText(token);
});

test('[ADMIN] sees an unread count after an application is submitted, reads it and marks all as read', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const applicantContext = await browser.newContext();
  const applicantPage = await applicantContext.newPage();
  const { domain, applicant } = await submitApplicationThroughThePortal(applicantPage);
  // The applicant is told it arrived and when to expect an answer (issue 13, item 13), in the portal and by mail.
  const receipt = `We received your application: ${domain} for the Privacy Seal`;
  await applicantPage.getByTestId('notifications-link').click();
  await expect(applicantPage.getByTestId('notification').filter({ has: applicantPage.getByRole('heading', { name: receipt, exact: true }) })).toContainText('usually within 10 days');
  expect((await mailTo(applicant.email, receipt)).text).toContain('/portal/applications/');
  await applicantContext.close();

  await signInAsAdmin(page);
  const headerLink = page.getByTestId('notifications-link');
  await expect(headerLink).toHaveText(/^Notifications \(\d+ unread\)$/);
  await headerLink.click();
  const notification = page.getByTestId('notification').filter({ hasText: `New application: ${domain} for the Privacy Seal` });
  await expect(notification).toHaveCount(1);
  await expect(notification).toContainText('Unread');
  await expect(notification.getByRole('link', { name: 'Open' })).toHaveAttribute('href', /^\/review\/applications\/[0-9a-f-]{36}$/);

  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(page.getByText(/^Marked \d+ notifications? as read\.$/)).toBeVisible();
  await expect(headerLink).toHaveText('Notifications');
  await page.reload();
  await expect(headerLink).toHaveText('Notifications');
  await expect(notification).not.toContainText('Unread');
  await expect(page.getByTestId('notifications-summary')).toHaveText(/, 0 unread\.$/);
});

test('[APPLICANT] reaches the notifications page from the header, and not the outbox', async ({ page }) => {
  await signUpApplicant(page, newPerson('reader'));
  await expect(page.getByRole('link', { name: 'Outbox' })).toHaveCount(0);
  await page.getByTestId('notifications-link').click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notifications');
  await expect(page.getByTestId('notifications-summary')).toHaveText('You have no notifications yet.');
  await page.goto('/review/outbox');
  await expect(page).toHaveURL(/\/forbidden$/);
});

test('[VISITOR] is sent to sign in from the notifications page', async ({ page }) => {
  await page.goto('/notifications');
  await expect(page).toHaveURL(/\/login\?next=%2Fnotifications/);
});
