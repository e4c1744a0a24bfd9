import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startLoopbackDns } from './loopback-dns';
import { E2E_BASE_URL, E2E_DEMO_PASSWORD, newPerson, signUpApplicant, submitSignIn, confirmInDialog, answerEveryCriterion } from './fixtures';
import { revokeWithFourEyes } from './badge-fixtures';

const PUBLIC_ID = /OS-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;

/** Serves the TXT records of the ownership check to the e2e server (which resolves through E2E_DNS_PORT). */
let dnsServer: Awaited<ReturnType<typeof startLoopbackDns>> | undefined;

test.beforeAll(async () => {
  dnsServer = await startLoopbackDns();
});

test.afterAll(async () => {
  await dnsServer?.close();
});

/** Toysmart's seal id, found the way a visitor would: the look-up by domain on /verify. */
async function toysmartSealId(page: Page) {
  await page.goto('/verify');
  await page.getByLabel('Seal id or domain').fill('toysmart.example');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByRole('heading', { name: 'Seals for toysmart.example' })).toBeVisible();
  const link = page.getByTestId('lookup-results').getByRole('link', { name: PUBLIC_ID });
  await expect(link).toHaveCount(1);
  return { sealId: (await link.textContent())!.trim(), link };
}

async function signedIn(browser: Browser, email: string, password = E2E_DEMO_PASSWORD) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitSignIn(page, email, password);
  await expect(page.getByTestId('signed-in-user')).toBeVisible();
  return { context, page };
}

test('[VISITOR] looks up toysmart.example and reads its verification page: holder, domain, Active, program, history, report link', async ({ page }) => {
  const { sealId, link } = await toysmartSealId(page);
  await link.click();
  await expect(page).toHaveURL(`${E2E_BASE_URL}/verify/${sealId}`);
  await expect(page).toHaveTitle(`Seal ${sealId}: Active — Toysmart.com, Inc. · OpenSeal`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Seal ${sealId}`);
  await expect(page.getByRole('heading', { name: 'Status: Active' })).toBeVisible();
  await expect(page.getByTestId('status-meaning')).toContainText('This site’s seal is active: Toysmart.com, Inc. was assessed against the Privacy Seal');
  await expect(page.getByTestId('seal-holder')).toHaveText('Toysmart.com, Inc., United States');
  await expect(page.getByTestId('seal-domains')).toContainText('toysmart.example');
  await expect(page.getByRole('link', { name: 'Privacy Seal', exact: true })).toHaveAttribute('href', '/programs/privacy-seal');
  const version = page.getByRole('link', { name: /^Version \d+$/ });
  await expect(version).toHaveAttribute('href', /^\/programs\/privacy-seal\/versions\/\d+$/);
  await expect(page.getByTestId('public-history').getByRole('listitem').last()).toContainText('Seal issued');
  await expect(page.getByRole('link', { name: 'Report a concern about this site' })).toHaveAttribute('href', `/complaints/new?seal=${sealId}`);

  // The criteria version link leads to the published criteria it was granted under.
  await version.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Privacy Seal');

  // An id typed by hand, in lower case or with spaces, lands on the canonical address.
  await page.goto(`/verify/${sealId.toLowerCase()}`);
  await expect(page).toHaveURL(`${E2E_BASE_URL}/verify/${sealId}`);
  await page.goto(`/verify/%20${sealId.replaceAll('-', '%20').toLowerCase()}%20`);
  await expect(page).toHaveURL(`${E2E_BASE_URL}/verify/${sealId}`);
  // And so does the look-up form given the id.
  await page.goto('/verify');
  await page.getByLabel('Seal id or domain').fill(` ${sealId.toLowerCase()} `);
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page).toHaveURL(`${E2E_BASE_URL}/verify/${sealId}`);
});

test('[VISITOR] an unknown or malformed seal id answers 404 and warns that the badge may be fake', async ({ page }) => {
  for (const id of ['OS-2222-2222', 'not-a-seal']) {
    const response = await page.goto(`/verify/${id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('No seal with this id');
    await expect(page.getByTestId('fake-badge-warning')).toContainText('Warning: the badge you clicked may be fake.');
    await expect(page.getByRole('main')).toContainText('Check the address bar.');
    await expect(page.getByRole('link', { name: 'directory of certified sites' })).toHaveAttribute('href', '/directory');
    await expect(page).toHaveTitle('No such seal: the badge may be fake · OpenSeal');
  }
  // A domain nobody certified: the look-up says a badge there is not genuine.
  await page.getByLabel('Seal id or domain').fill('fraudshop.example');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByTestId('lookup-empty')).toContainText('No seal was ever issued for fraudshop.example.');
});

