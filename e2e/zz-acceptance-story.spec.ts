/**
 * The acceptance story of DESIGN.md, through the UI, up to the revocation (issue 6).
 *
 * Named `zz-…` on purpose: Playwright runs spec files in alphabetical order, and this spec revokes
 * Toysmart's demo seal for good (revocation is final), which the other specs read as active. It
 * must stay the last file of the run; a spec added after it alphabetically would see a revoked
 * Toysmart. It moves the e2e server's clock (OPENSEAL_TEST_CLOCK) past the response deadline and
 * the grace period, and puts it back in `finally` and in afterAll.
 *
 * The escalation is not triggered by the test: the `cases.escalate` job runs every minute on the
 * server's (moved) clock, and the test reloads the case page until it shows the level — a poll
 * with a deadline, no fixed sleep.
 */
import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { findSystemChromium } from './browser';
import { HOST_RESOLVER_RULES, badgeSnippet, hostPageHtml, moveServerClock, sealStatus, sealsForDomain, signedInContext, startHostPages } from './badge-fixtures';
import { confirmInDialog } from './fixtures';

const chromiumPath = findSystemChromium();
test.use({
  launchOptions: {
    ...(chromiumPath ? { executablePath: chromiumPath } : {}),
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', HOST_RESOLVER_RULES],
  },
});
test.describe.configure({ mode: 'serial' });

const DAY = 24 * 60 * 60 * 1000;
/** The default program's periods (lib/cases/program-settings.ts): 14 days to respond, 7 of grace. */
const RESPONSE_DAYS = 14;
const GRACE_DAYS = 7;
/** The job runs every minute; a pass, its mails and a page reload fit well inside this. */
const ESCALATION_WAIT = { timeout: 180_000, intervals: [3_000] };

let hosts: Awaited<ReturnType<typeof startHostPages>>;
let sealId = '';
let toysmartPage = '';
let fraudshopPage = '';
const story = { complaint: '', trackingUrl: '', caseRef: '' };

test.beforeAll(async ({ request }) => {
  hosts = await startHostPages();
  const [seal] = (await sealsForDomain(request, 'toysmart.example')).filter((document) => document.status === 'active');
  expect(seal, 'the demo data gives toysmart.example an active seal, and no spec before this one revokes it').toBeTruthy();
  sealId = seal!.sealId;
  toysmartPage = hosts.page('toysmart.example', '/story', hostPageHtml('Toysmart — toys for every age', badgeSnippet(sealId)));
  fraudshopPage = hosts.page('fraudshop.example', '/story-copied', hostPageHtml('Fraud shop', badgeSnippet(sealId)));
});
test.afterAll(async ({ request }) => {
  await moveServerClock(request, { reset: true });
  await hosts?.close();
});

function badge(page: Page) {
  return page.locator('openseal-badge').first();
}

/** The badge on a host page, reloaded until it shows `state` (the status JSON may be cached up to 60 s). */
async function expectBadge(page: Page, url: string, state: string) {
  await expect(async () => {
    await page.goto(url);
    await expect(badge(page)).toHaveAttribute('data-state', state, { timeout: 5_000 });
  }).toPass({ timeout: 90_000, intervals: [2_000] });
}

async function openCase(browser: Browser, email: string) {
  const signedIn = await signedInContext(browser, email);
  await signedIn.page.goto(`/review/cases/${story.caseRef}`);
  await expect(signedIn.page.getByRole('heading', { level: 1 })).toContainText(`Case ${story.caseRef}`);
  return signedIn;
}

test('[VISITOR] sees Toysmart’s badge active on its pages and NOT VERIFIED on fraudshop.example', async ({ page }) => {
  await expectBadge(page, toysmartPage, 'active');
  await expectBadge(page, fraudshopPage, 'not-verified');
});

