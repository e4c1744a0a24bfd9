import { expect, test, type Page } from '@playwright/test';
import { E2E_DEMO_PASSWORD, signInAsAdmin, submitSignIn } from './fixtures';

/**
 * Phones (issue 12, item 7): at 390 px nothing on a staff or portal page scrolls sideways, and the
 * rows of every table are stacked cards, each cell under its column's name.
 */
test.use({ viewport: { width: 390, height: 844 } });

/** The first link in the page's content whose address matches, for pages reached from a list. */
async function firstLink(page: Page, path: string, pattern: RegExp): Promise<string> {
  await page.goto(path);
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
  const href = hrefs.find((candidate) => pattern.test(candidate));
  expect(href, `a link matching ${pattern} on ${path}`).toBeTruthy();
  return href!;
}

/** Opens the page and checks that it fits 390 px and that its tables (if any) show rows as cards. */
async function expectFitsAPhone(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
  const row = page.locator('main table tbody tr').first();
  if ((await row.count()) === 0) return;
  // A card: the row is a block with a border, the column headers are out of sight, each cell is named.
  expect(await row.evaluate((tr) => getComputedStyle(tr).display), `${path}: table rows are cards`).toBe('block');
  expect(await row.evaluate((tr) => getComputedStyle(tr).borderTopStyle)).toBe('solid');
  const header = page.locator('main table thead').first();
  if ((await header.count()) > 0) {
    expect(await header.evaluate((thead) => thead.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
    // Labelled once the page's script runs; a row spanning every column (an empty list's message) has no label.
    await expect(page.locator('main table tbody td[data-label]').first()).toBeAttached();
  }
}

test('[ADMIN] every staff page fits a 390 px screen, and its table rows are cards', async ({ page }) => {
  test.setTimeout(300_000); // seventeen pages, some of them long
  await signInAsAdmin(page);
  const pages = [
    '/review/dashboard',
    '/review',
    '/review/complaints',
    '/review/complaints?state=all',
    '/review/cases?state=all',
    '/review/seals',
    '/review/audit',
    '/review/users',
    '/review/outbox',
    '/review/search?q=toysmart',
    '/review/conflicts',
    '/review/programs',
    '/review/settings',
  ];
  for (const path of pages) await expectFitsAPhone(page, path);
  // A record of each kind, as its list links to it.
  await expectFitsAPhone(page, await firstLink(page, '/review/cases?state=all', /^\/review\/cases\/K-/));
  await expectFitsAPhone(page, await firstLink(page, '/review/seals', /^\/review\/seals\/OS-/));
  await expectFitsAPhone(page, await firstLink(page, '/review', /^\/review\/applications\//));
  await expectFitsAPhone(page, await firstLink(page, '/review/complaints?state=all', /^\/review\/complaints\/C-/));
});

test('[APPLICANT] every portal page fits a 390 px screen', async ({ page }) => {
  test.setTimeout(240_000);
  await submitSignIn(page, 'owner@toysmart.example', E2E_DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/portal$/);
  for (const path of ['/portal', '/portal/cases', '/notifications', '/account', '/account/security']) await expectFitsAPhone(page, path);
  // Toysmart's organization, its first site, and an application of it, each linked from the one before.
  const organization = await firstLink(page, '/portal', /^\/portal\/organizations\/[0-9a-f-]{36}$/);
  await expectFitsAPhone(page, organization);
  await page.goto(organization);
  const sites = await page.locator('main a[href^="/portal/sites/"]').evaluateAll((links) => [...new Set(links.map((link) => link.getAttribute('href')!))]);
  expect(sites.length).toBeGreaterThan(0);
  let application: string | undefined;
  for (const site of sites) {
    await expectFitsAPhone(page, site);
    const links = await page.locator('main a[href^="/portal/applications/"]').evaluateAll((found) => found.map((link) => link.getAttribute('href')!));
    application ??= links[0];
  }
  expect(application, 'an application linked from one of Toysmart’s sites').toBeTruthy();
  await expectFitsAPhone(page, application!);
});

test.describe('on a wide screen', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('[ADMIN] tables stay tables: their headers are shown and rows are table rows', async ({ page }) => {
    await signInAsAdmin(page);
    for (const path of ['/review/users', '/review/seals']) {
      await page.goto(path);
      const header = page.locator('main table thead').first();
      await expect(header).toBeVisible();
      expect(await header.evaluate((thead) => thead.getBoundingClientRect().width), `${path}: the header row is as wide as the table`).toBeGreaterThan(300);
      expect(await page.locator('main table tbody tr').first().evaluate((tr) => getComputedStyle(tr).display), `${path}: rows are table rows`).toBe('table-row');
    }
  });
});