test('[VISITOR] finds Toysmart in the directory by name and by domain, with its status in words', async ({ page }) => {
  const { sealId } = await toysmartSealId(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Directory of certified sites');
  const row = page.getByTestId(`directory-row-${sealId}`);
  await expect(row).toContainText('Active');

  for (const search of ['toysmart.com', 'https://www.toysmart.example/']) {
    await page.getByLabel('Holder name or domain').fill(search);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/directory\?q=/);
    await expect(row).toContainText('Toysmart.com, Inc.');
    await expect(row).toContainText('toysmart.example');
    await expect(row.getByText('Active', { exact: true })).toBeVisible();
  }
  await expect(page.getByRole('table')).not.toContainText('Bluebird');
  await row.getByRole('link', { name: `Verify seal ${sealId} of Toysmart.com, Inc.` }).click();
  await expect(page).toHaveURL(`${E2E_BASE_URL}/verify/${sealId}`);

  await page.goto('/directory?q=no-such-holder-anywhere');
  await expect(page.getByTestId('directory-empty')).toContainText('No certified site matches “no-such-holder-anywhere”.');
});

test('[VISITOR] pages through the directory with Previous and Next, and an old page number lands on the first page', async ({ page }) => {
  await page.goto('/directory');
  const rows = page.getByTestId('directory-table').locator('tbody tr');
  const firstId = (await rows.first().getAttribute('data-testid'))!.replace('directory-row-', '');
  const secondId = (await rows.nth(1).getAttribute('data-testid'))!.replace('directory-row-', '');
  const firstHolder = (await rows.first().locator('td').first().locator('span').first().textContent())!;
  const nav = page.getByRole('navigation', { name: 'Pages of the directory' });
  // The first page has nothing before it.
  await expect(page.getByRole('link', { name: '← Previous' })).toHaveCount(0);

  // The page after the first row (the cursor a Next link carries: part, seal id, holder name as sorted).
  await page.goto(`/directory?after=${encodeURIComponent(`1~${firstId}~${firstHolder.toLowerCase()}`)}`);
  await expect(rows.first()).toHaveAttribute('data-testid', `directory-row-${secondId}`);
  await expect(page.getByTestId(`directory-row-${firstId}`)).toHaveCount(0);
  await nav.getByRole('link', { name: '← Previous' }).click();
  await expect(page).toHaveURL(/\/directory\?before=/);
  await expect(rows.first()).toHaveAttribute('data-testid', `directory-row-${firstId}`);
  await expect(page.getByRole('link', { name: '← Previous' })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/\/directory\?after=/);
  await expect(rows.first()).toHaveAttribute('data-testid', `directory-row-${secondId}`);

  // Numbered pages are gone: an old link answers with the first page of the same search.
  await page.goto('/directory?page=999');
  await expect(page).toHaveURL(`${E2E_BASE_URL}/directory`);
  await expect(rows.first()).toHaveAttribute('data-testid', `directory-row-${firstId}`);
  await page.goto('/directory?page=two&q=toysmart');
  await expect(page).toHaveURL(`${E2E_BASE_URL}/directory?q=toysmart`);
  await expect(page.getByLabel('Holder name or domain')).toHaveValue('toysmart');
  await expect(page.getByRole('table')).toContainText('Toysmart.com, Inc.');
  // A cursor edited by hand is the first page, not an error page.
  await page.goto('/directory?after=not-a-cursor');
  await expect(rows.first()).toHaveAttribute('data-testid', `directory-row-${firstId}`);
  // Two letters are not searched, and the page says so.
  await page.goto('/directory?q=to');
  await expect(page.getByText('Type at least 3 characters of a name or a domain, or a whole seal id, to search')).toBeVisible();
  await expect(rows.first()).toHaveAttribute('data-testid', `directory-row-${firstId}`);
});

