import crypto from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { alertIn, linkIn, mailTo, newPerson, signInAsAdmin, signUpAndCheckMail, signUpApplicant, submitSignIn } from './fixtures';
import { callAction } from './permission-table-http';

const USERS_ACTIONS = 'app/(review)/review/users/actions.ts';

function userRow(page: Page, email: string) {
  return page.getByTestId(`user-row-${email}`);
}

test('[ADMIN] creates a reviewer with a generated password; the [REVIEWER] signs in with it', async ({ page, browser }) => {
  const reviewer = newPerson('reviewer');
  await signInAsAdmin(page);
  await page.goto('/review/users');

  const form = page.getByRole('form', { name: 'Create an account' });
  await form.getByLabel('Name').fill(reviewer.name);
  await form.getByLabel('Email address').fill(reviewer.email);
  await form.getByLabel('Role').selectOption('reviewer');
  await expect(form.getByLabel('Password (optional)')).toHaveValue('');
  await form.getByRole('button', { name: 'Create account' }).click();

  await expect(form.getByRole('status')).toContainText(`Created ${reviewer.email} as reviewer.`);
  const secret = form.getByTestId('one-time-secret');
  await expect(secret).toHaveText(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
  const generatedPassword = (await secret.textContent())!;
  await expect(userRow(page, reviewer.email)).toContainText('reviewer');

  // Shown once: a fresh visit to the page does not show it again.
  await page.reload();
  await expect(page.getByTestId('one-time-secret')).toHaveCount(0);

  const reviewerContext = await browser.newContext();
  try {
    const reviewerPage = await reviewerContext.newPage();
    await submitSignIn(reviewerPage, reviewer.email, generatedPassword);
    await expect(reviewerPage).toHaveURL(/\/review\/dashboard$/);
    await expect(reviewerPage.getByTestId('signed-in-user')).toHaveText(`Signed in as ${reviewer.name} (Reviewer)`);
    // Landed on the dashboard, with the staff menu: the reviewer's work, no administration.
    await expect(reviewerPage.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    const nav = reviewerPage.getByRole('navigation', { name: 'Staff' });
    await expect(nav.getByRole('link', { name: 'Complaints', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
    await expect(nav.getByRole('heading', { name: 'Administration' })).toHaveCount(0);
  } finally {
    await reviewerContext.close();
  }
});

test('[ADMIN] disables a user who is signed in elsewhere; their next request is refused', async ({ page, browser }) => {
  const applicantContext = await browser.newContext();
  try {
    const applicantPage = await applicantContext.newPage();
    const applicant = await signUpApplicant(applicantPage);

    await signInAsAdmin(page);
    await page.goto('/review/users');
    const row = userRow(page, applicant.email);
    await expect(row).toContainText('Active');
    await row.getByRole('button', { name: `Disable ${applicant.email}` }).click();
    await expect(row).toContainText('Saved.');
    await expect(row.getByRole('cell', { name: 'Disabled', exact: true })).toBeVisible();
    await expect(row.getByRole('button', { name: `Enable ${applicant.email}` })).toBeVisible();

    // The applicant's session cookie is still valid as a token; the account behind it is not.
    await applicantPage.goto('/portal');
    await expect(applicantPage).toHaveURL(/\/login\?next=%2Fportal&reason=disabled$/);
    await expect(alertIn(applicantPage)).toContainText('Your session has ended: this account has been disabled or removed.');
    await expect(applicantPage.getByTestId('signed-in-user')).toHaveCount(0);

    await submitSignIn(applicantPage, applicant.email, applicant.password);
    await expect(alertIn(applicantPage).filter({ hasText: 'This account has been disabled.' })).toHaveText(
      'This account has been disabled. Contact the seal program’s administrators if you think this is a mistake.',
    );
    await expect(applicantPage).toHaveURL(/\/login/);
    await expect(applicantPage.getByTestId('signed-in-user')).toHaveCount(0);
  } finally {
    await applicantContext.close();
  }
});

test("[ADMIN] changes a user's role and the user's next request reflects it", async ({ page, browser }) => {
  const userContext = await browser.newContext();
  try {
    const userPage = await userContext.newPage();
    const user = await signUpApplicant(userPage);
    await userPage.goto('/review');
    await expect(userPage).toHaveURL(/\/forbidden$/);

    await signInAsAdmin(page);
    await page.goto('/review/users');
    const row = userRow(page, user.email);
    const changeRole = async (role: 'reviewer' | 'applicant') => {
      await row.getByLabel(`Role of ${user.email}`, { exact: true }).selectOption(role);
      await row.getByRole('button', { name: `Change role of ${user.email}` }).click();
      await expect(row).toContainText('Saved.');
      await expect(row.getByRole('cell', { name: role, exact: true })).toBeVisible();
    };

    // Promoted: the very next request, on the same session, lets them in.
    await changeRole('reviewer');
    await userPage.goto('/review');
    await expect(userPage).toHaveURL(/\/review$/);
    await expect(userPage.getByRole('heading', { name: 'Review queue' })).toBeVisible();
    await expect(userPage.getByTestId('signed-in-user')).toHaveText(`Signed in as ${user.name} (Reviewer)`);

    // Demoted: the token still says nothing about the role, so the old privilege is gone at once.
    await page.reload();
    await changeRole('applicant');
    await userPage.goto('/review');
    await expect(userPage).toHaveURL(/\/forbidden$/);
    await expect(userPage.getByTestId('signed-in-user')).toHaveText(`Signed in as ${user.name} (Applicant)`);
    await expect(userPage.getByRole('link', { name: 'Reviewer dashboard' })).toHaveCount(0);
  } finally {
    await userContext.close();
  }
});

test('[ADMIN] searches the users by part of a name, turns to the next page and back, and sees who signed in', async ({ page, browser }) => {
  test.setTimeout(180_000);
  // 51 accounts whose names share a mark: one more than a page, so the search has a second page.
  const mark = `Paging${crypto.randomUUID().slice(0, 8)}`;
  const people = Array.from({ length: 51 }, (_, i) => ({ name: `${mark} Person ${i + 1}`, email: `${mark.toLowerCase()}-${i + 1}@e2e.example` }));
  await signInAsAdmin(page);
  await page.goto('/review/users');
  // The first through the form (its password is shown once, and is used below); the other fifty
  // through the same server action posted as the form posts it, which is not what this test is about.
  const form = page.getByRole('form', { name: 'Create an account' });
  const [first, ...others] = people;
  await form.getByLabel('Name').fill(first!.name);
  await form.getByLabel('Email address').fill(first!.email);
  await form.getByLabel('Role').selectOption('applicant');
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(form.getByRole('status')).toContainText(`Created ${first!.email} as applicant.`);
  const firstPassword = (await form.getByTestId('one-time-secret').textContent())!;
  for (const person of others) {
    const answer = await callAction(page.request, { file: USERS_ACTIONS, exportName: 'createUserAction' }, { name: person.name, email: person.email, role: 'applicant', password: '' });
    expect(answer.state?.success, answer.raw).toContain(`Created ${person.email} as applicant.`);
  }

  // The search, typed in another case, as a piece of the name.
  const search = page.getByRole('form', { name: 'Search the users' });
  await search.getByLabel('Name or email contains').fill(mark.toUpperCase().slice(2));
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/review\/users\?q=/);
  const rows = page.locator('tbody tr');
  await expect(rows).toHaveCount(50);
  // Newest first: the last one made heads the list; the first one made is on the next page.
  await expect(rows.first()).toHaveAttribute('data-testid', `user-row-${people[50]!.email}`);
  await expect(page.getByTestId(`user-row-${people[0]!.email}`)).toHaveCount(0);
  const pages = page.getByRole('navigation', { name: 'Pages of the users list' });
  await expect(pages.getByRole('link', { name: '← Previous' })).toHaveCount(0);

  const firstPage = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')));
  await pages.getByRole('link', { name: 'Next →' }).click();
  await expect(rows).toHaveCount(1);
  await expect(userRow(page, people[0]!.email)).toContainText(people[0]!.name);
  await expect(userRow(page, people[0]!.email).getByTestId('last-sign-in')).toHaveText('None recorded');
  expect(firstPage).not.toContain(`user-row-${people[0]!.email}`);
  // The search stays with the page, in the box and in the address.
  await expect(search.getByLabel('Name or email contains')).toHaveValue(mark.toUpperCase().slice(2));
  await expect(pages.getByRole('link', { name: 'Next →' })).toHaveCount(0);

  // A wrong password is no sign-in; the right one is, and the list says when.
  const lastSignIn = userRow(page, people[0]!.email).getByTestId('last-sign-in');
  const userContext = await browser.newContext();
  try {
    const userPage = await userContext.newPage();
    await submitSignIn(userPage, people[0]!.email, 'not-their-password-at-all');
    await expect(alertIn(userPage)).toBeVisible();
    await expect(userPage).toHaveURL(/\/login/);
    await page.reload();
    await expect(lastSignIn).toHaveText('None recorded');
    await submitSignIn(userPage, people[0]!.email, firstPassword);
    await expect(userPage).toHaveURL(/\/portal$/);
    await page.reload();
    await expect(lastSignIn).toHaveText(/^\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC$/);
  } finally {
    await userContext.close();
  }

  await pages.getByRole('link', { name: '← Previous' }).click();
  await expect(rows).toHaveCount(50);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')))).toEqual(firstPage);
});

test('[ADMIN] helps users who are stuck: resends a verification, mails a reset link, resets a lost second factor', async ({ page, browser }) => {
  test.setTimeout(120_000);
  // One person who never followed the verification link, one who lost the phone with their second factor.
  const unverified = newPerson('unverified');
  const stranded = newPerson('stranded');
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUpAndCheckMail(otherPage, unverified);
  await signUpApplicant(otherPage, stranded);
  await otherPage.goto('/account/security');
  await otherPage.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  const secret = (await otherPage.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
  await otherPage.getByLabel('Code from the app').fill(TOTP.generate({ secret: Secret.fromBase32(secret) }));
  await otherPage.getByRole('button', { name: 'Switch on' }).click();
  await expect(otherPage.getByRole('main').getByRole('status')).toContainText('Two-factor sign-in is on.');
  await other.close();

  await signInAsAdmin(page);
  const search = async (email: string) => {
    await page.goto(`/review/users?q=${encodeURIComponent(email)}`);
    await expect(page.locator('tbody tr')).toHaveCount(1);
    return userRow(page, email);
  };

  let row = await search(unverified.email);
  await expect(row).toContainText('Address not verified');
  await expect(row.getByRole('button', { name: `Reset second factor of ${unverified.email}` })).toHaveCount(0);
  const before = Date.now();
  await row.getByRole('button', { name: `Resend verification to ${unverified.email}` }).click();
  await expect(row).toContainText(`A new verification link has been mailed to ${unverified.email}.`);
  expect(linkIn(await mailTo(unverified.email, 'Verify your OpenSeal email address', { after: before }), '/verify-email/')).toContain('/verify-email/');
  await row.getByRole('button', { name: `Send reset link to ${unverified.email}` }).click();
  await expect(row).toContainText(`A link to choose a new password has been mailed to ${unverified.email}.`);
  expect(linkIn(await mailTo(unverified.email, 'Choose a new OpenSeal password', { after: before }), '/reset-password/')).toContain('/reset-password/');

  row = await search(stranded.email);
  await expect(row).toContainText('Second factor on');
  await expect(row.getByRole('button', { name: `Resend verification to ${stranded.email}` })).toHaveCount(0);
  await row.getByRole('button', { name: `Reset second factor of ${stranded.email}` }).click();
  await expect(row).toContainText(`The second factor of ${stranded.email} is reset`);
  await expect(row).not.toContainText('Second factor on');
  await expect(row.getByRole('button', { name: `Reset second factor of ${stranded.email}` })).toHaveCount(0);

  // The stranded person signs in with the password alone again.
  const again = await browser.newContext();
  const againPage = await again.newPage();
  await submitSignIn(againPage, stranded.email, stranded.password);
  await expect(againPage).toHaveURL(/\/portal$/);
  await again.close();
});
