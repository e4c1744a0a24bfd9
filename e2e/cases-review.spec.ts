import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { alertIn, createApplicant, newPerson, signInAsAdmin } from './fixtures';
import { signedInContext } from './badge-fixtures';

/**
 * The reviewers' case pages (issue 6) and who may not see them: visitors, applicants, and a
 * reviewer with a conflict of interest — on the queue, the case page and the attachment route.
 * Uses Pinecone Games Oy (a demo organization without a seal), so no other spec's seal is touched.
 * Serial: later steps use the case the first one opened.
 */
test.describe.configure({ mode: 'serial' });

const CASE_REFERENCE = /K-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
const conflicted = { ...newPerson('conflicted'), password: `Quartz-Heron-Meadow-${randomBytes(3).toString('hex')}` };
const story = { caseRef: '' };

async function logComplaint(page: Page, domain: string) {
  await page.goto('/review/complaints/new');
  await page.getByLabel('Website (optional if a seal is given)').fill(domain);
  await page.getByRole('radio', { name: 'Ignored opt-out or deletion request' }).check();
  await page.getByLabel('What happened?').fill('A caller says the games studio kept mailing her son after three deletion requests.');
  await page.getByRole('group', { name: 'Did the complainant contact the company first?' }).getByRole('radio', { name: 'Yes', exact: true }).check();
  await page.getByLabel('Name', { exact: true }).fill('Olga Opt-Out');
  await page.getByRole('button', { name: 'Log the complaint' }).click();
  await expect(page).toHaveURL(/\/review\/complaints\/C-[0-9A-Z]{4}-[0-9A-Z]{4}\?logged=1$/);
}

test('[REVIEWER] opens a case from a logged complaint, takes notes, and finds it in the queue by its filters', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, 'reviewer@openseal.example');
  await logComplaint(page, 'pinecone.example');
  await page.getByRole('button', { name: 'Open a case' }).click();
  await expect(page).toHaveURL(CASE_REFERENCE);
  story.caseRef = CASE_REFERENCE.exec(page.url())![0];
  await expect(page.getByTestId('case-organization')).toHaveText('Pinecone Games Oy');
  await expect(page.getByText('None: the site holds no seal this case is about')).toBeVisible();
  await expect(page.getByTestId('case-deadline')).toHaveText('None running: the case is not waiting for the site');

  const note = page.getByRole('form', { name: 'Internal note' });
  await note.getByRole('textbox', { name: 'Note' }).fill('Pinecone withdrew its application last month; check whether the mails continue.');
  await note.getByRole('button', { name: 'Add the note' }).click();
  await expect(note.getByRole('status')).toHaveText('Note added. Only reviewers can read it.');
  await page.reload();
  const message = page.getByTestId('case-message-internal_note');
  await expect(message).toContainText('Internal — the site and the complainant never see this');
  await expect(message).toContainText('Rita Reviewer');

  // An empty notice is refused with a sentence, and the form keeps what was typed.
  const notice = page.getByRole('form', { name: 'Send a notice to the site' });
  await notice.getByLabel('Notice').fill('Explain.');
  await notice.getByRole('button', { name: 'Send the notice' }).click();
  await expect(notice.getByRole('alert')).toContainText('Write the notice (at least 20 characters)');
  await expect(notice.getByLabel('Notice')).toHaveValue('Explain.');

  await page.goto('/review/cases?view=mine&kind=complaint');
  await expect(page.getByTestId(`case-row-${story.caseRef}`)).toContainText('Pinecone Games Oy');
  await page.goto('/review/cases?view=unassigned');
  await expect(page.getByTestId(`case-row-${story.caseRef}`)).toHaveCount(0);

  // A complaint about a site nobody registered cannot become a case, and the page says why.
  await logComplaint(page, `nobody-${randomBytes(3).toString('hex')}.example`);
  await expect(page.getByTestId('no-case-possible')).toContainText('No case can be opened for this complaint');
  await expect(page.getByRole('button', { name: 'Open a case' })).toHaveCount(0);
  await context.close();
});

