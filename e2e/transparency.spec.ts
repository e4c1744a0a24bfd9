import { expect, test } from '@playwright/test';

test('[PUBLIC] downloads the transparency report as JSON and as CSV, and is told what is wrong with a period', async ({ request }) => {
  const json = await request.get('/api/v1/transparency?from=2000-01-01&to=2099-12-31');
  expect(json.status()).toBe(200);
  expect(json.headers()['access-control-allow-origin']).toBe('*');
  const report = await json.json();
  expect(report.period).toEqual({ from: '2000-01-01', to: '2099-12-31' });
  expect(report.smallCounts).toContain('fewer than 5');
  // The demo's seals: Toysmart's and the others, each issued once over the whole period.
  expect(report.seals.issued).toBeGreaterThanOrEqual(5);
  expect(Object.keys(report.complaints.byCategory)).toEqual(['data_sale', 'third_party_sharing', 'ignored_opt_out', 'security_incident', 'seal_misuse', 'other']);

  const csv = await request.get('/api/v1/transparency?from=2000-01-01&to=2099-12-31', { headers: { Accept: 'text/csv' } });
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv.headers()['content-disposition']).toBe('attachment; filename="openseal-transparency-2000-01-01-to-2099-12-31.csv"');
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines[0]).toBe('section,figure,value');
  expect(lines).toContain(`seals,issued,${report.seals.issued}`);
  expect((await request.get('/api/v1/transparency?format=csv')).headers()['content-type']).toBe('text/csv; charset=utf-8');

  const wrong = await request.get('/api/v1/transparency?from=2026-05-01&to=2026-04-01');
  expect(wrong.status()).toBe(400);
  expect(await wrong.json()).toEqual({ error: 'bad_request', message: 'The period’s start (from) must not be after its end (to).' });
});

test('[PUBLIC] reads the transparency report for the last 12 months and for all time, and is told what is wrong with a period', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Transparency' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Transparency report' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('shown as “fewer than 5”');
  const seals = page.getByTestId('seal-figures');
  await expect(seals.getByRole('row', { name: /Certified now/ })).toBeVisible();
  // The same figure as the download, through the same small-count rule.
  const { seals: figures } = await (await page.request.get('/api/v1/transparency')).json();
  await expect(seals.getByRole('row', { name: /Certified now/ }).getByRole('cell')).toHaveText(figures.certifiedNow === null ? 'fewer than 5' : figures.certifiedNow.toLocaleString('en'));
  await expect(page.getByRole('img', { name: /Seals: certified now, and what happened to them in the period: a bar chart/ })).toBeVisible();

  await page.getByRole('list', { name: 'Choose a period' }).getByRole('link', { name: 'All time' }).click();
  await expect(page).toHaveURL(/\/transparency\?from=2000-01-01&to=\d{4}-\d\d-\d\d$/);
  await expect(page.getByTestId('report-period')).toContainText('From 1 January 2000 to');
  const csvLink = page.getByTestId('report-period').getByRole('link', { name: 'CSV' });
  await expect(csvLink).toHaveAttribute('href', /\/api\/v1\/transparency\?from=2000-01-01&to=\d{4}-\d\d-\d\d&format=csv$/);

  await page.getByLabel('From', { exact: true }).fill('2026-05-01');
  await page.getByLabel('To', { exact: true }).fill('2026-04-01');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('period-problem')).toHaveText('The period’s start (from) must not be after its end (to).');
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('2026-05-01');
});
