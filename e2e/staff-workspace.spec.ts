import { expect, test, type Page } from '@playwright/test';
import { E2E_DEMO_PASSWORD, signInAsAdmin, submitSignIn } from './fixtures';

/** The audit events the page lists, by id, in order. */
async function auditRows(page: Page): Promise<string[]> {
  return page.getByTestId('audit-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-event-id')!));
}

/** The records a staff list shows on this page (an empty list's message row is none). */
function listRows(page: Page) {
  return page.locator('main table tbody tr:not(:has(td[colspan]))');
}

/**
 * Follows each number of the dashboard and counts the rows of the list it opens: the same, up to a
 * page (a longer list shows a full page and a "Next" link). Returns how many numbers were not zero.
 */
async function followDashboardNumbers(page: Page): Promise<number> {
  await page.goto('/review/dashboard');
  const links = page.locator('a[data-testid^="dashboard-"]');
  const numbers = await links.evaluateAll((all) => all.map((link) => ({ href: link.getAttribute('href')!, label: link.textContent!, count: link.querySelector('[data-testid="dashboard-count"]')!.textContent! })));
  expect(numbers.length).toBeGreaterThanOrEqual(8);
  let nonZero = 0;
  for (const number of numbers) {
    await page.goto('/review/dashboard');
    await page.locator(`a[data-testid^="dashboard-"][href="${number.href}"]`).click();
    await expect(page).toHaveURL(new RegExp(`${number.href.replace(/[?.]/g, '\\$&')}$`));
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Dashboard');
    const n = Number(number.count.replace(/[,+]/g, ''));
    if (n > 0) nonZero++;
    if (n <= 50 && !number.count.endsWith('+')) expect(await listRows(page).count(), `${number.label} → ${number.href}`).toBe(n);
    else expect(await listRows(page).count(), number.label).toBe(50);
  }
  return nonZero;
}

/** A CSV's rows (without its header), fetched as the browser would download it. */
async function csvRows(page: Page, href: string): Promise<string[][]> {
  const response = await page.request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const lines = (await response.text()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  // The files here hold no quoted commas in the first columns the test reads.
  return lines.slice(1).map((line) => line.split(','));
}

test('[REVIEWER] lands on the dashboard with the staff menu: work with counts, records, no administration', async ({ page }) => {
  await submitSignIn(page, 'reviewer@openseal.example', E2E_DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/review\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const menu = page.getByRole('navigation', { name: 'Staff' });
  // The queue is one click away.
  await expect(menu.getByRole('link', { name: 'Review queue', exact: true })).toHaveAttribute('href', '/review');
  for (const group of ['Work', 'Records']) await expect(menu.getByRole('heading', { name: group })).toBeVisible();
  await expect(menu.getByRole('heading', { name: 'Administration' })).toHaveCount(0);
  // Reviewers may read the seal list now.
  await menu.getByRole('link', { name: 'Seals', exact: true }).click();
  await expect(page).toHaveURL(/\/review\/seals$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('search', { name: 'Search records' })).toBeVisible();
});

test('[ADMIN] pages the audit trail forward and back, each event once, and exports exactly the filtered list as CSV', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Audit', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();

  // The demo alone wrote more than a page of events.
  const first = await auditRows(page);
  expect(first).toHaveLength(50);
  const pages = page.getByRole('navigation', { name: 'Pages of the audit trail' });
  await pages.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/after=/);
  const second = await auditRows(page);
  expect(second.length).toBeGreaterThan(0);
  expect(second.filter((row) => first.includes(row))).toEqual([]);
  await pages.getByRole('link', { name: '← Previous' }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(page.getByTestId('audit-row').first()).toHaveAttribute('data-event-id', first[0]!);
  expect(await auditRows(page)).toEqual(first);

  // Filtered to seal actions: every listed row is one, and the CSV holds exactly the listed events.
  const filter = page.getByRole('form', { name: 'Filter the audit trail' });
  await filter.getByLabel('Action (or its start, e.g. “seal.”)').fill('seal.');
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=seal\./);
  const listed = await page.getByTestId('audit-row').locator('td:nth-child(3)').allInnerTexts();
  expect(listed.length).toBeGreaterThan(0);
  expect(listed.every((action) => action.startsWith('seal.'))).toBe(true);
  await expect(pages).toHaveCount(0); // one page: the CSV and the screen hold the same rows
  const href = await page.getByRole('link', { name: 'Download this list as CSV' }).getAttribute('href');
  expect(href).toContain('/review/audit/export.csv?action=seal.');
  const rows = await csvRows(page, href!);
  expect(rows.map((row) => row[2])).toEqual(listed);
});

test('[REVIEWER] exports the complaints list with its filter as CSV: the listed complaints, nothing else', async ({ page }) => {
  await submitSignIn(page, 'reviewer@openseal.example', E2E_DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/review\/dashboard$/);
  await page.goto('/review/complaints?state=all');
  const references = (await page.locator('tr[data-testid^="complaint-row-"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')!.replace('complaint-row-', ''))));
  expect(references.length).toBeGreaterThan(0);
  const href = await page.getByRole('link', { name: 'Download this list as CSV' }).getAttribute('href');
  expect(href).toBe('/review/complaints/export.csv?state=all');
  const rows = await csvRows(page, href!);
  if (references.length < 50) expect(rows.map((row) => row[0])).toEqual(references);
  else expect(rows.slice(0, 50).map((row) => row[0])).toEqual(references);
});

test('[ADMIN] lands on the dashboard; each number opens the list of exactly that many rows', async ({ page }) => {
  test.setTimeout(180_000); // two page loads for each of eight numbers
  await signInAsAdmin(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  for (const group of ['Overdue', 'Assigned to you', 'New', 'Waiting for a decision', 'Coming up']) await expect(page.getByRole('heading', { level: 2, name: group })).toBeVisible();
  // The demo's data puts something behind some of the numbers (fast-track complaints, cases, seals).
  expect(await followDashboardNumbers(page)).toBeGreaterThan(0);
});

test('[REVIEWER] the dashboard\'s numbers are the reviewer\'s and lead to lists as long', async ({ page }) => {
  test.setTimeout(180_000);
  await submitSignIn(page, 'reviewer@openseal.example', E2E_DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/review\/dashboard$/);
  await expect(page.getByTestId('dashboard-myCases')).toContainText('Open cases assigned to you');
  await followDashboardNumbers(page);
});
