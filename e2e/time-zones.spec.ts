import { expect, test } from '@playwright/test';
import { alertIn, createApplicant, newPerson, submitSignIn } from './fixtures';

// 23:59 (or any time) in UTC is a different day or hour here: what matters is that the zone is named.
test('[APPLICANT] dates follow the browser’s time zone, a zone picked on the account page stays, and visitors read UTC', async ({ browser, page }) => {
  test.setTimeout(120_000);
  const owner = await createApplicant(browser, newPerson('zones'));

  // A visitor reads UTC, and is told so.
  await page.goto('/directory');
  await expect(page.getByTestId('time-zone-note')).toHaveText('Dates and times are in UTC (Coordinated Universal Time).');

  // Signing in from a browser in Berlin: the account takes its zone, and the page is drawn in it.
  const berlin = await browser.newContext({ timezoneId: 'Europe/Berlin' });
  const berlinPage = await berlin.newPage();
  await submitSignIn(berlinPage, owner.email, owner.password);
  await expect(berlinPage).toHaveURL(/\/portal$/);
  await expect(berlinPage.getByTestId('time-zone-note')).toContainText('Dates and times are in your time zone, Europe/Berlin.');

  await berlinPage.getByRole('link', { name: 'Create an organization' }).click();
  await berlinPage.getByLabel('Legal name').fill('Clockwork & Co');
  await berlinPage.getByLabel('Country of registration').selectOption({ label: 'Germany' });
  await berlinPage.getByLabel('Contact email for privacy matters').fill('privacy@clockwork.example');
  await berlinPage.getByRole('button', { name: 'Create organization' }).click();
  await expect(berlinPage.getByRole('heading', { level: 1 })).toHaveText('Clockwork & Co');
  const organizationUrl = berlinPage.url();
  const colleague = newPerson('colleague');
  await berlinPage.getByLabel('Colleague’s email address').fill(colleague.email);
  await berlinPage.getByRole('button', { name: 'Create invitation' }).click();
  // The answer and the list both say when the link stops working, in Berlin time (CET or CEST).
  await expect(berlinPage.getByRole('status').filter({ hasText: 'Invitation created' })).toContainText(/it works once, for that address, until \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d CES?T\./);
  const invitation = berlinPage.getByTestId(`invitation-${colleague.email}`);
  await expect(invitation).toContainText(/expires \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d CES?T/);

  // A zone picked on the account page is used everywhere, and the browser's own zone no longer replaces it.
  await berlinPage.goto('/account');
  await expect(berlinPage.getByLabel('Time zone')).toHaveValue('browser');
  await expect(berlinPage.getByRole('option', { name: 'Follow my browser (now Europe/Berlin)' })).toBeAttached();
  await berlinPage.getByLabel('Time zone').selectOption('America/New_York');
  await berlinPage.getByRole('button', { name: 'Save time zone' }).click();
  await expect(berlinPage.getByRole('status')).toContainText(/Dates are now shown in America\/New_York \(it is \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d (GMT-5|GMT-4)\)\./);
  await berlinPage.goto(organizationUrl);
  await expect(invitation).toContainText(/expires \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d GMT-[45]/);
  await expect(berlinPage.getByTestId('time-zone-note')).toContainText('Dates and times are in your time zone, America/New_York.');
  await berlinPage.goto('/account');
  await expect(berlinPage.getByLabel('Time zone')).toHaveValue('America/New_York');

  // Back to the browser's zone.
  await berlinPage.getByLabel('Time zone').selectOption('browser');
  await berlinPage.getByRole('button', { name: 'Save time zone' }).click();
  await expect(alertIn(berlinPage).or(berlinPage.getByRole('status'))).toContainText('Dates now follow your browser’s time zone');
  await berlin.close();

  // The same account from a browser in Tokyo now follows Tokyo.
  const tokyo = await browser.newContext({ timezoneId: 'Asia/Tokyo' });
  const tokyoPage = await tokyo.newPage();
  await submitSignIn(tokyoPage, owner.email, owner.password);
  await expect(tokyoPage.getByTestId('time-zone-note')).toContainText('Dates and times are in your time zone, Asia/Tokyo.');
  await tokyoPage.goto(organizationUrl);
  await expect(tokyoPage.getByTestId(`invitation-${colleague.email}`)).toContainText(/expires \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d GMT\+9/);
  await tokyo.close();
});
