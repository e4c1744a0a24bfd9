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

test('[PUBLIC] reads the cases and the month-by-month charts of the report, each beside its table', async ({ page }) => {
  await page.goto('/transparency?from=2000-01-01&to=2099-12-31');
  const { cases, monthly } = await (await page.request.get('/api/v1/transparency?from=2000-01-01&to=2099-12-31')).json();
  const shown = (value: number | null) => (value === null ? 'fewer than 5' : value.toLocaleString('en'));
  await expect(page.getByRole('heading', { level: 2, name: 'Cases' })).toBeVisible();
  // The demo's revocation of Old Mill Crafts went through a case, proposed and confirmed by two people.
  expect(cases.decisionsByOutcome.revocation === null || cases.decisionsByOutcome.revocation >= 1).toBe(true);
  await expect(page.getByTestId('case-outcome-figures').getByRole('row', { name: /Revocation of the seal/ }).getByRole('cell')).toHaveText(shown(cases.decisionsByOutcome.revocation));
  await expect(page.getByTestId('case-opened-figures').getByRole('row', { name: /Opened by the seal authority/ }).getByRole('cell')).toHaveText(shown(cases.openedByKind.authority));
  await expect(page.getByTestId('checklist-figures').getByRole('row', { name: /Not sold as a stand-alone asset/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Decisions by outcome: a bar chart/ })).toBeVisible();

  await expect(page.getByRole('heading', { level: 2, name: 'Month by month' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Case decisions by outcome, by month: a bar chart by month/ })).toBeVisible();
  const months = page.getByTestId('monthly-complaints').getByRole('row');
  await expect(months).toHaveCount(monthly.length + 1); // and the header
  const last = monthly.at(-1);
  await expect(months.last().getByRole('cell').first()).toHaveText(shown(last.complaintsReceived));
});

test('[PUBLIC] finds on the home page how to check a badge, the headline figures and the latest sanctions, and follows one to the seal', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2, name: 'Check a badge' })).toBeVisible();
  const { seals } = await (await page.request.get('/api/v1/transparency')).json();
  const certified = page.getByTestId('headline-figures').locator('div').filter({ hasText: 'Sites certified now' }).locator('dd');
  await expect(certified).toHaveText(seals.certifiedNow === null ? 'fewer than 5' : seals.certifiedNow.toLocaleString('en'));
  await expect(page.getByRole('link', { name: 'The full transparency report' })).toHaveAttribute('href', '/transparency');

  const sanctions = page.getByTestId('recent-sanctions').getByRole('listitem');
  await expect(sanctions.first()).toContainText(/: seal (suspended|revoked)/);
  const first = sanctions.first().getByRole('link', { name: /^Seal OS-/ });
  const sealId = (await first.textContent())!;
  await first.click();
  await expect(page).toHaveURL(`/verify/${sealId}`);
  await expect(page.getByTestId('public-history')).toContainText(/Suspended|Revoked/);
  await expect(page.getByRole('heading', { level: 2, name: 'Complaints in the last 3 years' })).toBeVisible();
  await expect(page.getByTestId('complaint-record')).toContainText('The seal authority received');

  await page.goto('/');
  await page.getByRole('search', { name: 'Look up a seal' }).getByLabel('Seal id or domain').fill(sealId.toLowerCase());
  await page.getByRole('search', { name: 'Look up a seal' }).getByRole('button', { name: 'Look up' }).click();
  await expect(page).toHaveURL(`/verify/${sealId}`);
});
