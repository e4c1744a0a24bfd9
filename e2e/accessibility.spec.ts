import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ADMIN_EMAIL, E2E_DEMO_PASSWORD, submitSignIn } from './fixtures';

/**
 * The main pages of each role checked by axe (issue 13, item 14) against WCAG 2.0/2.1 A and AA. A
 * serious or critical violation fails the test; the message names the rule, the page and the
 * elements, so whoever broke it sees where. Minor and moderate findings are printed, not failed.
 */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function expectAccessible(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole('main')).toBeVisible();
  // Legacy mode runs axe in the page itself. The default opens a blank page after each run to merge
  // the results of cross-origin frames; these pages have no frames, and that extra page cost more
  // than the analysis (the four tests, alone on the machine: 1.8 → 1.2 min).
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).setLegacyMode(true).analyze();
  const blocking = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  for (const violation of violations.filter((v) => !blocking.includes(v))) {
    console.log(`[axe] ${path}: ${violation.impact} ${violation.id} (${violation.nodes.length}×) — ${violation.help}`);
  }
  const report = blocking.map(
    (violation) =>
      `${violation.impact} ${violation.id}: ${violation.help}\n` +
      violation.nodes
        .slice(0, 5)
        .map((node) => `    ${node.target.join(' ')} — ${node.failureSummary?.split('\n').slice(1).join(' ').trim()}`)
        .join('\n'),
  );
  expect(report, `axe on ${path}`).toEqual([]);
}

async function signInAs(page: Page, email: string, landing: RegExp) {
  await submitSignIn(page, email, E2E_DEMO_PASSWORD);
  await expect(page).toHaveURL(landing);
}

test('[PUBLIC] the home, verification, directory, complaint and sign-in pages have no serious accessibility violation', async ({ page }) => {
  await page.goto('/directory');
  const firstSeal = await page.getByRole('main').locator('a[href^="/verify/"]').first().getAttribute('href');
  expect(firstSeal, 'the directory lists a certified seal').toBeTruthy();
  for (const path of ['/', '/verify', '/directory', firstSeal!, '/complaints/new', '/login', '/signup', '/forgot-password', '/programs', '/transparency', '/developers/api', '/no-such-page']) {
    await expectAccessible(page, path);
  }
});

test('[APPLICANT] the portal, its cases, the account and the notifications have no serious accessibility violation', async ({ page }) => {
  await signInAs(page, 'owner@toysmart.example', /\/portal/);
  const organization = await page.getByRole('main').locator('a[href^="/portal/organizations/"]').first().getAttribute('href');
  for (const path of ['/portal', organization ?? '/portal', `${organization}/webhooks`, '/portal/cases', '/account', '/account/security', '/notifications']) {
    await expectAccessible(page, path);
  }
});

test('[REVIEWER] the staff lists, a case, a complaint, a seal and the search have no serious accessibility violation', async ({ page }) => {
  await signInAs(page, 'reviewer@openseal.example', /\/review/);
  const paths = ['/review', '/review/complaints', '/review/cases', '/review/seals', '/review/conflicts', '/review/policy-changes?kind=all', '/review/search?q=toysmart'];
  for (const path of paths) await expectAccessible(page, path);
  // One record of each kind, reached from its list as a reviewer would.
  for (const list of ['/review/cases', '/review/complaints', '/review/seals']) {
    await page.goto(list);
    const record = await page.getByRole('main').locator(`a[href^="${list}/"]:not([href$=".csv"])`).first().getAttribute('href');
    if (record) await expectAccessible(page, record);
  }
});

test('[ADMIN] the users, audit trail, outbox, programs, policy rules, API keys and settings pages have no serious accessibility violation', async ({ page }) => {
  await signInAs(page, DEMO_ADMIN_EMAIL, /\/review/);
  for (const path of ['/review', '/review/users', '/review/audit', '/review/outbox', '/review/programs', '/review/programs/privacy-seal/policy-rules', '/review/api-keys', '/review/settings']) {
    await expectAccessible(page, path);
  }
  // A relying party's webhooks, with an endpoint registered (its secret shown) and its empty delivery log.
  const keyName = `Axe relying party ${Date.now()}`;
  await page.goto('/review/api-keys');
  const keyForm = page.getByRole('form', { name: 'Make a key' });
  await keyForm.getByLabel('Name', { exact: true }).fill(keyName);
  await keyForm.getByLabel(/Register webhooks for public/).check();
  await keyForm.getByRole('button', { name: 'Make key' }).click();
  await expect(page.getByTestId('api-key-token')).toBeVisible();
  await page.getByRole('link', { name: `Webhooks of the key ${keyName}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Webhooks of “${keyName}”`);
  await page.getByLabel('Address of your receiver').fill('https://hooks.axe.invalid/openseal');
  await page.getByLabel('Only these seals (optional)').fill('OS-0000-0001');
  await page.getByRole('button', { name: 'Register endpoint' }).click();
  await expect(page.getByTestId('webhook-secret')).toBeVisible();
  await expectAccessible(page, new URL(page.url()).pathname);
});