test('[VISITOR] files a data-sale complaint against Toysmart from its verification page’s “Report a concern” link', async ({ page }) => {
  await page.goto(`/verify/${sealId}`);
  await page.getByRole('link', { name: 'Report a concern about this site' }).click();
  await expect(page.getByTestId('complaint-seal')).toContainText('Toysmart.com, Inc.');
  await page.getByLabel('Sale or transfer of personal data contrary to the privacy promise (e.g. in bankruptcy)').check();
  await page.getByLabel('What happened?').fill('Toysmart is bankrupt and its customer list — names, addresses and my children’s ages — is advertised for sale in the newspaper.');
  await page.getByRole('group', { name: 'Did you contact the company about it first?' }).getByRole('radio', { name: 'No', exact: true }).check();
  await page.getByLabel('Your name').fill('Paula Parent');
  await page.getByLabel('Your email address').fill(`paula-${randomBytes(3).toString('hex')}@mail.example`);
  await page.getByRole('button', { name: 'Send the complaint' }).click();
  await expect(page.getByTestId('complaint-filed')).toContainText('Your complaint was received');
  story.complaint = (await page.getByTestId('complaint-reference').textContent())!.trim();
  story.trackingUrl = (await page.getByTestId('tracking-link').getAttribute('href'))!;
  await page.goto(story.trackingUrl);
  await expect(page.getByTestId('complaint-status')).toHaveText('Received');
});

test('[REVIEWER] sees it fast-tracked in triage, opens a case and sends a notice', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, 'reviewer@openseal.example');
  await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Complaints', exact: true }).click();
  const row = page.getByTestId(`complaint-row-${story.complaint}`);
  await expect(row).toContainText('Fast track: data sale by a seal holder');
  await row.getByRole('link', { name: story.complaint }).click();
  await expect(page.getByTestId('fast-track')).toBeVisible();
  await page.getByRole('button', { name: 'Open a case' }).click();

  await expect(page).toHaveURL(/\/review\/cases\/K-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  story.caseRef = /K-[0-9A-Z]{4}-[0-9A-Z]{4}$/.exec(page.url())![0];
  await expect(page.getByTestId('case-status')).toHaveText('Open');
  await expect(page.getByTestId('case-fast-track')).toBeVisible();
  await expect(page.getByTestId('case-organization')).toHaveText('Toysmart.com, Inc.');
  await expect(page.getByRole('link', { name: sealId })).toHaveAttribute('href', `/review/seals/${sealId}`);
  await expect(page.getByTestId('case-assignee')).toContainText('Rita Reviewer');
  await expect(page.getByTestId('case-complainant')).toContainText('Paula Parent');

  const notice = page.getByRole('form', { name: 'Send a notice to the site' });
  await notice.getByLabel('Notice').fill('A complaint reports that Toysmart offers its customer list for sale, contrary to its privacy policy. Explain what is being sold, to whom, and on what terms.');
  await notice.getByRole('button', { name: 'Send the notice' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('Awaiting the site’s response');
  await expect(page.getByTestId('case-deadline')).toContainText('Due by');
  await expect(page.getByTestId('case-message-notice')).toContainText('To and from the site');

  await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Cases', exact: true }).click();
  await expect(page.getByTestId(`case-row-${story.caseRef}`)).toContainText('Fast track');
  await context.close();
});

test('[COMPLAINANT] reads on the tracking page that the complaint is under investigation', async ({ page }) => {
  await page.goto(story.trackingUrl);
  await expect(page.getByTestId('complaint-status')).toHaveText('Under investigation');
  // The notice is the site's: the complainant does not read it.
  await expect(page.getByText('Explain what is being sold')).toHaveCount(0);
});

test('[REVIEWER] asks the complainant a question, which they answer on the tracking page; an internal note stays marked internal', async ({ browser, page }) => {
  const reviewer = await openCase(browser, 'reviewer@openseal.example');
  const ask = reviewer.page.getByRole('form', { name: 'Ask the complainant' });
  await ask.getByRole('textbox', { name: 'Question' }).fill('Where did you see the customer list advertised? A copy of the advertisement would help.');
  await ask.getByRole('button', { name: 'Send the question' }).click();
  await expect(ask.getByRole('status')).toContainText('the complainant was mailed to open it with the link they kept');

  await page.goto(story.trackingUrl);
  await expect(page.getByTestId('tracking-message-reviewer')).toContainText('Where did you see the customer list advertised?');
  const reply = page.getByRole('form', { name: 'Answer the reviewer' });
  await reply.getByRole('textbox', { name: 'Your answer' }).fill('In the Wall Street Journal of 9 June: “customer lists and databases” among the assets for sale.');
  // A copy of the advertisement goes with the answer, as the reviewer asked.
  await reply.getByLabel('Files (optional)').setInputFiles({ name: 'wsj-advertisement.txt', mimeType: 'text/plain', buffer: Buffer.from('Assets for sale: customer lists and databases (Toysmart.com).\n') });
  await reply.getByRole('button', { name: 'Send my answer' }).click();
  // Focus moves to the result, which points to where the answer now stands: above the form, after the question.
  const sent = reply.getByRole('status');
  await expect(sent).toHaveText('Thank you: your answer with 1 file was sent to the reviewer. It is now the last message above this form.');
  await expect(sent).toBeFocused();
  await expect(page.getByTestId('tracking-message-you')).toContainText('Wall Street Journal');
  // Listed by name, type and size; not offered for download (the link alone must never hand files on).
  await expect(page.getByTestId('tracking-message-files')).toContainText('wsj-advertisement.txt (plain text');
  await expect(page.getByTestId('tracking-message-you').getByRole('link')).toHaveCount(0);
  // The timeline's own entries, not the list of files inside the answer.
  await expect(page.getByTestId('tracking-timeline').locator(':scope > li').last()).toHaveAttribute('data-testid', 'tracking-message-you');
  // What they wrote is on the page; their name and address are not.
  await expect(page.getByTestId('complaint-description')).toContainText('advertised for sale in the newspaper');
  await expect(page.getByRole('main')).not.toContainText('Paula Parent');

  const note = reviewer.page.getByRole('form', { name: 'Internal note' });
  await note.getByRole('textbox', { name: 'Note' }).fill('The advertisement lists the customer database as a separate lot.');
  await note.getByRole('button', { name: 'Add the note' }).click();
  // The note is saved by a server action: reload until the case page shows it (a reload sent before
  // the action answered would show the page without it).
  await expect(async () => {
    await reviewer.page.reload();
    await expect(reviewer.page.getByTestId('case-message-internal_note')).toContainText('Internal — the site and the complainant never see this', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(reviewer.page.getByTestId('case-message-complainant_reply')).toContainText('Wall Street Journal');
  await expect(reviewer.page.getByTestId('case-message-complainant_reply').getByRole('link', { name: /wsj-advertisement\.txt/ })).toBeVisible();
  await reviewer.context.close();

  await page.reload();
  await expect(page.getByText('separate lot')).toHaveCount(0);
});

test('[SYSTEM] the deadline passes without a response: the case is marked overdue, then the reviewer is prompted to suspend', async ({ browser, request }) => {
  test.setTimeout(480_000);
  const { context, page } = await openCase(browser, 'reviewer@openseal.example');
  try {
    await moveServerClock(request, { advanceMs: (RESPONSE_DAYS + 1) * DAY });
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('case-deadline')).toContainText('Overdue, level 1: the site was reminded', { timeout: 2_000 });
    }).toPass(ESCALATION_WAIT);
    await expect(page.getByTestId('case-message-reminder')).toContainText('has not arrived');
    await page.goto('/review/cases?view=overdue');
    await expect(page.getByTestId(`case-row-${story.caseRef}`).getByTestId('case-overdue')).toContainText('Overdue, level 1');

    await moveServerClock(request, { advanceMs: GRACE_DAYS * DAY });
    await page.goto(`/review/cases/${story.caseRef}`);
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('suspend-prompt')).toBeVisible({ timeout: 2_000 });
    }).toPass(ESCALATION_WAIT);
    await expect(page.getByTestId('suspend-prompt')).toContainText(`The site has not answered for ${GRACE_DAYS + 1} days: consider suspending the seal for non-response`);
    await expect(page.getByTestId('suspend-prompt').getByRole('link', { name: 'Go to the decision' })).toHaveAttribute('href', '#decision');
  } finally {
    await moveServerClock(request, { reset: true });
    await context.close();
  }
});

