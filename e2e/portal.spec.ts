import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { startLoopbackDns } from './loopback-dns';
import { startSiteServers } from './site-server';
import { E2E_SITE_PORT, newPerson, signUpApplicant, alertIn, verifyByMail, answerEveryCriterion, confirmInDialog, mailTo, linkIn } from './fixtures';
import { signedInContext } from './badge-fixtures';

/**
 * The applicant's website, for real: names resolve through a DNS server on loopback and pages come
 * from HTTP and HTTPS servers on loopback (e2e/site-server.ts), which the e2e server was told to use
 * (playwright.config.ts). The ownership proof is read over HTTPS only.
 */
const hosts = new Map<string, { home: string; privacy: string }>();
let dnsServer: Awaited<ReturnType<typeof startLoopbackDns>> | undefined;
let siteServer: { close(): Promise<void> } | undefined;

test.beforeAll(async () => {
  dnsServer = await startLoopbackDns(hosts);
  siteServer = await startSiteServers((request, response) => {
    const site = hosts.get((request.headers.host ?? '').split(':')[0]!);
    const body = request.url === '/' ? site?.home : request.url === '/privacy' ? site?.privacy : undefined;
    if (!body) return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
  });
});

test.afterAll(async () => {
  await dnsServer?.close();
  await siteServer?.close();
});

const POLICY_HTML = `<html><head><title>Privacy</title><script>track()</script></head><body><nav>Home | Shop</nav><main><h1>Privacy policy</h1>
<p>We collect your name, postal address and email address to deliver your orders.</p>
<p>We never sell, rent or share your personal information with third parties without your consent.</p>
<p>If our business is sold or merged, your information passes only to a successor in the same line of business that is bound by this policy; material changes need your opt-in consent.</p>
</main></body></html>`;


