import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createApplicant, alertIn, submitSignIn } from './fixtures';
import { signedInContext } from './badge-fixtures';

/**
 * Complaints, first slice (issue 6): a visitor's data-sale complaint against Toysmart from the
 * verification page's link, with evidence; the tracking page; the reviewers' triage queue with the
 * fast track, the evidence download and a dismissal the complainant reads. Serial: later steps use
 * the complaints the first ones filed.
 */
test.describe.configure({ mode: 'serial' });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const HTML_AS_PDF = Buffer.from('<!DOCTYPE html><html><body><script>alert("boo")</script></body></html>');
const REFERENCE = /^C-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

const filed = { dataSale: { reference: '', trackingUrl: '' }, spam: { reference: '', trackingUrl: '' } };

async function toysmartSealId(page: Page) {
  const response = await page.request.get('/api/v1/seals?domain=toysmart.example');
  const { seals } = (await response.json()) as { seals: Array<{ sealId: string; status: string }> };
  return (seals.find((seal) => seal.status === 'active') ?? seals.at(-1)!).sealId;
}

async function fillAboutYou(page: Page, name: string, email: string) {
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Your email address').fill(email);
}

test('[VISITOR] files a data-sale complaint against Toysmart from its verification page, with a PDF, and follows it with the tracking link', async ({ page }) => {
  const sealId = await toysmartSealId(page);
  await page.goto(`/verify/${sealId}`);
  await page.getByRole('link', { name: 'Report a concern about this site' }).click();
  await expect(page).toHaveURL(new RegExp(`/complaints/new\\?seal=${sealId}$`));
  const about = page.getByTestId('complaint-seal');
  await expect(about).toContainText(sealId);
  await expect(about).toContainText('Toysmart.com, Inc.');
  await expect(about).toContainText('toysmart.example');

  await page.getByLabel('Sale or transfer of personal data contrary to the privacy promise (e.g. in bankruptcy)').check();
  await page.getByLabel('What happened?').fill('Toysmart is bankrupt and advertises its customer list, with my children’s names and ages, for sale to the highest bidder.');
  await page.getByLabel('When did it happen? (optional)').fill('2026-06-02');
  await page.getByRole('group', { name: 'Did you contact the company about it first?' }).getByRole('radio', { name: 'Yes', exact: true }).check();
  await fillAboutYou(page, 'Paula Parent', `paula-${randomBytes(3).toString('hex')}@mail.example`);
  await page.getByLabel('Evidence (optional)').setInputFiles({ name: 'sale-notice.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Send the complaint' }).click();

  const receipt = page.getByTestId('complaint-filed');
  await expect(receipt).toContainText('Your complaint was received');
  await expect(receipt).toContainText('Keep this link');
  filed.dataSale.reference = (await page.getByTestId('complaint-reference').textContent())!.trim();
  expect(filed.dataSale.reference).toMatch(REFERENCE);
  filed.dataSale.trackingUrl = (await page.getByTestId('tracking-link').getAttribute('href'))!;
  expect(filed.dataSale.trackingUrl).toMatch(/\/complaints\/track\/[A-Za-z0-9_-]{43}$/);

  const response = await page.goto(filed.dataSale.trackingUrl);
  expect(response!.status()).toBe(200);
  expect(response!.headers()['referrer-policy']).toBe('no-referrer');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Complaint ${filed.dataSale.reference}`);
  await expect(page.getByTestId('complaint-status')).toHaveText('Received');
  await expect(page.getByTestId('no-messages')).toContainText('No messages yet');
  // What they wrote and the file they sent: listed by name, type and size, not offered for download.
  await expect(page.getByTestId('complaint-description')).toHaveText('Toysmart is bankrupt and advertises its customer list, with my children’s names and ages, for sale to the highest bidder.');
  await expect(page.getByTestId('complaint-details')).toContainText('You contacted the company');
  await expect(page.getByTestId('complaint-files')).toHaveText(/^sale-notice\.pdf \(PDF document, \d+ bytes\)$/);
  await expect(page.getByRole('main').getByRole('link', { name: /sale-notice/ })).toHaveCount(0);
  await expect(page.getByRole('main')).not.toContainText('Paula Parent');
});

test('[VISITOR] keeps everything typed when a file is refused: an HTML page renamed .pdf', async ({ page }) => {
  await page.goto('/complaints/new');
  await page.getByLabel('Which website is it about?').fill('shady-shop.example');
  await page.getByRole('radio', { name: 'Other', exact: true }).check();
  const description = 'The shop sends me newsletters although I unsubscribed three times, and now my neighbour gets them too.';
  await page.getByLabel('What happened?').fill(description);
  await page.getByRole('group', { name: 'Did you contact the company about it first?' }).getByRole('radio', { name: 'No', exact: true }).check();
  await fillAboutYou(page, 'Sam Sender', 'sam.sender@mail.example');
  await page.getByLabel('Evidence (optional)').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: HTML_AS_PDF });
  await page.getByRole('button', { name: 'Send the complaint' }).click();

  // The file went to the upload route as soon as it was chosen (docs/adr/0021): refused there, and the form not sent.
  await expect(page.getByTestId('field-evidence-uploads')).toContainText('invoice.pdf refused: “invoice.pdf” is a web page or other markup');
  await expect(alertIn(page)).toContainText('“invoice.pdf” is a web page or other markup (HTML, SVG or XML), which we do not accept.');
  await expect(alertIn(page)).toContainText('Choose your files again without it. Nothing was sent; what you typed is still here.');
  await expect(page.getByLabel('Which website is it about?')).toHaveValue('shady-shop.example');
  await expect(page.getByRole('radio', { name: 'Other', exact: true })).toBeChecked();
  await expect(page.getByLabel('What happened?')).toHaveValue(description);
  await expect(page.getByRole('group', { name: 'Did you contact the company about it first?' }).getByRole('radio', { name: 'No', exact: true })).toBeChecked();
  await expect(page.getByLabel('Your name')).toHaveValue('Sam Sender');
  await expect(page.getByLabel('Your email address')).toHaveValue('sam.sender@mail.example');
  await expect(page.getByTestId('complaint-filed')).toHaveCount(0);
});

test('[VISITOR] is told before sending when the files are too many or too large, and keeps what was typed', async ({ page }) => {
  await page.goto('/complaints/new');
  await page.getByLabel('Which website is it about?').fill('big-files.example');
  await page.getByLabel('What happened?').fill('Scans of every letter the shop sent me about my deletion request.');
  const scan = (index: number) => ({ name: `scan-${index}.pdf`, mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.alloc(Math.floor(1.9 * 1024 * 1024))]) });
  await page.getByLabel('Evidence (optional)').setInputFiles([1, 2, 3, 4, 5].map(scan));
  await page.getByRole('button', { name: 'Send the complaint' }).click();
  await expect(alertIn(page)).toHaveText('Your files add up to 9.5 MB; together they may be at most 8 MB. Nothing was sent; what you typed is still here.');
  await page.getByLabel('Evidence (optional)').setInputFiles([1, 2, 3, 4, 5, 6].map((index) => ({ name: `note-${index}.txt`, mimeType: 'text/plain', buffer: Buffer.from('note') })));
  await page.getByRole('button', { name: 'Send the complaint' }).click();
  await expect(alertIn(page)).toContainText('You chose 6 files; at most 5 can be sent with a complaint.');
  await expect(page.getByLabel('What happened?')).toHaveValue('Scans of every letter the shop sent me about my deletion request.');
  await expect(page.getByLabel('Which website is it about?')).toHaveValue('big-files.example');
});

test('[VISITOR] a file over the size limit, sent by a script that skips the form’s check, is cut off by the upload route and not kept', async ({ page }) => {
  await page.goto('/complaints/new');
  // Just over 2 MB: within the length the route accepts for one file and its framing, so it is streamed and cut at the limit.
  const answer = await page.evaluate(async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(2 * 1024 * 1024 + 10 * 1024).fill(0x61)], { type: 'text/plain' }), 'scan.txt');
    const response = await fetch('/api/uploads', { method: 'POST', body: form });
    return { status: response.status, body: (await response.json()) as { error?: string; token?: string } };
  });
  expect(answer.status).toBe(413);
  expect(answer.body.token).toBeUndefined();
  expect(answer.body.error).toBe('“scan.txt” is more than 2 MB; each file may be at most 2 MB. Nothing was kept.');
});

test('[VISITOR] files a second complaint, typing the domain', async ({ page }) => {
  await page.goto('/complaints/new');
  await page.getByLabel('Which website is it about?').fill('https://www.cheap-pills.example/offer');
  await page.getByRole('radio', { name: 'Other', exact: true }).check();
  await page.getByLabel('What happened?').fill('BUY CHEAP PILLS NOW at cheap-pills.example, best prices, visit today!!!');
  await page.getByRole('group', { name: 'Did you contact the company about it first?' }).getByRole('radio', { name: 'No', exact: true }).check();
  await fillAboutYou(page, 'Pill Promoter', `promo-${randomBytes(3).toString('hex')}@mail.example`);
  await page.getByRole('button', { name: 'Send the complaint' }).click();
  await expect(page.getByTestId('complaint-filed')).toBeVisible();
  filed.spam.reference = (await page.getByTestId('complaint-reference').textContent())!.trim();
  filed.spam.trackingUrl = (await page.getByTestId('tracking-link').getAttribute('href'))!;
});

test('[REVIEWER] sees the data-sale complaint on the fast track, opens it, downloads the evidence and dismisses the spam', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, 'reviewer@openseal.example', { role: 'Reviewer' });
  await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Complaints' }).click();
  await expect(page).toHaveURL(/\/review\/complaints$/);
  const fast = page.getByTestId(`complaint-row-${filed.dataSale.reference}`);
  await expect(fast).toContainText('Fast track: data sale by a seal holder');
  await expect(fast).toContainText('toysmart.example');
  await expect(page.getByTestId(`complaint-row-${filed.spam.reference}`)).not.toContainText('Fast track');
  // Fast track first: the data-sale complaint comes before every complaint that is not on it (the demo's older ones too).
  const rows = await page.locator('tbody tr').evaluateAll((elements) => elements.map((element) => ({ id: element.getAttribute('data-testid'), fast: element.textContent?.includes('Fast track') ?? false })));
  const firstOrdinary = rows.findIndex((row) => !row.fast);
  expect(firstOrdinary).toBeGreaterThan(0);
  expect(rows.findIndex((row) => row.id === `complaint-row-${filed.dataSale.reference}`)).toBeLessThan(firstOrdinary);

  await fast.getByRole('link', { name: filed.dataSale.reference }).click();
  await expect(page.getByTestId('fast-track')).toBeVisible();
  await expect(page.getByTestId('complainant')).toContainText('Paula Parent');
  await expect(page.getByRole('link', { name: /^OS-/ })).toHaveAttribute('href', /^\/review\/seals\/OS-/);

  const evidenceLink = page.getByTestId('evidence-list').getByRole('link', { name: 'sale-notice.pdf' });
  const [download] = await Promise.all([page.waitForEvent('download'), evidenceLink.click()]);
  expect(download.suggestedFilename()).toBe('sale-notice.pdf');
  const served = await page.request.get((await evidenceLink.getAttribute('href'))!);
  expect(served.status()).toBe(200);
  expect(served.headers()['content-disposition']).toBe(`attachment; filename="sale-notice.pdf"; filename*=UTF-8''sale-notice.pdf`);
  expect(served.headers()['content-type']).toBe('application/pdf');
  expect(served.headers()['x-content-type-options']).toBe('nosniff');
  expect(served.headers()['content-security-policy']).toBe("sandbox; default-src 'none'");
  expect(Buffer.from(await served.body()).equals(PDF)).toBe(true);

  await page.goto(`/review/complaints/${filed.spam.reference}`);
  await page.getByLabel('Reason').selectOption({ label: 'Spam or not a genuine complaint' });
  await page.getByLabel('Note to the complainant').fill('This is an advertisement, not a complaint about how a site handles personal data.');
  await page.getByRole('button', { name: 'Dismiss the complaint' }).click();
  // The page shows the complaint as it is now: dismissed, with the reason, by whom, and the note.
  await expect(page.getByTestId('complaint-status')).toHaveText('Dismissed');
  await expect(page.getByTestId('complaint-dismissal')).toContainText('Spam or not a genuine complaint — by Rita Reviewer');
  await expect(page.getByRole('button', { name: 'Dismiss the complaint' })).toHaveCount(0);
  await context.close();
});

test('[VISITOR] reads on the tracking page why the second complaint was dismissed', async ({ page }) => {
  await page.goto(filed.spam.trackingUrl);
  await expect(page.getByTestId('complaint-status')).toHaveText('Closed without investigation');
  const dismissal = page.getByTestId('complaint-dismissal');
  await expect(dismissal).toContainText('Spam or not a genuine complaint');
  await expect(dismissal).toContainText('This is an advertisement, not a complaint about how a site handles personal data.');
  // The first complaint's page is unaffected.
  await page.goto(filed.dataSale.trackingUrl);
  await expect(page.getByTestId('complaint-status')).toHaveText('Received');
});

test('[VISITOR] a wrong tracking link is a 404 that says so', async ({ page }) => {
  const wrong = filed.dataSale.trackingUrl.replace(/[A-Za-z0-9_-]{43}$/, randomBytes(32).toString('base64url'));
  const response = await page.goto(wrong);
  expect(response!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This tracking link is wrong or has expired');
  expect((await page.goto(filed.dataSale.trackingUrl.replace(/[A-Za-z0-9_-]{43}$/, 'short')))!.status()).toBe(404);
});

test('[VISITOR] [APPLICANT] cannot open the triage queue, a complaint or its evidence', async ({ browser, page }) => {
  // Signed out: sent to sign in, evidence included.
  const evidencePath = `/review/complaints/${filed.dataSale.reference}/evidence/00000000-0000-4000-8000-000000000000`;
  for (const path of ['/review/complaints', `/review/complaints/${filed.dataSale.reference}`, evidencePath]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers().location).toContain('/login?next=');
  }

  const applicant = await createApplicant(browser);
  const context = await browser.newContext();
  const applicantPage = await context.newPage();
  await submitSignIn(applicantPage, applicant.email, applicant.password);
  await expect(applicantPage.getByTestId('signed-in-user')).toContainText('(Applicant)');
  await expect(applicantPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Complaints' })).toHaveCount(0);
  await applicantPage.goto('/review/complaints');
  await expect(applicantPage).toHaveURL(/\/forbidden$/);
  await applicantPage.goto(`/review/complaints/${filed.dataSale.reference}`);
  await expect(applicantPage).toHaveURL(/\/forbidden$/);

  // The real evidence link, asked for with the applicant's session.
  const reviewer = await signedInContext(browser, 'reviewer@openseal.example', { role: 'Reviewer' });
  await reviewer.page.goto(`/review/complaints/${filed.dataSale.reference}`);
  const href = (await reviewer.page.getByTestId('evidence-list').getByRole('link').first().getAttribute('href'))!;
  await reviewer.context.close();
  const refused = await applicantPage.request.get(href);
  expect(refused.status()).toBe(403);
  expect(refused.headers()['content-disposition']).toBeUndefined();
  expect(await refused.text()).toContain('Only a reviewer can do this.');
  await context.close();
});
