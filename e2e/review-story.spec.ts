import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_DEMO_PASSWORD, submitSignIn, confirmInDialog } from './fixtures';

/**
 * The review story of issue 4, told from both sides with the demo's Toysmart club application
 * (submitted, and its applicants can sign in): a change request, the answer, the approval, the
 * seal, a suspension and a reinstatement, each one notified; then the holder gives the seal up.
 */
const DOMAIN = 'toysmart-club.example';
const RETENTION_NOTE = 'Say how long club members’ data is kept, and when it is deleted.';
const PUBLIC_ID = /OS-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;

test.describe.configure({ mode: 'serial' });

let publicId = '';

async function signedIn(browser: Browser, email: string, role: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitSignIn(page, email, E2E_DEMO_PASSWORD);
  await expect(page.getByTestId('signed-in-user')).toContainText(`(${role})`);
  return { context, page };
}

/** The notification with this subject, on the signed-in person's notifications page. */
async function notification(page: Page, subject: string) {
  await page.goto('/notifications');
  return page.getByTestId('notification').filter({ has: page.getByRole('heading', { name: subject, exact: true }) });
}

async function openClubSite(page: Page) {
  await page.goto('/portal');
  await page.getByRole('link', { name: 'Toysmart.com, Inc.' }).click();
  await page.getByTestId(`site-${DOMAIN}`).getByRole('link', { name: DOMAIN }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(DOMAIN);
}

test('[REVIEWER→APPLICANT] change request, answer, approval, seal and expiry, suspension, reinstatement — the applicant is notified each time', async ({ browser }) => {
  test.setTimeout(180_000);
  const reviewer = await signedIn(browser, 'reviewer@openseal.example', 'Reviewer');
  const applicant = await signedIn(browser, 'member@toysmart.example', 'Applicant');
  const rp = reviewer.page;
  const ap = applicant.page;

  await test.step('[REVIEWER] claims the application and requests changes on the retention criterion', async () => {
    await rp.goto('/review');
    const row = rp.getByTestId(`queue-row-${DOMAIN}`);
    await row.getByRole('button', { name: `Claim the application for ${DOMAIN}` }).click();
    await expect(row).toContainText('Rita Reviewer');
    await row.getByRole('link', { name: DOMAIN }).click();
    await expect(rp.getByTestId('application-status')).toContainText('In review');

    const criteria = rp.locator('fieldset[data-testid^="assess-"]');
    const count = await criteria.count();
    expect(count).toBeGreaterThanOrEqual(12);
    for (let i = 0; i < count; i++) await criteria.nth(i).getByLabel('Meets', { exact: true }).check();
    const retention = rp.getByTestId('assess-data-retention');
    await retention.getByLabel('Does not meet', { exact: true }).check();
    await retention.getByRole('textbox').fill(RETENTION_NOTE);
    await rp.getByRole('button', { name: 'Save verdicts' }).click();
    await expect(rp.getByRole('main').getByRole('status').filter({ hasText: `Saved ${count} verdicts.` })).toBeVisible();
    await rp.getByLabel('Message to the applicant (optional)').fill('One answer needs more detail before we can approve.');
    await rp.getByRole('button', { name: 'Request changes' }).click();
    await expect(rp.getByTestId('application-status')).toContainText('Changes requested');
  });

  await test.step('[APPLICANT] is notified, sees which criterion and why, answers and resubmits', async () => {
    // Told apart by the reviewer's words: the demo member also belongs to the permission walk's organization.
    const changes = (await notification(ap, 'The reviewer asks for changes to your application')).filter({ hasText: 'One answer needs more detail before we can approve.' });
    await expect(changes).toHaveCount(1);
    await expect(changes).toContainText('Criteria to change: Retention schedule.');
    await changes.getByRole('link', { name: 'Open' }).click();
    await expect(ap.getByRole('heading', { level: 1 })).toContainText(DOMAIN);
    await expect(ap.getByTestId('application-status')).toContainText('Changes requested');
    await expect(ap.getByRole('main')).toContainText('One answer needs more detail before we can approve.');
    // Only the criterion the reviewer marked carries a request, with the reviewer's words.
    await expect(ap.locator('[data-testid^="reviewer-note-"]')).toHaveCount(1);
    await expect(ap.getByTestId('reviewer-note-data-retention')).toContainText(RETENTION_NOTE);

    await ap.getByTestId('criterion-data-retention').locator('textarea').fill('Order records: 7 years, as tax law requires. Club accounts inactive for 2 years are deleted.');
    await ap.getByRole('button', { name: 'Submit for review' }).click();
    await expect(ap.getByText(/^Submitted\. A reviewer will assess/)).toBeVisible();
    await expect(ap.getByTestId('application-status')).toContainText('Submitted');
  });

  await test.step('[REVIEWER] takes the resubmitted application back and approves it', async () => {
    await rp.reload();
    await expect(rp.getByTestId('application-status')).toContainText('Submitted');
    await rp.getByRole('button', { name: 'Claim this application' }).click();
    await expect(rp.getByTestId('application-status')).toContainText('In review');
    await rp.getByTestId('assess-data-retention').getByLabel('Meets', { exact: true }).check();
    await rp.getByRole('button', { name: 'Save verdicts' }).click();
    await expect(rp.getByRole('main').getByRole('status').filter({ hasText: /Saved \d+ verdicts\./ })).toBeVisible();
    await rp.getByRole('button', { name: 'Approve and issue the seal' }).click();
    await confirmInDialog(rp, 'Approve and issue the seal');
    await expect(rp.getByTestId('application-status')).toContainText('Approved');
    const issued = rp.getByTestId('issued-seal');
    await expect(issued).toContainText(PUBLIC_ID);
    publicId = PUBLIC_ID.exec((await issued.textContent()) ?? '')![0];
  });

  await test.step('[APPLICANT] is notified of the approval and sees the seal and its expiry date in the portal', async () => {
    await expect(await notification(ap, `Your application was approved: seal ${publicId}`)).toHaveCount(1);
    await openClubSite(ap);
    const seal = ap.getByTestId(`seal-${publicId}`);
    await expect(seal).toContainText(new RegExp(`Seal ${publicId}: Active, expires \\d{1,2} [A-Z][a-z]+ \\d{4}`));
    // The exact instant is in the <time> element (ADR 0022); the text is for people.
    const expires = (await seal.locator('time').first().getAttribute('datetime'))!;
    const daysAhead = (Date.parse(expires) - Date.now()) / (24 * 60 * 60 * 1000);
    expect(daysAhead).toBeGreaterThan(360); // the program's 12 months
    expect(daysAhead).toBeLessThan(368);
    // A member, not an owner: no way to revoke the seal here.
    await expect(ap.getByText('Revoke this seal…')).toHaveCount(0);
  });

  await test.step('[REVIEWER] suspends the seal; [APPLICANT] is notified and sees what to do', async () => {
    await rp.goto(`/review/seals/${publicId}`);
    await expect(rp.getByTestId('seal-status')).toHaveText('Active');
    await rp.getByLabel('Public reason').fill('The club’s sign-up page collects children’s birth dates without parental consent.');
    await rp.getByLabel('What the holder must do to be reinstated').fill('Ask for parental consent before collecting a child’s birth date.');
    await rp.getByRole('button', { name: 'Suspend the seal' }).click();
    await expect(rp.getByTestId('seal-status')).toHaveText('Suspended');

    const suspended = await notification(ap, `Your seal ${publicId} is suspended`);
    await expect(suspended).toHaveCount(1);
    await expect(suspended).toContainText('To be reinstated: Ask for parental consent');
    await openClubSite(ap);
    await expect(ap.getByTestId(`seal-${publicId}`)).toContainText(`Seal ${publicId}: Suspended`);
    await expect(ap.getByTestId(`seal-${publicId}`)).toContainText('to be reinstated: Ask for parental consent');
  });

  await test.step('[REVIEWER] reinstates the seal; [APPLICANT] is notified and sees it active', async () => {
    await rp.getByRole('button', { name: 'Reinstate the seal' }).click();
    await expect(rp.getByTestId('seal-status')).toHaveText('Active');
    await expect(await notification(ap, `Your seal ${publicId} is active again`)).toHaveCount(1);
    await openClubSite(ap);
    await expect(ap.getByTestId(`seal-${publicId}`)).toContainText(`Seal ${publicId}: Active`);
  });

  await test.step('[APPLICANT] has one notification for each step, unread', async () => {
    await ap.goto('/notifications');
    // The member also belongs to organizations other specs make (the permission walk's world): the
    // change request is told apart by the reviewer's words, the rest by this seal's id.
    const changeRequest = ap.getByTestId('notification').filter({ has: ap.getByRole('heading', { name: 'The reviewer asks for changes to your application', exact: true }) });
    await expect(changeRequest.filter({ hasText: 'One answer needs more detail before we can approve.' })).toHaveCount(1);
    for (const subject of [`Your application was approved: seal ${publicId}`, `Your seal ${publicId} is suspended`, `Your seal ${publicId} is active again`]) {
      await expect(ap.getByTestId('notification').filter({ has: ap.getByRole('heading', { name: subject, exact: true }) })).toHaveCount(1);
    }
  });
  await reviewer.context.close();
  await applicant.context.close();
});

test('[APPLICANT] the owner revokes the club seal from the site page, only after confirming that revocation is final', async ({ browser }) => {
  test.setTimeout(90_000);
  expect(publicId).toMatch(PUBLIC_ID);
  const owner = await signedIn(browser, 'owner@toysmart.example', 'Applicant');
  const page = owner.page;
  await openClubSite(page);
  await page.getByText('Revoke this seal…').click();
  const form = page.getByRole('form', { name: `Revoke seal ${publicId} for ${DOMAIN}` });
  await form.getByLabel('We no longer want the seal').check();
  await form.getByLabel('Public statement').fill('The club closed on 1 March; members moved to toysmart.example.');

  // Without the explicit confirmation nothing happens, and nothing typed is lost.
  await form.getByRole('button', { name: 'Revoke the seal' }).click();
  await expect(form.getByRole('alert')).toHaveText('Tick the box to confirm that you understand revocation is final.');
  await expect(page.getByTestId(`seal-${publicId}`)).toContainText(`Seal ${publicId}: Active`);
  await expect(form.getByLabel('Public statement')).toHaveValue('The club closed on 1 March; members moved to toysmart.example.');
  await expect(form.getByLabel('We no longer want the seal')).toBeChecked();

  await form.getByLabel(/Revocation is final/).check();
  await form.getByRole('button', { name: 'Revoke the seal' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: `Seal ${publicId} is revoked.` })).toBeVisible();
  await expect(page.getByTestId(`seal-${publicId}`)).toContainText(`Seal ${publicId}: Revoked`);
  await expect(page.getByText('Revoke this seal…')).toHaveCount(0);

  const revoked = await notification(page, `Your seal ${publicId} is revoked`);
  await expect(revoked).toHaveCount(1);
  await expect(revoked).toContainText('Reason: Withdrawn at the holder’s request: The club closed on 1 March');
  await owner.context.close();
});
