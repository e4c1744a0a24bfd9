import { expect, test } from '@playwright/test';
import { alertIn, newPerson, signUpApplicant } from './fixtures';

/**
 * Forms keep what the person typed and chose, mark each field they must correct, and drop an error
 * once its field is corrected (issue 13, item 8).
 */
test('[APPLICANT] the organization form keeps the chosen country after a refusal and marks the refused field', async ({ page }) => {
  await signUpApplicant(page, newPerson('forms'));
  await page.getByRole('link', { name: 'Create an organization' }).click();
  await page.getByLabel('Country of registration').selectOption({ label: 'United Kingdom' });
  await page.getByLabel('Contact email for privacy matters').fill('not an address');
  await page.getByRole('button', { name: 'Create organization' }).click();

  await expect(alertIn(page)).toBeVisible();
  await expect(page.getByLabel('Country of registration')).toHaveValue('GB');
  await expect(page.getByLabel('Contact email for privacy matters')).toHaveValue('not an address');
  await expect(page.getByLabel('Legal name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Contact email for privacy matters')).toHaveAttribute('aria-invalid', 'true');
  // Marked to the eye too, not only to a screen reader: the refused field has a red border.
  const border = await page.getByLabel('Legal name').evaluate((element) => getComputedStyle(element).borderTopColor);
  expect(border).not.toBe(await page.getByLabel('Country of registration').evaluate((element) => getComputedStyle(element).borderTopColor));

  // A second refusal keeps the country too (React resets a form after each answer).
  await page.getByLabel('Legal name').fill('Forms & Fields Ltd');
  await page.getByRole('button', { name: 'Create organization' }).click();
  // The second answer is the one that no longer marks the name (the email stays marked from the first,
  // so waiting on it would not wait: an answer arriving after the next fill would put the old value back).
  await expect(page.getByLabel('Legal name')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Contact email for privacy matters')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Country of registration')).toHaveValue('GB');
  await page.getByLabel('Contact email for privacy matters').fill('privacy@forms.example');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forms & Fields Ltd');

  // Dates are date fields, not free text in one format.
  await expect(page.getByLabel('Effective date')).toHaveAttribute('type', 'date');
});

test('[VISITOR] the complaint form drops the error under a question once it is answered, and keeps the rest', async ({ page }) => {
  await page.goto('/complaints/new');
  await page.getByLabel('Which website is it about?').fill('toysmart.example');
  await page.getByLabel('What happened?').fill('They sold my data.');
  await page.getByRole('button', { name: 'Send the complaint' }).click();

  await expect(alertIn(page)).toContainText('Please correct the highlighted fields.');
  const category = page.getByRole('group', { name: 'What is the complaint about?' });
  await expect(category).toContainText('Choose what the complaint is about.');
  await expect(page.getByLabel('Your name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('What happened?')).toHaveValue('They sold my data.');

  await category.getByRole('radio').first().check();
  await expect(category).not.toContainText('Choose what the complaint is about.');
  // The others stand until they are changed or sent again.
  await expect(page.getByLabel('Your name')).toHaveAttribute('aria-invalid', 'true');
});