test('[REVIEWER] suspends the seal through a case decision: the badge on toysmart.example shows suspended', async ({ browser, page, request }) => {
  // Past the deadline again (the escalation test set the clock back): a suspension for non-response
  // needs no reason to act early (issue 13). The decision ends the response window; the clock goes back after it.
  await moveServerClock(request, { advanceMs: (RESPONSE_DAYS + GRACE_DAYS + 1) * DAY });
  const reviewer = await openCase(browser, 'reviewer@openseal.example');
  const decide = reviewer.page.getByRole('form', { name: 'Decide the case' });
  await expect(decide.getByTestId('early-action-fields')).toHaveCount(0);
  await decide.getByRole('radio', { name: /^Suspension of the seal/ }).check();
  await decide.getByRole('textbox', { name: 'Reason for the site' }).fill('Toysmart did not answer the notice about the sale of its customer list. The seal is suspended while we investigate.');
  await decide.getByRole('textbox', { name: 'Summary for the complainant' }).fill('The site did not answer us; we suspended its seal while the investigation continues.');
  await decide.getByRole('textbox', { name: 'What the site must do to be reinstated' }).fill('Withdraw the customer list from sale and answer the notice.');
  await decide.getByRole('button', { name: 'Decide and suspend the seal' }).click();
  await expect(reviewer.page.getByTestId('case-decision').first()).toContainText('Suspension of the seal');
  await moveServerClock(request, { reset: true });
  await expect(reviewer.page.getByTestId('case-seal-status')).toHaveText('suspended');

  await expectBadge(page, toysmartPage, 'suspended');
  await expectBadge(page, fraudshopPage, 'not-verified');

  const propose = reviewer.page.getByRole('form', { name: 'Propose to revoke the seal' });
  await propose.getByLabel('Reason for the revocation').selectOption({ label: 'The holder violated its privacy commitments' });
  await propose.getByRole('textbox', { name: 'Reason for the site' }).fill('Toysmart offered its customers’ personal information for sale as a stand-alone asset, contrary to its privacy policy.');
  await propose.getByRole('textbox', { name: 'Summary for the complainant' }).fill('We upheld your complaint: Toysmart’s seal is revoked.');
  await propose.getByRole('button', { name: 'Propose the revocation' }).click();
  await expect(reviewer.page.getByTestId('revocation-proposal')).toContainText('You proposed it, so you cannot confirm it');
  await reviewer.context.close();
});