test('[APPLICANT] creates an organization, proves a site with the meta tag, applies, and a colleague invited by email joins', async ({ page, browser }) => {
  test.setTimeout(240_000);
  // The browser's clock runs on as usual, and is moved ahead where the page would wait (the re-check).
  await page.clock.install();
  const owner = await signUpApplicant(page, newPerson('owner'));
  const domain = `shop-${randomBytes(3).toString('hex')}.example`;

  await page.getByRole('link', { name: 'Create an organization' }).click();
  await page.getByLabel('Legal name').fill('Kettle & Crumb Ltd');
  await page.getByLabel('Country of registration').selectOption({ label: 'United Kingdom' });
  await page.getByLabel('Contact email for privacy matters').fill('privacy@kettle.example');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kettle & Crumb Ltd');
  // Pages whose address is a UUID are titled by what they show (issue 13, item 15).
  await expect(page).toHaveTitle('Kettle & Crumb Ltd · OpenSeal');
  const organizationUrl = page.url();

  await page.getByLabel('Domain').fill(`https://WWW.${domain.toUpperCase()}/`);
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(domain);
  await expect(page).toHaveTitle(`Site ${domain} · OpenSeal`);
  const siteUrl = page.url();

  // Not published yet: the check says why.
  await page.getByRole('button', { name: 'Check meta tag' }).click();
  await expect(alertIn(page).filter({ hasText: /^Not verified yet:/ })).toBeVisible();
  const metaTag = await page.getByTestId('meta-tag').inputValue();
  await page.getByRole('button', { name: 'Copy: Meta tag' }).click();
  await expect(page.getByText(/^(Copied to the clipboard\.|Could not copy by itself)/)).toBeVisible();

  // "I've added it": the page checks again by itself, saying when, until the tag is found (issue 13, item 12).
  const metaCard = page.locator('.card').filter({ has: page.getByRole('heading', { name: 'Meta tag on the home page' }) });
  await metaCard.getByRole('button', { name: 'I’ve added it — keep checking' }).click();
  await expect(page.getByTestId('recheck-meta')).toContainText(/Checking again in \d+ s \(check 2 of 10\)/);
  hosts.set(domain, { home: `<html><head><title>Shop</title>${metaTag}</head><body>Welcome</body></html>`, privacy: POLICY_HTML });
  await page.clock.fastForward(30_000); // RECHECK.everySeconds (proof-check.tsx)
  await expect(page.getByText(/^Ownership proven on .* by Meta tag on the home page\.$/)).toBeVisible();
  await page.reload();
  await expect(page.getByText('Ownership proven', { exact: true })).toBeVisible();
  await expect(page.getByTestId('proof-found-at')).toHaveText(`Found the meta tag on https://${domain}:${E2E_SITE_PORT + 1}/.`);

  await page.getByRole('button', { name: 'Apply for the Privacy Seal' }).click();
  await expect(page.getByTestId('application-status')).toContainText('Draft');
  await expect(page).toHaveTitle(`Application for ${domain} · OpenSeal`);
  // An application's state wears the seal's badge: a word with its own icon.
  await expect(page.getByTestId('application-status').locator('[data-status="draft"] svg[data-icon="pencil"]')).toHaveCount(1);
  const applicationUrl = page.url();

  // A partial draft survives a reload.
  const notice = page.getByTestId('criterion-privacy-notice');
  await notice.locator('textarea').fill('Our policy is linked from the footer of every page.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Draft saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('criterion-privacy-notice').locator('textarea')).toHaveValue('Our policy is linked from the footer of every page.');

  // The form comes in parts with progress; typing saves the draft by itself (issue 13, item 7).
  await expect(page.getByTestId('application-progress')).toHaveText(/^0 of \d+ mandatory criteria answered in full\.$/);
  await expect(page.getByTestId('criterion-change-of-control')).toBeHidden();
  await page.getByRole('navigation', { name: 'Parts of the application' }).getByRole('button', { name: /^Part 2 of/ }).click();
  await expect(page.getByRole('heading', { name: /^Part 2 of \d+:/ })).toBeFocused();
  await page.getByTestId('criterion-security').locator('textarea').fill('TLS everywhere; staff access is logged.');
  await expect(page.getByTestId('autosave-status')).toHaveText(/^Draft saved by itself at /, { timeout: 20_000 });
  await page.reload();
  await page.getByRole('navigation', { name: 'Parts of the application' }).getByRole('button', { name: /^Part 2 of/ }).click();
  await expect(page.getByTestId('criterion-security').locator('textarea')).toHaveValue('TLS everywhere; staff access is logged.');
  await page.getByRole('navigation', { name: 'Parts of the application' }).getByRole('button', { name: /^Part 1 of/ }).click();

  // Submitting too early lists what is missing, and keeps what was typed.
  await page.getByTestId('criterion-data-collected').locator('textarea').fill('Name, address, email.');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  const missing = page.getByTestId('missing-list');
  await expect(missing).toContainText('Privacy policy');
  await expect(missing).toContainText('Change of control');
  // The notice was answered but its evidence is missing: exactly that is said.
  await expect(missing.getByRole('listitem').filter({ hasText: 'A privacy policy linked from every page' })).toHaveText(/: Give the evidence asked for\.$/);
  await expect(page.getByTestId('criterion-data-collected').locator('textarea')).toHaveValue('Name, address, email.');
  // Focus moves to that summary; each gap's fields are marked invalid, and its line opens the part with the field.
  await expect(missing).toBeFocused();
  await expect(page.getByTestId('criterion-privacy-notice').locator('input[name^="evidence:"]')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('criterion-privacy-notice').locator('textarea')).not.toHaveAttribute('aria-invalid', 'true');
  await missing.getByRole('link', { name: 'Change of control' }).click();
  await expect(page.getByTestId('criterion-change-of-control').locator('textarea')).toBeFocused();
  await expect(page.getByTestId('criterion-change-of-control').locator('textarea')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Address of the privacy policy').fill(`http://${domain}:${E2E_SITE_PORT}/privacy`);
  await page.getByRole('button', { name: 'Capture policy' }).click();
  await expect(page.getByText(/^Policy captured:/)).toBeVisible();
  await expect(page.getByTestId('captured-policy')).toContainText(`from http://${domain}:${E2E_SITE_PORT}/privacy`);
  await page.getByTestId('captured-policy').getByText('Show the captured text').click();
  await expect(page.getByTestId('captured-policy')).toContainText('We never sell, rent or share');
  await expect(page.getByTestId('captured-policy')).not.toContainText('track()');

  expect(await answerEveryCriterion(page, 'https://shop.example/privacy')).toBeGreaterThanOrEqual(12);
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByText(/^Submitted\. A reviewer will assess/)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('application-status')).toContainText('Submitted');
  await expect(page.getByRole('button', { name: 'Submit for review' })).toHaveCount(0);

  // The site page no longer offers a second application while this one is open (issue 13, item 11)…
  await page.goto(siteUrl);
  await expect(page.getByRole('button', { name: 'Apply for the Privacy Seal' })).toHaveCount(0);
  await expect(page.getByTestId('apply-unavailable')).toContainText('An application for this site is in progress');
  // …and the portal's home shows the organization's application, when to expect a decision, and what to do next.
  await page.goto('/portal');
  const overview = page.getByTestId('portal-org-Kettle & Crumb Ltd');
  await expect(overview.getByRole('link', { name: `Privacy Seal for ${domain}` })).toBeVisible();
  await expect(overview).toContainText(/Submitted\s*decision usually by \d{1,2} \w+ \d{4}/);
  await expect(overview.getByTestId('next-steps')).toContainText('Nothing is waiting for you.');

  // The owner invites a colleague, who signs up through the link and joins.
  const colleague = newPerson('colleague');
  await page.goto(organizationUrl);
  await page.getByLabel('Colleague’s email address').fill(colleague.email);
  await page.getByRole('button', { name: 'Create invitation' }).click();
  const link = await page.getByTestId('one-time-secret').innerText();
  expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByText('Invitation link (shown once; also mailed to them):')).toBeVisible();

  const colleagueContext = await browser.newContext();
  const colleaguePage = await colleagueContext.newPage();
  await colleaguePage.goto(link);
  await expect(colleaguePage.getByRole('heading', { level: 1 })).toHaveText('Join Kettle & Crumb Ltd');
  await colleaguePage.getByRole('link', { name: 'create an account' }).click();
  await expect(colleaguePage.getByLabel('Email address')).toHaveValue(colleague.email);
  await colleaguePage.getByLabel('Your name').fill(colleague.name);
  await colleaguePage.getByLabel('Password', { exact: true }).fill(colleague.password);
  await colleaguePage.getByRole('button', { name: 'Create account' }).click();
  // The invitation is accepted only by an account that has proven it reads the invited address.
  await expect(colleaguePage.getByTestId('sign-up-sent')).toContainText('Check your mail');
  await verifyByMail(colleaguePage, colleague.email);
  await colleaguePage.goto(link);
  await colleaguePage.getByRole('main').getByRole('link', { name: 'sign in', exact: true }).click();
  await colleaguePage.getByLabel('Email address').fill(colleague.email);
  await colleaguePage.getByLabel('Password', { exact: true }).fill(colleague.password);
  await colleaguePage.getByRole('button', { name: 'Sign in' }).click();
  await colleaguePage.getByRole('button', { name: 'Accept the invitation' }).click();
  await expect(colleaguePage.getByText('Welcome: you are now a member of Kettle & Crumb Ltd.')).toBeVisible();
  await expect(colleaguePage.getByTestId(`member-${owner.email}`)).toContainText('Owner');
  await colleaguePage.getByRole('link', { name: /Privacy Seal \(criteria v\d+\)/ }).click();
  await expect(colleaguePage.getByTestId('application-status')).toContainText('Submitted');
  await colleagueContext.close();

  // Someone from another organization is told these pages do not exist.
  const outsiderContext = await browser.newContext();
  const outsiderPage = await outsiderContext.newPage();
  await signUpApplicant(outsiderPage, newPerson('outsider'));
  for (const url of [organizationUrl, siteUrl, applicationUrl]) {
    const response = await outsiderPage.goto(url);
    expect(response?.status(), url).toBe(404);
    // The title names nothing the outsider may not see.
    await expect(outsiderPage, url).toHaveTitle('Page not found · OpenSeal');
  }
  await outsiderContext.close();
});