test('[ADMIN] sets the program’s notice template; [REVIEWER] the case’s notice starts from it, filled in for the case', async ({ browser, page }) => {
  const run = randomBytes(2).toString('hex');
  await signInAsAdmin(page);
  await page.goto('/review/programs');
  const templates = page.getByTestId('program-privacy-seal').getByRole('form', { name: 'Notice templates of Privacy Seal' });
  await templates.getByLabel('Notice to the site').fill(`Case {case} (${run}): a complaint about {domain}. {organization}, answer within {responseDays} days.`);
  await templates.getByRole('button', { name: 'Save templates' }).click();
  const saved = templates.getByRole('status');
  await expect(saved).toHaveText('Templates of Privacy Seal saved. Reviewers start from them on the case page from now on.');
  await expect(saved).toBeFocused();

  // Pinecone holds no seal: its case follows the default program, the Privacy Seal.
  const { context, page: reviewerPage } = await signedInContext(browser, 'reviewer@openseal.example');
  await reviewerPage.goto(`/review/cases/${story.caseRef}`);
  const notice = reviewerPage.getByRole('form', { name: 'Send a notice to the site' });
  await expect(notice.getByLabel('Notice')).toHaveValue(new RegExp(`^Case ${story.caseRef} \\(${run}\\): a complaint about pinecone\\.example\\. Pinecone Games Oy, answer within \\d+ days\\.$`));
  await context.close();

  // Emptied again, so that no other spec's notice starts with it.
  await templates.getByLabel('Notice to the site').fill('');
  // The answer reads as the first one did: wait for the action's own response before reading the page again.
  const answered = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/review/programs');
  await templates.getByRole('button', { name: 'Save templates' }).click();
  await answered;
  await page.reload();
  await expect(templates.getByLabel('Notice to the site')).toHaveValue('');
});

test('[VISITOR] [APPLICANT] cannot open the case queue, a case or an attachment', async ({ browser, page }) => {
  await page.goto('/review/cases');
  await expect(page).toHaveURL(/\/login\?next=%2Freview%2Fcases$/);
  // Signed out: sent to sign in, the attachment route included.
  for (const path of [`/review/cases/${story.caseRef}`, `/review/cases/${story.caseRef}/attachments/${crypto.randomUUID()}`]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers().location).toContain('/login?next=');
  }

  const applicant = await createApplicant(browser);
  const { context, page: applicantPage } = await signedInContext(browser, applicant.email, { password: applicant.password });
  for (const path of ['/review/cases', `/review/cases/${story.caseRef}`]) {
    await applicantPage.goto(path);
    await expect(applicantPage).toHaveURL(/\/forbidden$/);
  }
  const refused = await applicantPage.request.get(`/review/cases/${story.caseRef}/attachments/${crypto.randomUUID()}`);
  expect(refused.status()).toBe(403);
  expect(refused.headers()['content-disposition']).toBeUndefined();
  expect(await refused.text()).toContain('Only a reviewer can do this.');
  await context.close();
});

test('[REVIEWER] with a conflict of interest sees the case in the queue without a link, and is refused the page and its files', async ({ browser, page }) => {
  await signInAsAdmin(page);
  await page.goto('/review/users');
  const form = page.getByRole('form', { name: 'Create an account' });
  await form.getByLabel('Name').fill(conflicted.name);
  await form.getByLabel('Email address').fill(conflicted.email);
  await form.getByLabel('Role').selectOption('reviewer');
  await form.getByLabel('Password (optional)').fill(conflicted.password);
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(form.getByRole('status')).toContainText(`Created ${conflicted.email} as reviewer.`);

  const { context, page: reviewerPage } = await signedInContext(browser, conflicted.email, { password: conflicted.password });
  await reviewerPage.goto('/review/conflicts');
  await reviewerPage.getByLabel('Organization').selectOption({ label: 'Pinecone Games Oy' });
  await reviewerPage.getByLabel('What ties you to it').fill('I worked on their games until 2025.');
  await reviewerPage.getByRole('button', { name: 'Declare' }).click();
  await expect(reviewerPage.getByRole('main').getByRole('status')).toContainText('Declared.');

  await reviewerPage.goto('/review/cases');
  const row = reviewerPage.getByTestId(`case-row-${story.caseRef}`);
  await expect(row).toContainText('You have a conflict of interest: another reviewer handles it.');
  await expect(row.getByRole('link')).toHaveCount(0);

  await reviewerPage.goto(`/review/cases/${story.caseRef}`);
  await expect(alertIn(reviewerPage)).toHaveText('You have a conflict of interest with Pinecone Games Oy (you are a member, or you declared one), so another reviewer handles cases about it.');
  await expect(reviewerPage.getByRole('heading', { name: 'Messages' })).toHaveCount(0);
  await expect(reviewerPage.getByText('check whether the mails continue')).toHaveCount(0);
  const refused = await reviewerPage.request.get(`/review/cases/${story.caseRef}/attachments/${crypto.randomUUID()}`);
  expect(refused.status()).toBe(403);
  await context.close();

  // A reviewer free of the conflict reaches the route: an unknown file is a plain 404.
  const free = await signedInContext(browser, 'reviewer@openseal.example');
  const missing = await free.page.request.get(`/review/cases/${story.caseRef}/attachments/${crypto.randomUUID()}`);
  expect(missing.status()).toBe(404);
  expect(await missing.text()).toContain('This case has no such attachment.');
  // The admin's assignment list leaves out the conflicted reviewer.
  await page.goto(`/review/cases/${story.caseRef}`);
  await expect(page.getByLabel('Assign to').locator('option', { hasText: conflicted.name })).toHaveCount(0);
  await free.context.close();
});
