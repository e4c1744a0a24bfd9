import { expect, test, type Page } from '@playwright/test';
import { signedInContext } from './badge-fixtures';

/**
 * The staff search (issue 12): a reviewer finds a complaint by its reference and a seal by its
 * domain in the search box and lands on the record; text lists what matches; nonsense says so.
 * Uses the demo world as every spec finds it (Toysmart's seal on toysmart.example, the demo's
 * complaints), and changes nothing.
 */

/** The search page's own box (the layout's is named "Search records"). */
function searchBox(page: Page) {
  return page.getByRole('search', { name: 'Seal id, reference, name, domain or email' }).getByRole('searchbox');
}

async function searchFor(page: Page, text: string) {
  await page.goto('/review/search');
  await searchBox(page).fill(text);
  await searchBox(page).press('Enter');
}

test('[REVIEWER] finds a complaint by its reference and a seal by its domain in the search box, and lands on each', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, 'reviewer@openseal.example', { role: 'Reviewer' });

  // A reference as a reviewer has it at hand: from the complaints list, typed in lower case.
  await page.goto('/review/complaints');
  const reference = (await page.locator('a[href^="/review/complaints/C-"]').first().textContent())?.trim() ?? '';
  expect(reference).toMatch(/^C-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  // Typed in the box of the staff menu, which every staff page shows.
  const menuBox = page.getByRole('navigation', { name: 'Staff' }).getByRole('search', { name: 'Search records' }).getByRole('searchbox');
  await menuBox.fill(reference.toLowerCase());
  await menuBox.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/review/complaints/${reference}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(reference);

  // The domain, pasted as a URL: the seal the public API names for it.
  const response = await page.request.get('/api/v1/seals?domain=toysmart.example');
  const { seals } = (await response.json()) as { seals: Array<{ sealId: string }> };
  expect(seals.map((seal) => seal.sealId), 'the demo has one seal on toysmart.example').toHaveLength(1);
  await searchFor(page, 'https://www.toysmart.example/privacy');
  await expect(page).toHaveURL(new RegExp(`/review/seals/${seals[0]!.sealId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Seal ${seals[0]!.sealId}`);

  await context.close();
});

test('[REVIEWER] lists the organizations that match part of a name, and says when nothing matches', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, 'reviewer@openseal.example', { role: 'Reviewer' });

  await searchFor(page, 'toysm');
  await expect(page).toHaveURL(/\/review\/search\?q=toysm$/);
  const organizations = page.getByTestId('search-organizations');
  await expect(organizations.getByRole('link', { name: 'Toysmart.com, Inc.' })).toHaveAttribute('href', /^\/review\/seals\/OS-/);
  await expect(searchBox(page)).toHaveValue('toysm');

  await searchFor(page, 'no-such-shop-anywhere');
  await expect(page.getByTestId('search-nothing')).toHaveText('Nothing found for “no-such-shop-anywhere”.');

  // An empty search is refused with the reason, not a crash.
  await page.goto('/review/search?q=');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Type a seal id, a reference, a name, a domain or an email address.');
  await expect(searchBox(page)).toHaveAttribute('aria-invalid', 'true');

  await context.close();
});

test('[APPLICANT] is not let into the staff search', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, 'owner@toysmart.example');
  await page.goto('/review/search?q=toysmart');
  await expect(page).toHaveURL(/\/forbidden/);
  await context.close();
});
