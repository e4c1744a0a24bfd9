import { expect, test, type Page } from '@playwright/test';
import { alertIn, E2E_DEMO_PASSWORD, submitSignIn, confirmInDialog } from './fixtures';

const REVIEWER_EMAIL = 'reviewer@openseal.example';

async function signInAsReviewer(page: Page) {
  await submitSignIn(page, REVIEWER_EMAIL, E2E_DEMO_PASSWORD);
  await expect(page.getByTestId('signed-in-user')).toContainText('(Reviewer)');
}

/** Claims the demo application for `domain` from the queue and opens its assessment page. */
async function claimFromQueue(page: Page, domain: string) {
  await page.goto('/review');
  const row = page.getByTestId(`queue-row-${domain}`);
  await row.getByRole('button', { name: `Claim the application for ${domain}` }).click();
  await expect(row).toContainText('Rita Reviewer');
  await row.getByRole('link', { name: domain }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(domain);
  await expect(page.getByTestId('application-status')).toContainText('In review');
  await expect(page.getByTestId('assigned-reviewer')).toHaveText('Reviewer: Rita Reviewer');
}

async function markAll(page: Page, verdict: 'Meets' | 'Does not meet') {
  const criteria = page.locator('fieldset[data-testid^="assess-"]');
  const count = await criteria.count();
  expect(count).toBeGreaterThanOrEqual(12);
  for (let i = 0; i < count; i++) await criteria.nth(i).getByLabel(verdict, { exact: true }).check();
  return count;
}

test('[REVIEWER] claims the Bluebird application, records verdicts and requests changes on one criterion', async ({ page }) => {
  test.setTimeout(90_000);
  await signInAsReviewer(page);
  await page.goto('/review');
  await expect(page.getByTestId('queue-row-northwind.example')).toContainText(/Overdue: waiting more than \d+ days/);
  await claimFromQueue(page, 'bluebird-books.example');

  const count = await markAll(page, 'Meets');
  const changeOfControl = page.getByTestId('assess-change-of-control');
  await expect(changeOfControl).toContainText('Published guidance');
  await changeOfControl.getByLabel('Does not meet', { exact: true }).check();
  await changeOfControl.getByRole('textbox').fill('Add what happens to customer data if the business is sold.');
  await page.getByRole('button', { name: 'Save verdicts' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText(`Saved ${count} verdicts.`);

  await page.getByLabel('Message to the applicant (optional)').fill('One answer needs more detail.');
  await page.getByRole('button', { name: 'Request changes' }).click();
  await expect(page.getByTestId('application-status')).toContainText('Changes requested');
  await expect(page.getByTestId('decision-note')).toHaveText('Decision note: One answer needs more detail.');
  await expect(page.getByRole('button', { name: 'Request changes' })).toHaveCount(0);
});

test('[REVIEWER] approves an application whose criteria all meet and sees the seal’s public id', async ({ page }) => {
  test.setTimeout(90_000);
  await signInAsReviewer(page);
  await claimFromQueue(page, 'northwind.example');

  // Approval with a failing mandatory criterion is refused, naming it.
  await markAll(page, 'Meets');
  await page.getByTestId('assess-change-of-control').getByLabel('Does not meet', { exact: true }).check();
  await page.getByRole('button', { name: 'Save verdicts' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('Saved');
  await page.getByRole('button', { name: 'Approve and issue the seal' }).click();
  await confirmInDialog(page, 'Approve and issue the seal');
  await expect(alertIn(page)).toContainText('The application cannot be approved');
  await expect(alertIn(page)).toContainText('(does not meet)');

  await page.getByTestId('assess-change-of-control').getByLabel('Meets', { exact: true }).check();
  await page.getByRole('button', { name: 'Save verdicts' }).click();
  await expect(page.getByRole('main').getByRole('status').first()).toContainText('Saved');
  // The approval asks first, in the page's own dialog: Escape or Cancel leaves the application as it was.
  await page.getByRole('button', { name: 'Approve and issue the seal' }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve this application and issue the seal?' });
  await expect(dialog).toContainText('The seal becomes active at once');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Approve and issue the seal' }).click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('application-status')).toContainText('In review');
  await page.getByRole('button', { name: 'Approve and issue the seal' }).click();
  await confirmInDialog(page, 'Approve and issue the seal');
  await expect(page.getByTestId('application-status')).toContainText('Approved');
  await expect(page.getByTestId('issued-seal')).toContainText(/OS-[0-9A-Z]{4}-[0-9A-Z]{4}/);
});

test('[REVIEWER] declares a conflict of interest with an organization and withdraws it', async ({ page }) => {
  await signInAsReviewer(page);
  await page.goto('/review/conflicts');
  await page.getByLabel('Organization').selectOption({ label: 'Kettle & Crumb GmbH' });
  await page.getByLabel('What ties you to it').fill('My sister is their data protection officer.');
  await page.getByRole('button', { name: 'Declare' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('Declared.');
  const row = page.getByTestId('conflict-Kettle & Crumb GmbH');
  await expect(row).toContainText('My sister is their data protection officer.');
  await row.getByRole('button', { name: 'Withdraw the declaration about Kettle & Crumb GmbH' }).click();
  await expect(row).toContainText('Withdrawn');
});

test('[ADMIN] finds the issued seal and reads its audit trail and the application’s', async ({ page }) => {
  await submitSignIn(page, 'admin@openseal.example', E2E_DEMO_PASSWORD);
  await expect(page.getByTestId('signed-in-user')).toContainText('(Administrator)');
  await page.goto('/review/seals?q=northwind');
  const row = page.locator('tr[data-testid^="seal-row-OS-"]');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('northwind.example');
  await row.getByRole('link', { name: 'Audit trail' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Audit trail of seal OS-/);
  await expect(page.getByTestId('audit-row').filter({ hasText: 'seal.issue' })).toContainText('Rita Reviewer');

  await page.goto('/review/seals?q=northwind');
  await row.getByRole('link', { name: 'Application', exact: true }).click();
  // The seals page has "Audit trail" links too: wait for the application's page first.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('northwind.example');
  await page.getByRole('link', { name: 'Audit trail', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Audit trail of application northwind.example');
  await expect(page.getByTestId('audit-row').filter({ hasText: 'application.approve' })).toHaveCount(1);
  // Field by field, and the reviewer's id named as the person it is.
  await expect(page.getByTestId('audit-row').filter({ hasText: 'application.claim' }).getByTestId('change-assignedReviewerId')).toContainText('Rita Reviewer (reviewer@openseal.example)');
});
