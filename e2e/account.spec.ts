import { expect, test } from '@playwright/test';
import { alertIn, createApplicant, E2E_BASE_URL, linkIn, mailTo, newPerson, signInAsAdmin, signUpAndCheckMail, submitSignIn, verifyByMail } from './fixtures';

test('[VISITOR] resets a forgotten password through the mailed link, which then works no more; other sessions end', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const user = await createApplicant(browser);
  // A session elsewhere (another device), signed in before the reset.
  const elsewhere = await browser.newContext();
  const elsewherePage = await elsewhere.newPage();
  await submitSignIn(elsewherePage, user.email, user.password);
  await expect(elsewherePage).toHaveURL(/\/portal$/);

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  const answer = 'If that address has an account, we have sent it a link to choose a new password. The link works once, for one hour.';
  // An address without an account gets the very same answer.
  await page.getByLabel('Email address').fill(newPerson('nobody').email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByRole('status')).toHaveText(answer);
  const askedAt = Date.now();
  await page.getByLabel('Email address').fill(user.email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByRole('status')).toHaveText(answer);

  const mail = await mailTo(user.email, 'Choose a new OpenSeal password', { after: askedAt });
  const link = linkIn(mail, '/reset-password/');
  await page.goto(link);
  await page.getByLabel('New password').fill('password1234');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(alertIn(page)).toHaveText(/too easy to guess/);
  const newPassword = `Copper-Violin-Meadow-${Date.now()}`;
  await page.getByLabel('New password').fill(newPassword);
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page).toHaveURL(/\/login\?reason=password-reset/);
  await expect(page.getByRole('status')).toContainText('Your new password is set');

  // The old password no longer works, the new one does.
  await submitSignIn(page, user.email, user.password);
  await expect(alertIn(page)).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  await submitSignIn(page, user.email, newPassword);
  await expect(page).toHaveURL(/\/portal$/);

  // The link works once; the session from before the reset is over.
  await page.goto(link);
  await expect(page.getByTestId('link-problem')).toHaveText('This link has already been used. Ask for a new one if you still need it.');
  await elsewherePage.goto('/portal');
  await expect(elsewherePage).toHaveURL(/\/login\?next=%2Fportal&reason=ended$/);
  await elsewhere.close();

  // The admins' outbox shows the mail, never its link.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signInAsAdmin(adminPage);
  await adminPage.goto('/review/outbox');
  const row = adminPage.getByTestId('outbox-mail').filter({ hasText: user.email }).filter({ hasText: 'Choose a new OpenSeal password' });
  await row.getByText('Choose a new OpenSeal password').click();
  await expect(row.locator('pre')).toContainText('Choose a new password here: [link redacted]');
  await expect(adminPage.locator('body')).not.toContainText(link.split('/reset-password/')[1]!);
  await adminContext.close();
});

test('[VISITOR] signs up, may sign in but not create an organization until the address is verified; resends the link', async ({ page }) => {
  test.setTimeout(90_000);
  const user = newPerson('unverified');
  await signUpAndCheckMail(page, user);
  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/portal$/);
  const notice = page.getByTestId('verification-notice');
  await expect(notice).toContainText(`We mailed a link to ${user.email}.`);

  await page.goto('/portal/organizations/new');
  await page.getByLabel('Legal name').fill('Unverified Bakery Ltd');
  await page.getByLabel('Country of registration').selectOption({ label: 'United Kingdom' });
  await page.getByLabel('Contact email for privacy matters').fill('privacy@unverified.example');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(alertIn(page)).toHaveText(
    `Verify your email address before you create an organization: open the link we mailed to ${user.email}, or ask for a new one from the notice at the top of the page.`,
  );
  await expect(page.getByLabel('Legal name')).toHaveValue('Unverified Bakery Ltd');

  // The first link is lost; a new one is asked for, and only it works.
  const first = linkIn(await mailTo(user.email, 'Verify your OpenSeal email address'), '/verify-email/');
  const resentAt = Date.now();
  await notice.getByRole('button', { name: 'Resend the link' }).click();
  await expect(notice).toContainText('We have sent a new verification link.');
  await verifyByMail(page, user.email, { after: resentAt });
  await page.goto(first);
  await expect(page.getByTestId('link-problem')).toContainText('A newer link was sent after this one');

  await page.goto('/portal/organizations/new');
  await expect(page.getByTestId('verification-notice')).toHaveCount(0);
  await page.getByLabel('Legal name').fill('Verified Bakery Ltd');
  await page.getByLabel('Country of registration').selectOption({ label: 'United Kingdom' });
  await page.getByLabel('Contact email for privacy matters').fill('privacy@verified.example');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verified Bakery Ltd');
});

