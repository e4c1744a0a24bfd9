import { expect, test, type Browser } from '@playwright/test';
import { E2E_DEMO_PASSWORD, submitSignIn } from './fixtures';

async function signedIn(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitSignIn(page, email, E2E_DEMO_PASSWORD);
  await expect(page.getByTestId('signed-in-user')).toBeVisible();
  return { context, page };
}

test('[REVIEWER] suspends and reinstates Toysmart’s seal; the [APPLICANT] is notified each time', async ({ browser }) => {
  test.setTimeout(90_000);
  const reviewer = await signedIn(browser, 'reviewer@openseal.example');
  const owner = await signedIn(browser, 'owner@toysmart.example');

  // The applicant sees the seal, its status and expiry, on the organization page.
  await owner.page.goto('/portal');
  await owner.page.getByRole('link', { name: 'Toysmart.com, Inc.' }).click();
  const site = owner.page.getByTestId('site-toysmart.example');
  await expect(site).toContainText(/Seal OS-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}: Active, expires/);
  const publicId = /OS-[2-9A-Z]{4}-[2-9A-Z]{4}/.exec((await site.textContent()) ?? '')![0];

  await reviewer.page.goto(`/review/seals/${publicId}`);
  await expect(reviewer.page.getByTestId('seal-status')).toHaveText('Active');
  await reviewer.page.getByLabel('Public reason').fill('A complaint about the sale of customer data is under investigation.');
  await reviewer.page.getByLabel('What the holder must do to be reinstated').fill('Confirm in writing that no customer data is sold.');
  await reviewer.page.getByRole('button', { name: 'Suspend the seal' }).click();
  await expect(reviewer.page.getByTestId('seal-status')).toHaveText('Suspended');

  await owner.page.goto('/notifications');
  await expect(owner.page.getByRole('main')).toContainText(`Your seal ${publicId} is suspended`);
  await owner.page.goto('/portal');
  await owner.page.getByRole('link', { name: 'Toysmart.com, Inc.' }).click();
  await expect(owner.page.getByTestId('site-toysmart.example')).toContainText(`Seal ${publicId}: Suspended`);

  await reviewer.page.getByRole('button', { name: 'Reinstate the seal' }).click();
  await expect(reviewer.page.getByTestId('seal-status')).toHaveText('Active');
  await expect(reviewer.page.getByTestId('seal-history')).toContainText('suspended: A complaint about the sale');
  await expect(reviewer.page.getByTestId('seal-history')).toContainText('reinstated');

  await owner.page.goto('/notifications');
  await expect(owner.page.getByRole('main')).toContainText(`Your seal ${publicId} is active again`);
  await reviewer.context.close();
  await owner.context.close();
});
