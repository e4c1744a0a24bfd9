import crypto from 'node:crypto';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { approveApplication, signedInContext, submitApplication } from './badge-fixtures';
import { confirmInDialog, DEMO_ADMIN_EMAIL } from './fixtures';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver';

/**
 * Webhooks through the browser (issue #17: "A status change reaches a subscriber's test server
 * within 5 seconds in an e2e test"). A shop's owner registers an endpoint in the portal and copies
 * its signing secret from the page; an admin registers one for a relying party that follows the
 * shop's seal; a reviewer suspends the seal, and both receivers hear of it within five seconds of
 * the page confirming it, signed so that the Standard Webhooks algorithm, written out below,
 * verifies it with the secret copied. The delivery log shows it delivered; a receiver that answers
 * 500 once shows the failed attempt, the automatic retry, and "Resend". The seal is the spec's own
 * (a new shop, proven by DNS and approved here) and ends active; the endpoints are deleted.
 */

test.describe.configure({ mode: 'serial' });

const RUN = crypto.randomBytes(4).toString('hex');
const DOMAIN = `hooked-${RUN}.e2e.example`;
const HOOK_HOST = `hooks-${RUN}.e2e.example`;
const OWN_PATH = '/openseal';
const MARKET_PATH = '/marketplace';
const FIVE_SECONDS = 5_000;

let receiver: WebhookReceiver;
let owner: { context: BrowserContext; page: Page };
let reviewer: { context: BrowserContext; page: Page };
let admin: { context: BrowserContext; page: Page };
let sealId: string;
let webhooksPath: string;
let ownSecret: string;
let marketSecret: string;

/**
 * Standard Webhooks' verification (standardwebhooks.com), as a receiver writes it: the key is the
 * base64-decoded part of the secret after `whsec_`; the signed content is `id.timestamp.body`; the
 * signature header holds space-separated `v1,<base64 HMAC-SHA256>` entries, one of which must match.
 */
