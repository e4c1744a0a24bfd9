import { expect, test } from '@playwright/test';
import { E2E_DEMO_PASSWORD, submitSignIn } from './fixtures';
import { moveServerClock } from './badge-fixtures';

test('[REVIEWER] sees the hosts whose pages showed Toysmart’s badge without being covered by it', async ({ page, request }) => {
  // Counts reach the database in batches (every 30 s on the server); the test clock's hook writes
  // them at once (moved by 0 ms), and the listing is polled until the write is done.
  test.setTimeout(120_000);
  const { seals } = (await (await request.get('/api/v1/seals?domain=toysmart.example')).json()) as { seals: Array<{ sealId: string }> };
  const sealId = seals.at(-1)!.sealId;

  // The copied badge on fraudshop.example asks for the status (Origin) and the image (Referer);
  // the certified site asks too, and is not a sighting.
  const asked = [
    request.get(`/api/v1/seals/${sealId}/status`, { headers: { Origin: 'https://fraudshop.example' } }),
    request.get(`/api/v1/seals/${sealId}/badge.svg`, { headers: { Referer: 'https://fraudshop.example/checkout' } }),
    request.get(`/api/v1/seals/${sealId}/status`, { headers: { Origin: 'https://toysmart.example' } }),
    request.get(`/api/v1/seals/${sealId}/badge.svg`, { headers: { Referer: 'https://www.toysmart.example/privacy' } }),
  ];
  for (const response of await Promise.all(asked)) expect(response.status()).toBe(200);
  await moveServerClock(request, { advanceMs: 0 });

  await submitSignIn(page, 'reviewer@openseal.example', E2E_DEMO_PASSWORD);
  await expect(page.getByTestId('signed-in-user')).toBeVisible();
  await page.goto(`/review/seals/${sealId}`);
  const section = page.getByRole('region', { name: 'Pages showing this seal on other hosts' });
  const fraudshop = section.getByTestId('sighting-fraudshop.example');
  await expect(async () => {
    await page.reload();
    await expect(fraudshop).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 90_000, intervals: [2_000] });

  const cells = fraudshop.getByRole('cell');
  await expect(cells.nth(0)).toHaveText('fraudshop.example');
  // Other specs may show the same badge on fraudshop.example: at least these two requests.
  expect(Number((await cells.nth(1).textContent())!.replace(/,/g, ''))).toBeGreaterThanOrEqual(2);
  await expect(cells.nth(2)).toHaveText(/^\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC$/);
  // A sighting is only what the page claimed: the monitor's check of fraudshop.example's own page says where it stands.
  await expect(cells.nth(4)).toHaveText(/^(Not checked yet|Unconfirmed, checked|Confirmed)/);
  await expect(section.getByTestId('sighting-toysmart.example')).toHaveCount(0);
  await expect(section.getByTestId('sighting-www.toysmart.example')).toHaveCount(0);
});