test('[APPLICANT] signing out ends a copied session cookie too', async ({ browser }) => {
  test.setTimeout(60_000);
  const user = await createApplicant(browser);
  const a = await browser.newContext();
  const pageA = await a.newPage();
  await submitSignIn(pageA, user.email, user.password);
  await expect(pageA).toHaveURL(/\/portal$/);

  // Someone copies the cookies into another browser: the session works there too…
  const b = await browser.newContext();
  await b.addCookies(await a.cookies());
  const pageB = await b.newPage();
  await pageB.goto('/portal');
  await expect(pageB.getByTestId('signed-in-user')).toContainText(user.name);

  // …until the owner signs out.
  await pageA.getByRole('button', { name: 'Sign out' }).click();
  await expect(pageA.getByTestId('signed-in-user')).toHaveCount(0);
  await pageB.goto('/portal');
  await expect(pageB).toHaveURL(/\/login\?next=%2Fportal&reason=ended$/);
  await expect(pageB.getByTestId('signed-in-user')).toHaveCount(0);

  // The same through Auth.js's own sign-out endpoint (POST /api/auth/signout with its CSRF token),
  // which a client can call without our button.
  await submitSignIn(pageA, user.email, user.password);
  await expect(pageA).toHaveURL(/\/portal$/);
  await b.clearCookies();
  await b.addCookies(await a.cookies());
  await pageB.goto('/portal');
  await expect(pageB.getByTestId('signed-in-user')).toContainText(user.name);
  const { csrfToken } = (await (await a.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const signedOut = await a.request.post('/api/auth/signout', { form: { csrfToken }, maxRedirects: 0 });
  expect(signedOut.status()).toBe(302);
  await pageB.goto('/portal');
  await expect(pageB).toHaveURL(/\/login\?next=%2Fportal&reason=ended$/);
  await a.close();
  await b.close();
});

test('[APPLICANT] Auth.js’s sign-out page leads to ours, whose form posts to the public address and signs out everywhere', async ({ page, browser }) => {
  const user = await createApplicant(browser);
  const publicOrigin = new URL(E2E_BASE_URL).origin;
  // Reading the page signs nobody out.
  await page.goto('/logout');
  await expect(page.getByTestId('sign-out-status')).toHaveText('You are not signed in.');
  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/portal$/);
  const elsewhere = await browser.newContext();
  await elsewhere.addCookies(await page.context().cookies());

  await page.goto('/api/auth/signout');
  await expect(page).toHaveURL(`${publicOrigin}/logout`);
  await expect(page.getByTestId('sign-out-status')).toContainText(`You are signed in as ${user.email}.`);
  const form = page.getByRole('form', { name: 'Sign out of OpenSeal' });
  // Where the browser will send the form: resolved as the browser resolves it, on the configured public origin.
  const target = await form.evaluate((element) => (element as HTMLFormElement).action);
  expect(new URL(target).origin).toBe(publicOrigin);

  const posted = page.waitForRequest((request) => request.method() === 'POST');
  await form.getByRole('button', { name: 'Sign out' }).click();
  expect(new URL((await posted).url()).origin).toBe(publicOrigin);
  await expect(page).toHaveURL(`${publicOrigin}/`);
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  // Every session ended, the copied cookie's included.
  const elsewherePage = await elsewhere.newPage();
  await elsewherePage.goto('/portal');
  await expect(elsewherePage).toHaveURL(/\/login\?next=%2Fportal&reason=ended$/);
  await elsewhere.close();
});

test('[APPLICANT] changes the password at /account: this session stays, the others end', async ({ page, browser }) => {
  const user = await createApplicant(browser);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await submitSignIn(otherPage, user.email, user.password);
  await expect(otherPage).toHaveURL(/\/portal$/);

  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/portal$/);
  await page.getByRole('banner').getByRole('link', { name: 'Account', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  const section = page.getByRole('region', { name: 'Password' });
  await section.getByLabel('Current password').fill('not-my-password');
  await section.getByLabel('New password').fill(`Lantern-Orchard-${Date.now()}`);
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(section.getByRole('alert')).toHaveText('Your current password is not right. Check it and try again.');

  const newPassword = `Lantern-Orchard-${Date.now()}`;
  await section.getByLabel('Current password').fill(user.password);
  await section.getByLabel('New password').fill(newPassword);
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/account\?changed=password$/);
  await expect(page.getByTestId('signed-in-user')).toContainText(user.name);

  await otherPage.goto('/portal');
  await expect(otherPage).toHaveURL(/\/login\?next=%2Fportal&reason=ended$/);
  await other.close();
});
