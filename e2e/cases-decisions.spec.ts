/**
 * Case decisions through the UI (issue 6): a warning, the site's appeal, the appeal refused to the
 * reviewer who took part and decided by one who did not, closing, and the dossier with its JSON
 * export refused to anyone but a reviewer. The case is about Toysmart (the demo's only site owner who
 * can sign in); a warning leaves its seal active, which the acceptance story needs.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { signedInContext } from './badge-fixtures';
import { confirmInDialog } from './fixtures';

test.describe.configure({ mode: 'serial' });

const story = { caseRef: '', complainant: `Dora Datasubject ${randomBytes(2).toString('hex')}` };

test('[REVIEWER] logs a regulator’s complaint about toysmart.example, opens a case and warns the site', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, 'reviewer@openseal.example');
  // Logged by a reviewer rather than filed on the public form: the public form's per-address limit is shared with the other specs.
  await page.goto('/review/complaints/new');
  await page.getByRole('radio', { name: 'Regulator' }).check();
  await page.getByLabel('Sharing with third parties without consent').check();
  await page.getByLabel('Website (optional if a seal is given)').fill('toysmart.example');
  await page.getByLabel('What happened?').fill('Toysmart passed a customer’s email address to a newsletter partner although its policy says it never shares it.');
  await page.getByRole('group', { name: 'Did the complainant contact the company first?' }).getByRole('radio', { name: 'No', exact: true }).check();
  await page.getByLabel('Name', { exact: true }).fill(story.complainant);
  await page.getByLabel('Email address').fill(`dora-${randomBytes(3).toString('hex')}@mail.example`);
  await page.getByRole('button', { name: 'Log the complaint' }).click();
  await expect(page).toHaveURL(/\/review\/complaints\/C-[0-9A-Z]{4}-[0-9A-Z]{4}\?logged=1$/);
  await page.getByRole('button', { name: 'Open a case' }).click();
  await expect(page).toHaveURL(/\/review\/cases\/K-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  story.caseRef = /K-[0-9A-Z]{4}-[0-9A-Z]{4}$/.exec(page.url())![0];

  const decide = page.getByRole('form', { name: 'Decide the case' });
  await decide.getByRole('radio', { name: /^Corrective action/ }).check();
  await decide.getByLabel('Reason for the site').fill('You shared a customer’s email address with a newsletter partner without consent.');
  await decide.getByRole('button', { name: 'Record the decision' }).click();
  // Refused on the missing fields, with what was typed and chosen kept (React resets the form after its action).
  await expect(decide.getByText('Give the date by which the site must have acted.')).toBeVisible();
  await expect(decide.getByLabel('Reason for the site')).toHaveValue('You shared a customer’s email address with a newsletter partner without consent.');
  await expect(decide.getByRole('radio', { name: /^Corrective action/ })).toBeChecked();
  await expect(decide.getByLabel('Due date (UTC)')).toBeVisible();
  // A date picker, not free text in one format.
  await expect(decide.getByLabel('Due date (UTC)')).toHaveAttribute('type', 'date');

  await decide.getByRole('radio', { name: /^Warning/ }).check();
  await decide.getByLabel('Summary for the complainant').fill('We upheld your complaint and warned the site.');
  await decide.getByRole('button', { name: 'Record the decision' }).click();
  // The form says the case is decided and offers only what may follow a warning.
  const further = page.getByRole('form', { name: 'Further decision on the case' });
  await expect(further.getByRole('status')).toContainText('Decided: Warning.');
  await expect(further.getByTestId('further-decision-intro')).toContainText(/Decided so far: Warning \(\d{1,2} [A-Z][a-z]+ \d{4}\)\./);
  await expect(further.getByTestId('further-decision-intro')).toContainText('Only the decisions still possible are offered.');
  await expect(further.getByRole('radio', { name: /^Warning/ })).toHaveCount(0);
  await expect(further.getByRole('radio', { name: /^No violation/ })).toHaveCount(0);
  await expect(further.getByRole('radio', { name: /^Remedied/ })).toBeVisible();
  await expect(further.getByRole('radio', { name: /^Suspension of the seal/ })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Decide the case' })).toHaveCount(0);
  const decision = page.getByTestId('case-decision').first();
  await expect(decision).toContainText('Warning');
  await expect(decision).toContainText('Decided by Rita Reviewer');
  await expect(decision).toContainText('The site may appeal until');
  await expect(page.getByTestId('case-status')).toHaveText('Decided');
  await expect(page.getByText(/The case can be closed once the site can no longer appeal/)).toBeVisible();
  await context.close();
});

test('[APPLICANT] cannot read the dossier; appeals the warning in the portal', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, 'owner@toysmart.example');
  const json = await page.request.get(`/review/cases/${story.caseRef}/dossier.json`, { maxRedirects: 0 });
  expect(json.status()).toBe(403);
  expect(json.headers()['content-disposition']).toBeUndefined();
  expect(await json.json()).toEqual({ error: 'forbidden', message: 'Only a reviewer can do this.' });
  await page.goto(`/review/cases/${story.caseRef}/dossier`);
  await expect(page).toHaveURL(/\/forbidden/);

  await page.goto(`/portal/cases/${story.caseRef}`);
  await page.getByText('Appeal this decision…').click();
  const appeal = page.getByRole('form', { name: 'Appeal the decision “Warning”' });
  await appeal.getByLabel('Grounds of the appeal').fill('The partner is our own mailing service, bound by contract to our privacy policy; it is not a third party.');
  await appeal.getByRole('button', { name: 'File the appeal' }).click();
  await expect(page.getByText('The appeal is pending.')).toBeVisible();
  await context.close();
});

test('[VISITOR] the dossier export is not served without signing in', async ({ request }) => {
  const response = await request.get(`/review/cases/${story.caseRef}/dossier.json`, { maxRedirects: 0 });
  expect(response.status()).not.toBe(200);
  expect(response.headers()['content-disposition']).toBeUndefined();
});

test('[REVIEWER] who decided the case is told why someone else decides the appeal', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, 'reviewer@openseal.example');
  await page.goto(`/review/cases/${story.caseRef}`);
  await expect(page.getByTestId('pending-appeal')).toContainText('The partner is our own mailing service');
  await expect(page.getByTestId('appeal-not-eligible')).toHaveText('You took part in this case, so a reviewer who took no part in it decides the appeal.');
  await expect(page.getByRole('form', { name: 'Decide the appeal' })).toHaveCount(0);
  await context.close();
});

test('[ADMIN] who took no part decides the appeal stands, closes the case, and reads the dossier', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, 'admin@openseal.example');
  await page.goto(`/review/cases/${story.caseRef}`);
  const form = page.getByRole('form', { name: 'Decide the appeal' });
  await form.getByRole('radio', { name: 'The decision stands' }).check();
  await form.getByLabel('Why (the site reads it)').fill('A mailing service is a third party under the criteria unless the policy names it.');
  await form.getByRole('button', { name: 'Decide the appeal' }).click();
  await expect(page.getByTestId('case-decision').first()).toContainText('the decision stands (Ada');
  await page.getByRole('button', { name: 'Close the case' }).click();
  await confirmInDialog(page, 'Close the case');
  await expect(page.getByTestId('case-status')).toHaveText('Closed');

  await page.getByRole('link', { name: 'Dossier (printable)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Dossier of case ${story.caseRef}`);
  await expect(page.getByText(story.complainant)).toBeVisible();
  await expect(page.getByTestId('dossier-timeline')).toContainText('Appeal decided (stands)');
  await expect(page.getByTestId('dossier-audit')).toContainText('case.close');
  const json = await page.request.get(`/review/cases/${story.caseRef}/dossier.json`);
  expect(json.status()).toBe(200);
  expect(json.headers()['content-disposition']).toBe(`attachment; filename="case-${story.caseRef}-dossier.json"`);
  const dossier = await json.json();
  expect(dossier).toMatchObject({ format: 'openseal-case-dossier', case: { reference: story.caseRef, status: 'closed' } });
  expect(dossier.appeals).toEqual([expect.objectContaining({ outcome: 'stands' })]);
  await context.close();
});
