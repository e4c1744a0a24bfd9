import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { newPerson, signUpApplicant } from './fixtures';
import { signedInContext } from './badge-fixtures';

/**
 * The site's side of cases (issue 6): the Toysmart owner declares a bankruptcy and a reviewer
 * works the Toysmart checklist; then, on a complaint case, the owner reads the reviewer's notice in
 * the portal (never the internal note, nor who complained), responds with a file, and the reviewer
 * reads the response. Someone from another organization is told the case pages do not exist.
 * Nothing here suspends or revokes Toysmart's seal: other specs need it active.
 */
test.describe.configure({ mode: 'serial' });

const OWNER = 'owner@toysmart.example';
const REVIEWER = 'reviewer@openseal.example';
const CASE_REFERENCE = /K-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;
const run = randomBytes(3).toString('hex');
const COUNTERPARTY = `Buena Vista Toy Holdings ${run}`;
const COMPLAINANT = { name: `Nora Neighbour ${run}`, email: `nora-${run}@mail.example` };
const NOTICE = `A complaint says toysmart.example shared a customer's address with an advertiser (${run}). Tell us who received it and under which agreement.`;
const INTERNAL_NOTE = `Internal ${run}: the complainant works for a competitor; keep that in mind.`;
const FOLLOW_UP = `Also send the list of advertisers you worked with this year (${run}); the extract of the complaint is attached.`;
const REASON = `Your shop shared customers' addresses with an advertiser (${run}).`;
const RESPONSE = `We shared no addresses; the advertiser received only aggregated figures (${run}). The agreement is attached.`;

const DAY = 24 * 60 * 60 * 1000;
/** The declared sale takes effect in ten days: the notice's 14 days must be cut to end the day before (issue 13). */
const EFFECTIVE_ON = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
const DAY_BEFORE = new Date(Date.parse(`${EFFECTIVE_ON}T00:00:00Z`) - DAY);
const longDate = (date: Date) => date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const COC_NOTICE = `Send the trustee's sale notice and the buyer's undertaking to be bound by your privacy policy (${run}).`;
const URGENT = `The trustee's auction of the customer list opens before your deadline (${run}); the program must not vouch for the sale meanwhile.`;

const declared = { reference: '' };
const complaintCase = { reference: '', attachmentUrl: '' };

