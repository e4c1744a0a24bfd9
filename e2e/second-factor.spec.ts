import { expect, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { alertIn, mailTo, newPerson, signInAsAdmin, signUpApplicant, submitSignIn } from './fixtures';

/** What an authenticator app would show, `stepsAhead` 30-second steps from now. */
function codeFor(secret: string, stepsAhead = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + stepsAhead * 30_000 });
}

/**
 * Enrols the signed-in user on /account/security as a person would: reads the key shown beside the
 * QR code, types the app's code. Returns the key and the recovery codes shown once.
 */
async function enrol(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto('/account/security');
  await expect(page.getByTestId('second-factor-status')).toContainText('Two-factor sign-in is off.');
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  await page.getByLabel('Code from the app').fill(codeFor(secret));
  await page.getByRole('button', { name: 'Switch on' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('Two-factor sign-in is on.');
  const recoveryCodes = await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  await page.getByRole('link', { name: 'I have saved my recovery codes' }).click();
  await expect(page.getByTestId('second-factor-status')).toContainText('Two-factor sign-in is on since');
  await expect(page.getByTestId('second-factor-status')).toContainText('10 unused recovery codes');
  // Shown once: not on the page any more.
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
  return { secret, recoveryCodes };
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
}

/** Password first; the form then asks for the code and no session exists yet. */
async function signInUpToTheCode(page: Page, email: string, password: string, path = '/login') {
  await submitSignIn(page, email, password, path);
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Enter the 6-digit code from your authenticator app, or one of your recovery codes.');
  await expect(page.getByText(`Signing in as ${email}.`)).toBeVisible();
  expect((await page.context().cookies()).some((cookie) => cookie.name.includes('session-token'))).toBe(false);
}

test('[APPLICANT] turns on two-factor sign-in, then signs in with a code and with a recovery code', async ({ page }) => {
  const user = await signUpApplicant(page);
  const { secret, recoveryCodes } = await enrol(page);
  await signOut(page);

  await signInUpToTheCode(page, user.email, user.password);
  await page.getByLabel('Authentication code').fill('000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(alertIn(page)).toHaveText(/^This code is not right\./);
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  // The code used to switch it on is spent: the app's next code (one step ahead) is accepted.
  await page.getByLabel('Authentication code').fill(codeFor(secret, 1));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByTestId('signed-in-user')).toHaveText(`Signed in as ${user.name} (Applicant)`);
  await signOut(page);

  await signInUpToTheCode(page, user.email, user.password);
  await page.getByLabel('Authentication code').fill(recoveryCodes[0]!);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await page.goto('/account/security');
  await expect(page.getByTestId('second-factor-status')).toContainText('9 unused recovery codes');
  await signOut(page);

  // Single use.
  await signInUpToTheCode(page, user.email, user.password);
  await page.getByLabel('Authentication code').fill(recoveryCodes[0]!);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(alertIn(page)).toHaveText(/^This code is not right\./);
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
});

test('[APPLICANT] makes new recovery codes: shown once, the old ones stop working at once, and a mail says it happened', async ({ page }) => {
  test.setTimeout(90_000);
  const user = await signUpApplicant(page);
  const { recoveryCodes: old } = await enrol(page);

  const form = page.getByRole('form', { name: 'New recovery codes' });
  await form.getByLabel('Current code or password').fill('not-my-password');
  await form.getByRole('button', { name: 'Make new recovery codes' }).click();
  await expect(form.getByRole('alert')).toHaveText('This is neither the current code from your authenticator app nor your password.');

  const askedAt = Date.now();
  await form.getByLabel('Current code or password').fill(user.password);
  await form.getByRole('button', { name: 'Make new recovery codes' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('New recovery codes are made. Your earlier ones no longer work.');
  const fresh = await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents();
  expect(fresh).toHaveLength(10);
  expect(fresh.filter((code) => old.includes(code))).toEqual([]);
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
  await expect(page.getByTestId('second-factor-status')).toContainText('10 unused recovery codes');
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0);

  const mail = await mailTo(user.email, 'Your OpenSeal recovery codes were replaced', { after: askedAt });
  expect(mail.text).toContain('your earlier ones no longer work');
  for (const code of fresh) expect(mail.text).not.toContain(code);
  await signOut(page);

  await signInUpToTheCode(page, user.email, user.password);
  await page.getByLabel('Authentication code').fill(old[1]!);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(alertIn(page)).toHaveText(/^This code is not right\./);
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  await page.getByLabel('Authentication code').fill(fresh[0]!);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await page.goto('/account/security');
  await expect(page.getByTestId('second-factor-status')).toContainText('9 unused recovery codes');
});

test('[ADMIN] requires a second factor of staff; a [REVIEWER] without one is sent to set it up first', async ({ page, browser }) => {
  // Long (two accounts, two enrolments), and its `finally` must get to switch the requirement off again,
  // or every later spec's staff would be sent to enrol.
  test.setTimeout(120_000);
  // A fresh administrator, so that the demo admin the other specs sign in as keeps signing in with a password alone.
  const admin = newPerson('admin');
  const reviewer = newPerson('reviewer');
  await signInAsAdmin(page);
  await page.goto('/review/users');
  const passwords: Record<string, string> = {};
  for (const [person, role] of [
    [admin, 'admin'],
    [reviewer, 'reviewer'],
  ] as const) {
    const form = page.getByRole('form', { name: 'Create an account' });
    await form.getByLabel('Name').fill(person.name);
    await form.getByLabel('Email address').fill(person.email);
    await form.getByLabel('Role').selectOption(role);
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(form.getByRole('status')).toContainText(`Created ${person.email} as ${role}.`);
    passwords[person.email] = (await form.getByTestId('one-time-secret').textContent())!;
  }
  await signOut(page);

  await submitSignIn(page, admin.email, passwords[admin.email]!);
  await expect(page).toHaveURL(/\/review\/dashboard$/);
  await enrol(page);
  await page.goto('/review/settings');
  const setting = page.getByLabel('Require a second factor for admins and reviewers');
  await expect(setting).not.toBeChecked();
  try {
    await setting.check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('main').getByRole('status')).toContainText('are now sent to set it up');

    const reviewerContext = await browser.newContext();
    try {
      const reviewerPage = await reviewerContext.newPage();
      await submitSignIn(reviewerPage, reviewer.email, passwords[reviewer.email]!, '/login?next=%2Freview');
      await expect(reviewerPage).toHaveURL(/\/account\/security\?required=staff$/);
      await expect(alertIn(reviewerPage)).toContainText('The seal program requires two-factor sign-in for reviewers and administrators.');
      // Meanwhile: an applicant's rights, no way into the staff area.
      await expect(reviewerPage.getByTestId('signed-in-user')).toHaveText(`Signed in as ${reviewer.name} (Applicant)`);
      await reviewerPage.goto('/review/cases');
      await expect(reviewerPage).toHaveURL(/\/account\/security\?required=staff$/);
      await reviewerPage.goto('/portal');
      await expect(reviewerPage.getByRole('heading', { name: 'Portal' })).toBeVisible();

      await enrol(reviewerPage);
      await reviewerPage.goto('/review');
      await expect(reviewerPage.getByRole('heading', { name: 'Review queue' })).toBeVisible();
      await expect(reviewerPage.getByTestId('signed-in-user')).toHaveText(`Signed in as ${reviewer.name} (Reviewer)`);
    } finally {
      await reviewerContext.close();
    }
  } finally {
    // Leave the server as the other specs expect it: the demo staff have no second factor.
    await page.goto('/review/settings');
    await page.getByLabel('Require a second factor for admins and reviewers').uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('main').getByRole('status')).toContainText('now optional');
  }
});
