import { randomBytes } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';
import { mailsIn, type SunkMail } from './mail-sink';

/** Shared by playwright.config.ts and the specs, so both read the same settings. */
export const E2E_PORT = Number(process.env.OPENSEAL_E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** Every demo account gets this password (OPENSEAL_DEMO_PASSWORD) on the e2e server's first start. */
export const E2E_DEMO_PASSWORD = process.env.OPENSEAL_E2E_DEMO_PASSWORD ?? 'e2e-Juniper-Harbor-Kettle-58';

export const DEMO_ADMIN_EMAIL = 'admin@openseal.example';

/** The embedded data folder the e2e server runs on; playwright.config.ts creates it. */
export function e2eDataDir(): string {
  const dir = process.env.OPENSEAL_E2E_DATA_DIR;
  if (!dir) throw new Error('OPENSEAL_E2E_DATA_DIR is not set: run the specs through playwright.config.ts');
  return dir;
}

function suffix() {
  return randomBytes(4).toString('hex');
}

export type TestUser = { name: string; email: string; password: string };

/** A person nobody has seen before: unique email, and a password strong enough for sign-up. */
export function newPerson(label = 'applicant'): TestUser {
  const id = suffix();
  return {
    name: `E2E ${label} ${id}`,
    email: `${label}-${id}@e2e.example`,
    password: `Marble-Otter-Lantern-${suffix()}`,
  };
}

export async function signUp(page: Page, user: TestUser) {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(user.name);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/**
 * The newest mail to `address` whose subject contains `subject`, as the e2e mailbox received it
 * (e2e/mail-sink.ts), waiting for it to arrive; `after` skips mails received before that moment.
 */
export async function mailTo(address: string, subject: string, { after = 0, timeoutMs = 20_000 }: { after?: number; timeoutMs?: number } = {}): Promise<SunkMail> {
  const dir = process.env.OPENSEAL_E2E_MAIL_DIR;
  if (!dir) throw new Error('OPENSEAL_E2E_MAIL_DIR is not set: run the specs through playwright.config.ts');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mailsIn(dir, address).filter((mail) => mail.subject.includes(subject) && mail.receivedAt >= after);
    if (found.length > 0) return found[found.length - 1]!;
    if (Date.now() > deadline) throw new Error(`No mail "${subject}" to ${address} arrived within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The link to `path…` in a mail, e.g. linkIn(mail, '/verify-email/'). */
export function linkIn(mail: SunkMail, path: string): string {
  const link = mail.text.match(new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}[A-Za-z0-9_-]+`))?.[0];
  if (!link) throw new Error(`No ${path} link in the mail "${mail.subject}":\n${mail.text}`);
  return link;
}

/** Opens the verification link mailed to `email` and confirms it, as its owner would. */
export async function verifyByMail(page: Page, email: string, options: { after?: number } = {}) {
  const mail = await mailTo(email, 'email address', options);
  await page.goto(linkIn(mail, '/verify-email/'));
  await page.getByRole('button', { name: /^Verify / }).click();
  await expect(page.getByText(/ is verified\. Thank you\.$|^Your account now uses /)).toBeVisible();
}

/** Signs up and is told to check the mail; the account is not verified, nobody is signed in. */
export async function signUpAndCheckMail(page: Page, user: TestUser) {
  await signUp(page, user);
  await expect(page.getByTestId('sign-up-sent')).toContainText(`Check your mail: we have sent a message to ${user.email}.`);
}

/** Signs up, verifies the address through the mailed link, signs in, and waits until the portal greets the new applicant. */
export async function signUpApplicant(page: Page, user: TestUser = newPerson()): Promise<TestUser> {
  await signUpAndCheckMail(page, user);
  await verifyByMail(page, user.email);
  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByTestId('signed-in-user')).toHaveText(`Signed in as ${user.name} (Applicant)`);
  return user;
}

/** An applicant account made in a throwaway browser context, so the caller's page stays signed out. */
export async function createApplicant(browser: Browser, user: TestUser = newPerson()): Promise<TestUser> {
  const context = await browser.newContext();
  try {
    await signUpApplicant(await context.newPage(), user);
  } finally {
    await context.close();
  }
  return user;
}

/** Fills and submits the sign-in form; the caller asserts where it ends. */
export async function submitSignIn(page: Page, email: string, password: string, path = '/login') {
  await page.goto(path);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signInAsAdmin(page: Page) {
  await submitSignIn(page, DEMO_ADMIN_EMAIL, E2E_DEMO_PASSWORD);
  // Staff land on their dashboard, not on the portal.
  await expect(page).toHaveURL(/\/review\/dashboard$/);
  await expect(page.getByTestId('signed-in-user')).toContainText('(Administrator)');
}

/**
 * Answers every criterion of the application form part by part, as a person would: the answer
 * (`Our practice, … (item N).`), the evidence when asked for, every commitment ticked.
 */
export async function answerEveryCriterion(page: Page, evidence: string, answer = (n: number) => `Our practice, described in our policy (item ${n}).`): Promise<number> {
  const parts = page.getByRole('navigation', { name: 'Parts of the application' }).getByRole('button');
  const partCount = await parts.count();
  let answered = 0;
  for (let part = 0; part < partCount; part++) {
    await parts.nth(part).click();
    await expect(parts.nth(part)).toHaveAttribute('aria-current', 'step');
    for (const criterion of await page.locator('fieldset[data-testid^="criterion-"]:visible').all()) {
      answered += 1;
      await criterion.locator('textarea').fill(answer(answered));
      const evidenceField = criterion.locator('input[name^="evidence:"]');
      if (await evidenceField.count()) await evidenceField.fill(evidence);
      for (const box of await criterion.getByRole('checkbox').all()) await box.check();
    }
  }
  return answered;
}

/** Answers the page's confirmation dialog (components/confirm-dialog.tsx) with its "yes" button, named like the button that opened it. */
export async function confirmInDialog(page: Page, name: string) {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name, exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** The page's own alerts; Next.js keeps an empty role="alert" route announcer outside <main>. */
export function alertIn(page: Page) {
  return page.getByRole('main').getByRole('alert');
}

/**
 * The applicants' websites live on loopback: the e2e server resolves names through this DNS
 * server and fetches their pages from this HTTP port (see playwright.config.ts). Specs start both.
 */
export const E2E_DNS_PORT = Number(process.env.OPENSEAL_E2E_DNS_PORT ?? 5399);
export const E2E_SITE_PORT = Number(process.env.OPENSEAL_E2E_SITE_PORT ?? 3299);
/**
 * The specs' mailbox (e2e/mail-sink.ts) listens on TCP; by default on the DNS server's port number,
 * which the DNS server uses over UDP only, so each worktree's pair of ports stays its own.
 */
export const E2E_SMTP_PORT = Number(process.env.OPENSEAL_E2E_SMTP_PORT ?? E2E_DNS_PORT);
