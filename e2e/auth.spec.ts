import { expect, test } from '@playwright/test';
import { alertIn, createApplicant, mailTo, newPerson, signUp, signUpAndCheckMail, signUpApplicant, submitSignIn, verifyByMail } from './fixtures';

test('[VISITOR] signs up, verifies the address by mail, signs in, signs out and signs back in', async ({ page }) => {
  const user = newPerson();
  await signUpAndCheckMail(page, user);
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  await verifyByMail(page, user.email);
  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByTestId('signed-in-user')).toHaveText(`Signed in as ${user.name} (Applicant)`);
  await expect(page.getByTestId('verification-notice')).toHaveCount(0);
  // An applicant has no way into the reviewers' pages.
  await expect(page.getByRole('link', { name: 'Reviewer dashboard' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();

  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByTestId('signed-in-user')).toHaveText(`Signed in as ${user.name} (Applicant)`);
});

test('[VISITOR] signing up with an address that has an account answers as for a new one, and the owner is mailed instead', async ({ page, browser }) => {
  const owner = await createApplicant(browser);
  const startedAt = Date.now();
  await signUpAndCheckMail(page, { ...newPerson(), email: owner.email });
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  const notice = await mailTo(owner.email, 'Someone tried to sign up to OpenSeal with your address', { after: startedAt });
  expect(notice.text).toContain('If it was you, sign in instead');
  expect(notice.text).toContain('/forgot-password');
});

test('[VISITOR] is told why a weak password is refused', async ({ page }) => {
  const person = newPerson();
  await signUp(page, { ...person, password: 'password1234' });

  const problem = /too easy to guess: it is a common password/;
  await expect(alertIn(page)).toHaveText(problem);
  const password = page.getByLabel('Password', { exact: true });
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(problem);
  await expect(password).toHaveValue('');
  await expect(page.getByLabel('Your name')).toHaveValue(person.name);
  await expect(page.getByLabel('Email address')).toHaveValue(person.email);
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
});

test('[VISITOR] gets one answer for a wrong password and an unknown address, and keeps the email', async ({ page, browser }) => {
  const user = await createApplicant(browser);
  const answer = 'The email address or password is not right.';

  await submitSignIn(page, user.email, `${user.password}-wrong`);
  await expect(alertIn(page)).toHaveText(answer);
  await expect(page.getByLabel('Email address')).toHaveValue(user.email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  const wrongPasswordPage = await page.getByRole('main').innerText();

  const unknown = newPerson('nobody').email;
  await submitSignIn(page, unknown, user.password);
  await expect(alertIn(page)).toHaveText(answer);
  await expect(page.getByLabel('Email address')).toHaveValue(unknown);
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  // Word for word the same page, but for the address typed.
  expect((await page.getByRole('main').innerText()).replace(unknown, user.email)).toBe(wrongPasswordPage);
});

test('[VISITOR] is sent from /portal to sign in and brought back after signing in', async ({ page, browser }) => {
  const user = await createApplicant(browser);

  await page.goto('/portal');
  await expect(page).toHaveURL(/\/login\?next=%2Fportal$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole('heading', { name: 'Portal' })).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toHaveText(`Signed in as ${user.name} (Applicant)`);
});

test('[APPLICANT] is sent to /forbidden from the users page', async ({ page }) => {
  await signUpApplicant(page);

  await page.goto('/review/users');
  await expect(page).toHaveURL(/\/forbidden$/);
  await expect(page.getByRole('heading', { name: 'You are not allowed to see this page' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
});