test('[OWNER] edits the organization, resends an invitation and removes a site; a site a seal covers stays', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signUpApplicant(page, newPerson('editor'));
  await page.getByRole('link', { name: 'Create an organization' }).click();
  await page.getByLabel('Legal name').fill('Pantry & Pan Ltd');
  await page.getByLabel('Country of registration').selectOption({ label: 'United Kingdom' });
  await page.getByLabel('Contact email for privacy matters').fill('privacy@pantry.example');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pantry & Pan Ltd');
  const organizationUrl = page.url().split('?')[0]!;

  // The details, corrected with the form they were given in; a mistake is marked and what was typed stays.
  await page.getByText('Edit the organization’s details').click();
  await page.getByLabel('Legal name').fill('Pantry and Pan Limited');
  await page.getByLabel('Contact email for privacy matters').fill('not an address');
  await page.getByRole('button', { name: 'Save the details' }).click();
  await expect(page.getByLabel('Contact email for privacy matters')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Legal name')).toHaveValue('Pantry and Pan Limited');
  await expect(page.getByLabel('Country of registration')).toHaveValue('GB');
  await page.getByLabel('Contact email for privacy matters').fill('privacy@pantry.example');
  await page.getByRole('button', { name: 'Save the details' }).click();
  await expect(page.getByText('Saved: the details of Pantry and Pan Limited are updated.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pantry and Pan Limited');
  await page.reload();
  await expect(page).toHaveTitle('Pantry and Pan Limited · OpenSeal');

  // A site claimed by mistake is removed; its organization no longer lists it.
  const domain = `pantry-${randomBytes(3).toString('hex')}.example`;
  await page.getByLabel('Domain').fill(domain);
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(domain);
  await page.getByRole('button', { name: `Remove ${domain}` }).click();
  await confirmInDialog(page, 'Remove site');
  await expect(page).toHaveURL(`${organizationUrl}?removed=1`);
  await expect(page.getByText('The site is removed. Its domain is free')).toBeVisible();
  await expect(page.getByTestId(`site-${domain}`)).toHaveCount(0);

  // An invitation sent again: a new link, mailed; the first one no longer works and says why.
  const colleague = newPerson('resent');
  await page.getByLabel('Colleague’s email address').fill(colleague.email);
  await page.getByRole('button', { name: 'Create invitation' }).click();
  const firstLink = await page.getByTestId('one-time-secret').innerText();
  const beforeResend = Date.now();
  await page.getByRole('button', { name: `Send the invitation of ${colleague.email} again` }).click();
  const pending = page.getByTestId('pending-invitations');
  await expect(pending.getByText('New invitation link (shown once; also mailed to them):')).toBeVisible();
  const secondLink = await pending.getByTestId('one-time-secret').innerText();
  expect(secondLink).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
  expect(secondLink).not.toBe(firstLink);
  // The new link is mailed too (the first invitation's mail may arrive late: wait for the one with this link).
  const secondToken = secondLink.split('/invitations/')[1]!;
  await expect.poll(async () => linkIn(await mailTo(colleague.email, 'Invitation to join Pantry and Pan Limited', { after: beforeResend }), '/invitations/'), { timeout: 30_000 }).toContain(secondToken);
  await expect(page.getByTestId(`invitation-${colleague.email}`)).toHaveCount(1);
  await page.goto(firstLink);
  await expect(alertIn(page)).toHaveText(`This link was replaced by a newer invitation, mailed to ${colleague.email}. Use the link in the most recent mail.`);

  // Toysmart's site holds its seal: removing it is refused, naming the seal.
  const { context, page: ownerPage } = await signedInContext(browser, 'owner@toysmart.example');
  await ownerPage.goto('/portal');
  await ownerPage.getByRole('link', { name: 'Toysmart.com, Inc.' }).first().click();
  await ownerPage.getByRole('link', { name: 'toysmart.example', exact: true }).click();
  await expect(ownerPage.getByTestId(/^seal-OS-/).first()).toContainText(/: (Active|Suspended),/);
  await ownerPage.getByRole('button', { name: 'Remove toysmart.example' }).click();
  await confirmInDialog(ownerPage, 'Remove site');
  await expect(alertIn(ownerPage)).toContainText(/^toysmart\.example is covered by seal OS-\S+ \((active|suspended)\), so it cannot be removed\./);
  await ownerPage.reload();
  await expect(ownerPage.getByText('Ownership proven', { exact: true })).toBeVisible();
  await context.close();
});

test('[VISITOR] is sent to sign in from the portal’s organization pages', async ({ page }) => {
  await page.goto('/portal/organizations/00000000-0000-0000-0000-000000000000');
  await expect(page).toHaveURL(/\/login\?next=%2Fportal%2Forganizations%2F/);
});