test('[APPLICANT] the Toysmart owner sees both badge snippets with the seal id on the site page', async ({ browser }) => {
  const owner = await signedIn(browser, 'owner@toysmart.example');
  const page = owner.page;
  await owner.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: E2E_BASE_URL });
  await page.goto('/portal');
  await page.getByRole('link', { name: 'Toysmart.com, Inc.' }).click();
  await page.getByTestId('site-toysmart.example').getByRole('link', { name: 'toysmart.example', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('toysmart.example');
  const sealId = PUBLIC_ID.exec((await page.locator('[data-testid^="seal-OS-"]').first().textContent()) ?? '')![0];

  await expect(page.getByRole('heading', { name: 'Show your seal' })).toBeVisible();
  const script = page.getByLabel(`Script snippet for ${sealId} (recommended)`, { exact: true });
  await expect(script).toHaveValue(`<script async src="${E2E_BASE_URL}/embed/v1/seal.js" data-seal-id="${sealId}"></script>`);
  const image = page.getByLabel(`Snippet without JavaScript for ${sealId}`, { exact: true });
  await expect(image).toHaveValue(
    new RegExp(`^<a href="${E2E_BASE_URL}/verify/${sealId}"><img src="${E2E_BASE_URL}/api/v1/seals/${sealId}/badge\\.svg" alt="[^"]+" width="\\d+" height="\\d+"></a>$`),
  );
  await expect(script).toHaveAttribute('readonly', '');
  await expect(page.getByTestId('badge-snippets')).toContainText('script-src');
  await expect(page.getByTestId('badge-snippets')).toContainText('connect-src');
  await expect(page.getByRole('link', { name: `verification page of ${sealId}` })).toHaveAttribute('href', `/verify/${sealId}`);

  await page.getByRole('button', { name: `Copy: Script snippet for ${sealId} (recommended)` }).click();
  await expect(page.getByText('Copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await script.inputValue());
  await owner.context.close();
});

/**
 * A seal of its own, from sign-up to issue, so that revoking it disturbs no other spec: the
 * applicant proves the domain with a DNS TXT record and applies; the reviewer approves.
 */
async function issueSealThroughTheUi(browser: Browser, holderName: string, domain: string) {
  const applicantContext = await browser.newContext();
  const ap = await applicantContext.newPage();
  await signUpApplicant(ap, newPerson('holder'));
  await ap.getByRole('link', { name: 'Create an organization' }).click();
  await ap.getByLabel('Legal name').fill(holderName);
  await ap.getByLabel('Country of registration').selectOption({ label: 'Germany' });
  await ap.getByLabel('Contact email for privacy matters').fill('privacy@holder.example');
  await ap.getByRole('button', { name: 'Create organization' }).click();
  await ap.getByLabel('Domain').fill(domain);
  await ap.getByRole('button', { name: 'Add site' }).click();
  await expect(ap.getByRole('heading', { level: 1 })).toContainText(domain);
  dnsServer!.publishTxt(domain, await ap.getByTestId('dns-value').inputValue());
  await ap.getByRole('button', { name: 'Check DNS record' }).click();
  await expect(ap.getByText(/^Ownership proven on /)).toBeVisible();

  await ap.getByRole('button', { name: 'Apply for the Privacy Seal' }).click();
  await expect(ap.getByTestId('application-status')).toContainText('Draft');
  await ap.getByLabel('Paste the text').check();
  await ap
    .getByLabel('Privacy policy text')
    .fill(
      'We collect your name, postal address and email address to deliver your orders. We never sell, rent or share your personal data with third parties. ' +
        'If our business is sold or merged, your data passes only to a successor in the same line of business that is bound by this policy.',
    );
  await ap.getByRole('button', { name: 'Capture policy' }).click();
  await expect(ap.getByText(/^Policy captured:/)).toBeVisible();
  await answerEveryCriterion(ap, `https://${domain}/privacy`, (n) => `Our practice, as our policy states (item ${n}).`);
  await ap.getByRole('button', { name: 'Submit for review' }).click();
  await expect(ap.getByText(/^Submitted\. A reviewer will assess/)).toBeVisible();
  await applicantContext.close();

  const reviewer = await signedIn(browser, 'reviewer@openseal.example');
  const rp = reviewer.page;
  await rp.goto('/review');
  const row = rp.getByTestId(`queue-row-${domain}`);
  await row.getByRole('button', { name: `Claim the application for ${domain}` }).click();
  await expect(row).toContainText('Rita Reviewer');
  await row.getByRole('link', { name: domain }).click();
  await expect(rp.getByTestId('application-status')).toContainText('In review');
  const verdicts = rp.locator('fieldset[data-testid^="assess-"]');
  await expect(verdicts.first()).toBeVisible();
  for (let i = 0; i < (await verdicts.count()); i++) await verdicts.nth(i).getByLabel('Meets', { exact: true }).check();
  await rp.getByRole('button', { name: 'Save verdicts' }).click();
  await expect(rp.getByRole('main').getByRole('status').first()).toContainText('Saved');
  await rp.getByRole('button', { name: 'Approve and issue the seal' }).click();
  await confirmInDialog(rp, 'Approve and issue the seal');
  await expect(rp.getByTestId('application-status')).toContainText('Approved');
  const sealId = PUBLIC_ID.exec((await rp.getByTestId('issued-seal').textContent()) ?? '')![0];
  return { sealId, reviewer };
}

test('[REVIEWER→ADMIN→VISITOR] a revoked seal stays in the directory as revoked, and its page says why', async ({ browser, page }) => {
  test.setTimeout(150_000);
  const tag = randomBytes(3).toString('hex');
  const holderName = `Kinderkiste ${tag} GmbH`;
  const domain = `kinderkiste-${tag}.example`;
  const { sealId, reviewer } = await issueSealThroughTheUi(browser, holderName, domain);

  await revokeWithFourEyes(browser, reviewer.page, sealId, { reason: { label: 'The holder violated its privacy commitments' }, statement: 'The customer list was offered for sale.' });
  await reviewer.context.close();

  await page.goto('/directory');
  await page.getByLabel('Holder name or domain').fill(domain);
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.getByTestId(`directory-row-${sealId}`);
  await expect(row).toContainText(holderName);
  await expect(row.getByText('Revoked', { exact: true })).toBeVisible();
  await expect(row).toContainText('since');

  await row.getByRole('link', { name: `Verify seal ${sealId} of ${holderName}` }).click();
  await expect(page.getByRole('heading', { name: 'Status: Revoked' })).toBeVisible();
  await expect(page.getByTestId('status-meaning')).toHaveText('This site’s seal was revoked: The customer list was offered for sale. The site is no longer certified, and a revocation is final.');
  await expect(page.getByTestId('seal-reason')).toHaveText('The customer list was offered for sale.');
  const history = page.getByTestId('public-history').getByRole('listitem');
  await expect(history).toHaveCount(2);
  await expect(history.first()).toContainText('Revoked: The holder violated its privacy commitments: The customer list was offered for sale.');
  await expect(history.last()).toContainText('Seal issued');
});