test('[APPLICANT] the Toysmart owner declares a bankruptcy with a counterparty and lands on the new case', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, OWNER, { role: 'Applicant' });
  await page.goto('/portal');
  await page.getByRole('link', { name: 'Toysmart.com, Inc.' }).click();
  await page.getByText('Declare a change of control…').click();
  const form = page.getByRole('form', { name: 'Declare a change of control' });
  await form.getByRole('radio', { name: /^Bankruptcy or insolvency/ }).check();
  await form.getByLabel('Effective date').fill(EFFECTIVE_ON);
  await form.getByLabel('Counterparty').fill(COUNTERPARTY);
  await form.getByLabel('Description').fill('Toysmart has filed for bankruptcy. The trustee plans to sell the assets, and a buyer has asked about the customer list.');
  await form.getByRole('button', { name: 'Declare the change of control' }).click();

  await expect(page).toHaveURL(/\/portal\/cases\/K-[^/?]+\?declared=1$/);
  declared.reference = CASE_REFERENCE.exec(page.url())![0];
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Case ${declared.reference}`);
  await expect(page.getByRole('status')).toContainText('Your declaration is recorded');
  const declaration = page.getByTestId('declaration');
  await expect(declaration).toContainText('Bankruptcy or insolvency');
  await expect(declaration).toContainText(longDate(new Date(`${EFFECTIVE_ON}T00:00:00Z`)));
  await expect(declaration).toContainText(COUNTERPARTY);
  await expect(page.getByText('Not sold as a stand-alone asset.')).toBeVisible();

  await page.getByRole('link', { name: 'Cases', exact: true }).click();
  await expect(page.getByTestId(`case-${declared.reference}`)).toContainText('Change of control declared for');
  await context.close();
});

test('[REVIEWER] opens the change-of-control case and records that the data is sold as a stand-alone asset', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, REVIEWER, { role: 'Reviewer' });
  await page.goto(`/review/cases/${declared.reference}`);
  const section = page.getByTestId('change-of-control-section');
  await expect(section.getByTestId('change-of-control-declaration')).toContainText(COUNTERPARTY);
  await expect(section.getByTestId('change-of-control-declaration')).toContainText('Tom Owner');
  await expect(section.getByTestId('checklist-failed')).toHaveCount(0);

  const item = section.getByTestId('checklist-no_standalone_sale');
  await expect(item.getByTestId('checklist-finding')).toHaveText('Not assessed yet');
  await item.getByRole('radio', { name: 'Failed' }).check();
  await item.getByLabel('Evidence').fill('The trustee’s sale notice lists the customer list as a separate lot: sold as a stand-alone asset.');
  await item.getByRole('button', { name: 'Record the finding' }).click();
  await expect(item.getByRole('status')).toContainText('A condition failed: the case must go to a decision.');
  await expect(item.getByTestId('checklist-finding')).toHaveText('Failed');
  await expect(item.getByTestId('checklist-evidence')).toContainText('sold as a stand-alone asset');
  await expect(item).toContainText('Recorded by Rita Reviewer');
  await expect(section.getByTestId('checklist-failed')).toContainText('This case must go to a decision.');
  await context.close();
});

test('[REVIEWER] sends a notice that ends before the sale, then warns before the deadline only by saying why it cannot wait', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, REVIEWER, { role: 'Reviewer' });
  await page.goto(`/review/cases/${declared.reference}`);
  await expect(page.getByTestId('notice-change-date')).toContainText(`The declared change takes effect on ${longDate(new Date(`${EFFECTIVE_ON}T12:00:00Z`))}`);
  await page.getByLabel('Notice', { exact: true }).fill(COC_NOTICE);
  await page.getByRole('button', { name: 'Send the notice' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('Awaiting the site’s response');
  await expect(page.getByTestId('case-deadline')).toHaveText(`Due by ${longDate(DAY_BEFORE)}, 23:59 UTC`);

  const decide = page.getByRole('form', { name: 'Decide the case' });
  await decide.getByRole('radio', { name: /^Warning/ }).check();
  await decide.getByRole('textbox', { name: 'Reason for the site' }).fill(`The customer list is offered as a stand-alone lot (${run}).`);
  await decide.getByRole('textbox', { name: 'Summary for the complainant' }).fill('The site was warned about the sale of its customer list.');
  const early = decide.getByTestId('early-action-fields');
  await expect(early).toContainText('The site’s response is due by');
  await decide.getByRole('button', { name: 'Record the decision' }).click();
  await expect(decide.getByRole('checkbox', { name: 'Act before the deadline' })).toHaveAttribute('aria-invalid', 'true');
  await expect(early).toContainText('To decide before then, choose “Act before the deadline” and say why it cannot wait');
  await expect(page.getByTestId('case-decision')).toHaveCount(0);

  // The refused submission keeps the chosen outcome and the texts.
  await expect(decide.getByRole('radio', { name: /^Warning/ })).toBeChecked();
  await decide.getByRole('checkbox', { name: 'Act before the deadline' }).check();
  await decide.getByRole('textbox', { name: 'Why it cannot wait (the site reads it)' }).fill(URGENT);
  await decide.getByRole('button', { name: 'Record the decision' }).click();
  await expect(page.getByTestId('decision-early-action')).toContainText(URGENT);
  // The site's window stays open.
  await expect(page.getByTestId('case-status')).toHaveText('Awaiting the site’s response');
  // A revocation is never taken before the site was heard.
  await expect(page.getByTestId('revocation-waits')).toContainText('A revocation is final and cannot be appealed');
  await expect(page.getByRole('form', { name: 'Propose to revoke the seal' })).toHaveCount(0);
  await context.close();
});

test('[APPLICANT] reads the deadline before the sale and why the warning came early, and can still respond', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, OWNER, { role: 'Applicant' });
  await page.goto(`/portal/cases/${declared.reference}`);
  await expect(page.getByTestId('message-notice')).toContainText(`Your response is due by ${longDate(DAY_BEFORE)}, 23:59 UTC.`);
  const warning = page.getByTestId('decision-warning');
  await expect(warning.getByTestId('early-action')).toContainText(`Taken before your response deadline (${longDate(DAY_BEFORE)}, 23:59 UTC), because it could not wait: ${URGENT}`);
  await expect(warning.getByTestId('early-action')).toContainText('Your response is still due by then');
  await expect(page.getByTestId('case-status')).toHaveText('Waiting for your response');
  await expect(page.getByRole('form', { name: 'Respond' })).toBeVisible();
  await context.close();
});

test('[REVIEWER] logs a complaint against Toysmart, opens a case, sends a notice and writes an internal note', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, REVIEWER, { role: 'Reviewer' });
  await page.goto('/review/complaints/new');
  await page.getByLabel('Website (optional if a seal is given)').fill('toysmart.example');
  await page.getByRole('radio', { name: 'Sharing with third parties without consent' }).check();
  await page.getByLabel('What happened?').fill('My postal address reached an advertiser a week after my order on toysmart.example, although the policy promises no sharing.');
  await page.getByRole('group', { name: 'Did the complainant contact the company first?' }).getByRole('radio', { name: 'No', exact: true }).check();
  await page.getByLabel('Name', { exact: true }).fill(COMPLAINANT.name);
  await page.getByLabel('Email address').fill(COMPLAINANT.email);
  await page.getByRole('button', { name: 'Log the complaint' }).click();
  await expect(page).toHaveURL(/\/review\/complaints\/C-[^/?]+\?logged=1$/);

  await page.getByRole('button', { name: 'Open a case' }).click();
  await expect(page).toHaveURL(/\/review\/cases\/K-[^/?]+$/);
  complaintCase.reference = CASE_REFERENCE.exec(page.url())![0];
  await page.getByLabel('Notice', { exact: true }).fill(NOTICE);
  await page.getByRole('button', { name: 'Send the notice' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('Awaiting the site’s response');
  await page.getByLabel('Note', { exact: true }).fill(INTERNAL_NOTE);
  await page.getByRole('button', { name: 'Add the note' }).click();
  await expect(page.getByTestId('case-message-internal_note')).toContainText(INTERNAL_NOTE);

  // A follow-up after the notice, with a file (issue 13).
  const write = page.getByRole('form', { name: 'Write to the site' });
  await write.getByLabel('Message').fill(FOLLOW_UP);
  await write.getByLabel('Files (optional)').setInputFiles({ name: 'complaint-extract.txt', mimeType: 'text/plain', buffer: Buffer.from('The advertiser mailed the complainant at the address given only to Toysmart.\n') });
  await write.getByRole('button', { name: 'Send the message' }).click();
  await expect(write.getByRole('status')).toContainText('Message with 1 file sent.');
  await expect(page.getByTestId('case-message-site_message')).toContainText(FOLLOW_UP);
  await expect(page.getByTestId('case-status')).toHaveText('Awaiting the site’s response');
  await context.close();
});

test('[APPLICANT] the owner reads the notice, never the internal note nor who complained, and responds with a text file', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, OWNER, { role: 'Applicant' });
  await page.goto('/portal/cases');
  const row = page.getByTestId(`case-${complaintCase.reference}`);
  await expect(row).toContainText('Waiting for your response');
  await expect(row.getByTestId('case-expectation')).toContainText(/Respond to the notice by \d{1,2} \w+ \d{4}, \d\d:\d\d UTC\./);
  await row.getByRole('link', { name: complaintCase.reference }).click();

  await expect(page.getByTestId('message-notice')).toContainText(NOTICE);
  const followUp = page.getByTestId('message-site_message');
  await expect(followUp).toContainText('Message from the seal program');
  await expect(followUp).toContainText(FOLLOW_UP);
  const extract = await page.request.get((await followUp.getByRole('link', { name: 'complaint-extract.txt' }).getAttribute('href'))!);
  expect(extract.status()).toBe(200);
  expect(await extract.text()).toContain('address given only to Toysmart');
  await expect(page.getByTestId('case-expectation')).toContainText('Respond to the notice by');
  const main = page.getByRole('main');
  for (const secret of [INTERNAL_NOTE, COMPLAINANT.name, COMPLAINANT.email]) await expect(main).not.toContainText(secret);
  await expect(main).toContainText('The complainant’s identity is kept private by the seal program.');

  await page.getByLabel('Your response').fill(RESPONSE);
  await page.getByLabel('Documents (optional)').setInputFiles({ name: 'advertiser-agreement.txt', mimeType: 'text/plain', buffer: Buffer.from('Agreement with AdCo: aggregated sales figures only, no personal data.\n') });
  await page.getByRole('button', { name: 'Send the response' }).click();
  await expect(page.getByRole('form', { name: 'Respond' }).getByRole('status')).toContainText('Your response with 1 file was sent');
  await expect(page.getByTestId('case-status')).toHaveText('In review');
  const response = page.getByTestId('message-site_response');
  await expect(response).toContainText(RESPONSE);
  await expect(response).toContainText('Response from Tom Owner');
  const link = response.getByRole('link', { name: 'advertiser-agreement.txt' });
  complaintCase.attachmentUrl = (await link.getAttribute('href'))!;
  const download = await page.request.get(complaintCase.attachmentUrl);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toMatch(/^attachment;/);
  expect(download.headers()['content-type']).toBe('text/plain; charset=utf-8');
  await context.close();
});

test('[REVIEWER] reads the site’s response with its file', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, REVIEWER, { role: 'Reviewer' });
  await page.goto(`/review/cases/${complaintCase.reference}`);
  await expect(page.getByTestId('case-status')).toHaveText('In review');
  const response = page.getByTestId('case-message-site_response');
  await expect(response).toContainText(RESPONSE);
  await expect(response.getByRole('link', { name: 'advertiser-agreement.txt' })).toBeVisible();
  await context.close();
});

test('[REVIEWER] decides a warning; [APPLICANT] the owner reads its reason and deadline in the portal and appeals it', async ({ browser }) => {
  const reviewer = await signedInContext(browser, REVIEWER, { role: 'Reviewer' });
  await reviewer.page.goto(`/review/cases/${complaintCase.reference}`);
  const decide = reviewer.page.getByRole('form', { name: 'Decide the case' });
  await decide.getByRole('radio', { name: /^Warning/ }).check();
  await decide.getByRole('textbox', { name: 'Reason for the site' }).fill(`${REASON} The advertiser's own records show three full addresses.`);
  await decide.getByRole('textbox', { name: 'Summary for the complainant' }).fill('The shop was warned: it shared addresses it had promised to keep.');
  await decide.getByRole('button', { name: 'Record the decision' }).click();
  await expect(reviewer.page.getByTestId('case-status')).toHaveText('Decided');
  await reviewer.context.close();

  const { context, page } = await signedInContext(browser, OWNER, { role: 'Applicant' });
  await page.goto(`/portal/cases/${complaintCase.reference}`);
  const decision = page.getByTestId('decision-warning');
  await expect(decision).toContainText(REASON);
  await expect(decision).toContainText(/You may appeal this decision until \d{1,2} \w+ \d{4}, \d{2}:\d{2} UTC\./);
  await expect(page.getByRole('main')).not.toContainText('The shop was warned');
  await expect(page.getByTestId('case-expectation')).toContainText('You may appeal it until');
  await decision.getByText('Appeal this decision…').click();
  await decision.getByLabel('Grounds of the appeal').fill('The three addresses came from a data broker, not from us; the broker’s invoice shows it.');
  await decision.getByRole('button', { name: 'File the appeal' }).click();
  // The page renders again with the appeal on record, in place of the form.
  await expect(decision.getByTestId('appeal-status')).toContainText('The appeal is pending.');
  await expect(page.getByTestId('case-status')).toHaveText('Appeal pending');
  await expect(page.getByTestId('case-expectation')).toContainText('a reviewer who took no part in the case is deciding your appeal');
  await context.close();
});

test('[APPLICANT] someone from another organization is told the case pages and files do not exist', async ({ page }) => {
  await signUpApplicant(page, newPerson('outsider'));
  for (const url of [`/portal/cases/${complaintCase.reference}`, `/portal/cases/${declared.reference}`, complaintCase.attachmentUrl]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
  }
  await page.goto('/portal/cases');
  await expect(page.getByTestId('no-cases')).toBeVisible();
});