test('[ADMIN] confirms the revocation as the second reviewer; the complainant reads the outcome; the seal reads revoked everywhere', async ({ browser, page, request }) => {
  const admin = await openCase(browser, 'admin@openseal.example');
  const proposal = admin.page.getByTestId('revocation-proposal');
  await expect(proposal).toContainText('Revocation proposed by Rita Reviewer');
  // The confirmer reads what will be sent, prefilled with the proposer's words, and revises the summary (issue 13).
  const summary = proposal.getByRole('textbox', { name: 'Summary for the complainant' });
  await expect(summary).toHaveValue('We upheld your complaint: Toysmart’s seal is revoked.');
  await summary.fill('We upheld your complaint: Toysmart’s seal is revoked, and the badge now says so.');
  await proposal.getByRole('button', { name: 'Confirm the revocation' }).click();
  await confirmInDialog(admin.page, 'Confirm the revocation');
  await expect(admin.page.getByTestId('case-seal-status')).toHaveText('revoked');
  // Found by its outcome: the suspension was decided on the moved clock, so it may be listed after it.
  await expect(admin.page.getByTestId('case-decision').filter({ hasText: 'Revocation' })).toContainText('Final: a revocation cannot be appealed. The holder may only apply for a new seal.');
  await admin.context.close();

  await page.goto(story.trackingUrl);
  const outcome = page.getByTestId('complaint-outcome');
  await expect(outcome).toContainText('Seal revoked');
  await expect(outcome).toContainText('We upheld your complaint: Toysmart’s seal is revoked, and the badge now says so.');
  // The complainant reads every decision of the case (the suspension before it too); the revocation says it is final.
  await expect(outcome.getByTestId('outcome-appeal').filter({ hasText: 'revocation' })).toHaveText('This is final: the site cannot appeal a revocation.');
  // The decisions are also in the list of messages, with the question and the answer before them.
  const timeline = page.getByTestId('tracking-timeline');
  await expect(timeline.getByTestId('tracking-decision').filter({ hasText: 'Seal revoked' })).toContainText('We upheld your complaint: Toysmart’s seal is revoked');
  await expect(timeline.getByTestId('tracking-decision').filter({ hasText: 'Seal suspended' })).toHaveCount(1);
  await expect(timeline.getByTestId('tracking-message-reviewer')).toHaveCount(1);

  const status = await sealStatus(request, sealId);
  expect(status.status).toBe('revoked');
  await page.goto(`/verify/${sealId}`);
  await expect(page.getByRole('heading', { name: 'Status: Revoked' })).toBeVisible();
  // The suspension was decided on the moved clock (later than today's revocation), so the order of the two is the clock's, not the story's.
  const history = page.getByTestId('public-history').getByRole('listitem');
  await expect(history.filter({ hasText: 'Revoked' })).toHaveCount(1);
  await expect(page.getByTestId('public-history')).toContainText('Suspended');
  await expect(history.last()).toContainText('Seal issued');

  await expectBadge(page, toysmartPage, 'revoked');
  await expectBadge(page, fraudshopPage, 'not-verified');
});