function verifiedByStandardWebhooks(secret: string, message: ReceivedWebhook): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${message.headers['webhook-id']}.${message.headers['webhook-timestamp']}.${message.body}`;
  const expected = Buffer.from(crypto.createHmac('sha256', key).update(signed).digest('base64'));
  return (message.headers['webhook-signature'] ?? '').split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    return version === 'v1' && !!signature && signature.length === expected.length && crypto.timingSafeEqual(Buffer.from(signature), expected);
  });
}

const eventOf = (message: ReceivedWebhook) => JSON.parse(message.body) as { type: string; timestamp: string; data: { sealId: string; status: string; event: string; verifyUrl: string } };
const statusChange = (status: string) => (message: ReceivedWebhook) => eventOf(message).type === 'seal.status_changed' && eventOf(message).data.sealId === sealId && eventOf(message).data.status === status;

/** The newest row of the owner's delivery log, read afresh. */
async function newestDelivery() {
  await owner.page.goto(webhooksPath);
  return owner.page.getByTestId('webhook-delivery').first();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  receiver = await startWebhookReceiver(HOOK_HOST);
  const context = await browser.newContext();
  // The owner copies the secret with the page's Copy button: the test reads it from the clipboard.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  owner = { context, page: await context.newPage() };
  await submitApplication(owner.page, receiver, DOMAIN);
  reviewer = await signedInContext(browser, 'reviewer@openseal.example');
  sealId = await approveApplication(reviewer.page, DOMAIN);
  admin = await signedInContext(browser, DEMO_ADMIN_EMAIL);
});

test.afterAll(async () => {
  for (const person of [owner, reviewer, admin]) await person?.context.close();
  await receiver?.close();
});

test('[APPLICANT] registers an endpoint and copies its secret; an [ADMIN] one for a relying party; a [REVIEWER]’s suspension reaches both within 5 seconds, signed, and the log shows it delivered', async () => {
  test.setTimeout(120_000);
  const page = owner.page;
  await page.goto('/portal');
  await page.getByRole('link', { name: `Badge Test ${DOMAIN}` }).click();
  await page.getByRole('link', { name: 'Manage the webhooks and read their delivery logs' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Webhooks');
  webhooksPath = new URL(page.url()).pathname;
  await expect(page.getByTestId('webhooks-empty')).toBeVisible();

  // A mistake first: an http address is refused, and what was typed and ticked stays.
  const form = page.getByRole('form', { name: 'Register an endpoint' });
  await form.getByLabel('Address of your receiver').fill(`http://${HOOK_HOST}/openseal`);
  await form.getByLabel('Description (optional)').fill('Shop back office');
  await form.getByLabel(/A case is opened about the organization/).check();
  await form.getByRole('button', { name: 'Register endpoint' }).click();
  await expect(form.getByRole('alert')).toContainText('Use an https address');
  await expect(form.getByLabel('Address of your receiver')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Description (optional)')).toHaveValue('Shop back office');
  await expect(form.getByLabel(/A case is opened about the organization/)).toBeChecked();
  await expect(form.getByLabel(/A seal’s status changes/)).toBeChecked();

  await form.getByLabel('Address of your receiver').fill(receiver.urlOf(OWN_PATH));
  await form.getByRole('button', { name: 'Register endpoint' }).click();
  await expect(form.getByRole('status')).toContainText(`Registered: ${receiver.urlOf(OWN_PATH)} will receive these 2 events from now on.`);
  await expect(form.getByTestId('webhook-secret')).toContainText('Standard Webhooks');
  await form.getByRole('button', { name: 'Copy: Signing secret (shown once)' }).click();
  await expect(form.getByText('Copied to the clipboard.')).toBeVisible();
  ownSecret = await page.evaluate(() => navigator.clipboard.readText());
  expect(ownSecret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
  await expect(form.getByTestId('one-time-secret')).toHaveValue(ownSecret);
  const endpoint = page.getByRole('listitem', { name: receiver.urlOf(OWN_PATH) });
  await expect(endpoint).toContainText('Shop back office');
  await expect(endpoint.getByTestId('webhook-endpoint-state')).toHaveText('Active');
  // Shown once: the page read again has no secret.
  await page.reload();
  await expect(page.getByTestId('one-time-secret')).toHaveCount(0);
  await expect(page.getByTestId('webhook-deliveries-empty')).toBeVisible();

  // The admin makes a relying party's key and registers its endpoint for this seal only.
  const keyName = `Marketplace ${RUN}`;
  await admin.page.goto('/review/api-keys');
  const keyForm = admin.page.getByRole('form', { name: 'Make a key' });
  await keyForm.getByLabel('Name', { exact: true }).fill(keyName);
  await keyForm.getByLabel(/Read public seal statuses/).check();
  await keyForm.getByLabel(/Register webhooks for public/).check();
  await keyForm.getByRole('button', { name: 'Make key' }).click();
  await expect(admin.page.getByTestId('api-key-token')).toBeVisible();
  await admin.page.getByRole('link', { name: `Webhooks of the key ${keyName}` }).click();
  await expect(admin.page.getByRole('heading', { level: 1 })).toHaveText(`Webhooks of “${keyName}”`);
  const marketForm = admin.page.getByRole('form', { name: 'Register an endpoint' });
  await expect(marketForm.getByLabel(/A case is opened/)).toHaveCount(0); // public events only
  await marketForm.getByLabel('Address of your receiver').fill(receiver.urlOf(MARKET_PATH));
  await marketForm.getByLabel('Only these seals (optional)').fill(sealId);
  await marketForm.getByRole('button', { name: 'Register endpoint' }).click();
  await expect(marketForm.getByRole('status')).toContainText('Registered');
  marketSecret = await marketForm.getByTestId('one-time-secret').inputValue();
  await expect(admin.page.getByRole('listitem', { name: receiver.urlOf(MARKET_PATH) })).toContainText(sealId);

  // The reviewer suspends the seal; the clock runs from the page's confirmation.
  await reviewer.page.goto(`/review/seals/${sealId}`);
  await reviewer.page.getByLabel('Public reason').fill('A complaint about the sale of customer data is under investigation.');
  await reviewer.page.getByLabel('What the holder must do to be reinstated').fill('Confirm in writing that no customer data is sold.');
  const clickedAt = Date.now();
  await reviewer.page.getByRole('button', { name: 'Suspend the seal' }).click();
  await expect(reviewer.page.getByTestId('seal-status')).toHaveText('Suspended');
  const confirmedAt = Date.now();
  const own = await receiver.next(OWN_PATH, statusChange('suspended'), { after: clickedAt });
  const market = await receiver.next(MARKET_PATH, statusChange('suspended'), { after: clickedAt });
  for (const [who, message] of [['owner', own], ['relying party', market]] as const) {
    const sinceConfirmed = message.receivedAt - confirmedAt;
    console.log(`[webhooks] seal.status_changed reached the ${who}'s receiver ${Math.abs(sinceConfirmed)} ms ${sinceConfirmed < 0 ? 'before' : 'after'} the page confirmed the suspension (${message.receivedAt - clickedAt} ms after the click)`);
    expect(message.receivedAt - confirmedAt, `the ${who}'s receiver heard of it within 5 seconds`).toBeLessThanOrEqual(FIVE_SECONDS);
  }

  // What arrived: the event, signed as Standard Webhooks says, under each endpoint's own secret.
  expect(eventOf(own)).toMatchObject({ type: 'seal.status_changed', data: { sealId, status: 'suspended', event: 'suspended', verifyUrl: expect.stringContaining(`/verify/${sealId}`) } });
  expect(own.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
  expect(Math.abs(Date.now() / 1000 - Number(own.headers['webhook-timestamp']))).toBeLessThan(300);
  expect(verifiedByStandardWebhooks(ownSecret, own)).toBe(true);
  expect(verifiedByStandardWebhooks(marketSecret, market)).toBe(true);
  expect(verifiedByStandardWebhooks(marketSecret, own)).toBe(false);
  expect(verifiedByStandardWebhooks(ownSecret, { ...own, body: own.body.replace('"suspended"', '"active"') })).toBe(false);

  // The owner's delivery log: delivered, answered 200, at the first attempt.
  const row = await newestDelivery();
  await expect(row).toContainText('seal.status_changed');
  await expect(row).toContainText(`${sealId}, now suspended`);
  await expect(row).toContainText(own.headers['webhook-id']!);
  await expect(row.getByTestId('webhook-delivery-status')).toContainText('Delivered');
  await expect(row.getByTestId('webhook-delivery-response')).toHaveText('200');
  await expect(row.getByTestId('webhook-delivery-attempts')).toHaveText('1');
});

test('[APPLICANT] sees a failed attempt in the delivery log, then the retry, and resends it; the endpoints are deleted', async () => {
  test.setTimeout(180_000);
  // The receiver is down for one request: the reinstatement's first attempt gets a 500.
  receiver.failNext(OWN_PATH, 500);
  const clickedAt = Date.now();
  await reviewer.page.getByRole('button', { name: 'Reinstate the seal' }).click();
  await expect(reviewer.page.getByTestId('seal-status')).toHaveText('Active');
  const failed = await receiver.next(OWN_PATH, statusChange('active'), { after: clickedAt });
  expect(failed.answered).toBe(500);
  await receiver.next(MARKET_PATH, statusChange('active'), { after: clickedAt });

  let row = await newestDelivery();
  await expect(row).toContainText(`${sealId}, now active`);
  await expect(row.getByTestId('webhook-delivery-status')).toHaveText('Failed, will retry');
  await expect(row.getByTestId('webhook-delivery-attempts')).toHaveText('1');
  await expect(row.getByTestId('webhook-delivery-response')).toHaveText('500');
  await expect(row).toContainText('the address answered 500');
  await expect(row.getByRole('button', { name: /^Resend/ })).toHaveCount(0); // still being tried

  // The retry, due 30 seconds later (the job queue's backstop poll, every 30 s, picks a delayed job up: so 30 to
  // 60 s), arrives with the same message id, and the log says so.
  const retried = await receiver.next(OWN_PATH, (message) => message.headers['webhook-id'] === failed.headers['webhook-id'] && message.answered === 200, { timeoutMs: 90_000 });
  console.log(`[webhooks] the failed delivery was retried ${retried.receivedAt - failed.receivedAt} ms after its first attempt`);
  expect(retried.receivedAt - failed.receivedAt).toBeGreaterThanOrEqual(29_000);
  expect(verifiedByStandardWebhooks(ownSecret, retried)).toBe(true);
  await expect(async () => {
    row = await newestDelivery();
    await expect(row.getByTestId('webhook-delivery-status')).toContainText('Delivered', { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(row.getByTestId('webhook-delivery-attempts')).toHaveText('2');
  await expect(row.getByTestId('webhook-delivery-response')).toHaveText('200');

  // "Resend": the same event again, as a new delivery with a new message id.
  const resentAt = Date.now();
  await row.getByRole('button', { name: `Resend seal.status_changed (${failed.headers['webhook-id']})` }).click();
  await expect(owner.page.getByText('Sent again: a new delivery is at the top of the log.')).toBeVisible();
  const resent = await receiver.next(OWN_PATH, statusChange('active'), { after: resentAt });
  expect(resent.headers['webhook-id']).not.toBe(failed.headers['webhook-id']);
  expect(eventOf(resent)).toEqual(eventOf(failed));
  expect(verifiedByStandardWebhooks(ownSecret, resent)).toBe(true);
  await expect(async () => {
    row = await newestDelivery();
    await expect(row).toContainText(resent.headers['webhook-id']!, { timeout: 1_000 });
    await expect(row.getByTestId('webhook-delivery-status')).toContainText('Delivered', { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(row.getByTestId('webhook-delivery-attempts')).toHaveText('1');
  await expect(owner.page.getByTestId('webhook-delivery')).toHaveCount(3);

  // Nothing more is sent to the receivers once this spec is done: both endpoints are deleted.
  await owner.page.getByRole('button', { name: `Delete the endpoint ${receiver.urlOf(OWN_PATH)}` }).click();
  await confirmInDialog(owner.page, 'Delete');
  await expect(owner.page.getByRole('status').filter({ hasText: 'The endpoint is deleted' })).toBeVisible();
  await expect(owner.page.getByTestId('webhooks-empty')).toBeVisible();
  await admin.page.reload();
  await admin.page.getByRole('button', { name: `Delete the endpoint ${receiver.urlOf(MARKET_PATH)}` }).click();
  await confirmInDialog(admin.page, 'Delete');
  await expect(admin.page.getByTestId('webhooks-empty')).toBeVisible();
});
