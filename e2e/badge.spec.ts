import { randomBytes } from 'node:crypto';
import { expect, test, type Page, type Route } from '@playwright/test';
import { findSystemChromium } from './browser';
import { E2E_BASE_URL } from './fixtures';
import {
  HOST_RESOLVER_RULES,
  approveApplication,
  badgeSnippet,
  hostPageHtml,
  moveServerClock,
  sealStatus,
  sealsForDomain,
  revokeWithFourEyes,
  signedInContext,
  startHostPages,
  startTxtServer,
  submitApplication,
} from './badge-fixtures';

/**
 * The badge as visitors of third-party sites see it. Host pages are served from loopback under
 * other names (toysmart.example, fraudshop.example, …), which this spec's Chromium resolves to
 * 127.0.0.1; the badge script and the status come from the e2e server at 127.0.0.1.
 */
const chromiumPath = findSystemChromium();
test.use({
  launchOptions: {
    ...(chromiumPath ? { executablePath: chromiumPath } : {}),
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', HOST_RESOLVER_RULES],
  },
});

let hosts: Awaited<ReturnType<typeof startHostPages>>;
let toysmartSealId: string;

test.beforeAll(async ({ request }) => {
  hosts = await startHostPages();
  const [seal] = (await sealsForDomain(request, 'toysmart.example')).filter((document) => document.status === 'active');
  expect(seal, 'the demo data gives toysmart.example an active seal').toBeTruthy();
  toysmartSealId = seal!.sealId;
});
test.afterAll(async () => {
  await hosts?.close();
});

/** Fails the test if the badge throws into the host page. */
function watchPageErrors(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const CORS = { 'Access-Control-Allow-Origin': '*' };

function badge(page: Page, index = 0) {
  return page.locator('openseal-badge').nth(index);
}

async function badgeBox(page: Page, index = 0) {
  const box = await badge(page, index).boundingBox();
  expect(box).not.toBeNull();
  return { width: box!.width, height: box!.height, x: box!.x, y: box!.y };
}

test('[VISITOR] sees Toysmart’s active badge on toysmart.example, with no cookie, no storage and one global; the click leads to the verification page', async ({ page, context }) => {
  const errors = watchPageErrors(page);
  const url = hosts.page('toysmart.example', '/shop', hostPageHtml('Toysmart', `<p>Toys for every age.</p>${badgeSnippet(toysmartSealId)}<p id="after">Free delivery.</p>`));
  await page.goto(url);
  await expect(badge(page)).toHaveAttribute('data-state', 'active');
  const link = page.getByRole('link', { name: 'OpenSeal privacy seal: active — verified for toysmart.example' });
  await expect(link).toBeVisible();
  await expect(link).toContainText('ACTIVE');
  // The badge stands where the script is, with an open shadow root.
  expect(await page.evaluate(() => document.querySelector('script[data-seal-id]')?.nextElementSibling?.tagName)).toBe('OPENSEAL-BADGE');
  expect(await badge(page).evaluate((element) => element.shadowRoot?.mode)).toBe('open');

  // Nothing kept in the browser, nothing added to the page's globals but window.OpenSeal.
  expect(await context.cookies()).toEqual([]);
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
  const added = await page.evaluate(() => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const pristine = new Set(Object.getOwnPropertyNames(frame.contentWindow));
    frame.remove();
    return Object.getOwnPropertyNames(window).filter((name) => !pristine.has(name) && !/^\d+$/.test(name));
  });
  expect(added).toEqual(['OpenSeal']);

  // The same seal on the www. name is verified too.
  await page.goto(url.replace('//toysmart.example', '//www.toysmart.example'));
  await expect(page.getByRole('link', { name: 'OpenSeal privacy seal: active — verified for www.toysmart.example' })).toBeVisible();

  await page.getByRole('link', { name: /OpenSeal privacy seal: active/ }).click();
  await expect(page).toHaveURL(`${E2E_BASE_URL}/verify/${toysmartSealId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(toysmartSealId);
  expect(errors).toEqual([]);
});

test('[REVIEWER] suspends Toysmart’s seal: the [VISITOR] sees suspended on reload, and active again after reinstatement', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const errors = watchPageErrors(page);
  const reviewer = await signedInContext(browser, 'reviewer@openseal.example');
  await page.goto(hosts.page('toysmart.example', '/suspend', hostPageHtml('Toysmart', badgeSnippet(toysmartSealId))));
  await expect(badge(page)).toHaveAttribute('data-state', 'active');
  await reviewer.page.goto(`/review/seals/${toysmartSealId}`);
  try {
    await reviewer.page.getByLabel('Public reason').fill('A complaint about the sale of customer data is under investigation.');
    await reviewer.page.getByLabel('What the holder must do to be reinstated').fill('Confirm in writing that no customer data is sold.');
    await reviewer.page.getByRole('button', { name: 'Suspend the seal' }).click();
    await expect(reviewer.page.getByTestId('seal-status')).toHaveText('Suspended');

    await page.reload();
    await expect(badge(page)).toHaveAttribute('data-state', 'suspended');
    await expect(page.getByRole('link', { name: 'OpenSeal privacy seal: suspended — not valid at present' })).toContainText('SUSPENDED');
  } finally {
    // Other specs expect the demo seal active.
    await reviewer.page.goto(`/review/seals/${toysmartSealId}`);
    if ((await reviewer.page.getByTestId('seal-status').innerText()) === 'Suspended') {
      await reviewer.page.getByRole('button', { name: 'Reinstate the seal' }).click();
      await expect(reviewer.page.getByTestId('seal-status')).toHaveText('Active');
    }
    await reviewer.context.close();
  }
  await page.reload();
  await expect(badge(page)).toHaveAttribute('data-state', 'active');
  expect(errors).toEqual([]);
});

test.describe('seals of the spec’s own', () => {
  let txt: Awaited<ReturnType<typeof startTxtServer>>;
  test.beforeAll(async () => {
    txt = await startTxtServer();
  });
  test.afterAll(async () => {
    await txt?.close();
  });

  test('[REVIEWER] proposes a revocation, the [ADMIN] confirms it, and the [VISITOR] sees revoked on reload', async ({ page, browser }) => {
    test.setTimeout(150_000);
    const errors = watchPageErrors(page);
    const domain = `badge-revoke-${randomBytes(3).toString('hex')}.example`;
    const applicant = await browser.newContext();
    await submitApplication(await applicant.newPage(), txt, domain);
    await applicant.close();
    const reviewer = await signedInContext(browser, 'reviewer@openseal.example');
    const sealId = await approveApplication(reviewer.page, domain);

    await page.goto(hosts.page(domain, '/revoke', hostPageHtml('Shop', badgeSnippet(sealId))));
    await expect(page.getByRole('link', { name: `OpenSeal privacy seal: active — verified for ${domain}` })).toBeVisible();

    await revokeWithFourEyes(browser, reviewer.page, sealId, { reason: { index: 1 }, statement: 'Customer data was sold to a third party.' });
    await reviewer.context.close();

    await page.reload();
    await expect(badge(page)).toHaveAttribute('data-state', 'revoked');
    await expect(page.getByRole('link', { name: 'OpenSeal privacy seal: revoked — withdrawn by the seal authority' })).toContainText('REVOKED');
    expect(errors).toEqual([]);
  });

  test('[VISITOR] sees a seal read expired once the clock passes its expiry', async ({ page, browser, request }) => {
    test.setTimeout(150_000);
    const errors = watchPageErrors(page);
    const domain = `badge-expire-${randomBytes(3).toString('hex')}.example`;
    const applicant = await browser.newContext();
    await submitApplication(await applicant.newPage(), txt, domain);
    await applicant.close();

    // The seal is issued on a clock set back by its validity less 20 minutes, so it expires 20
    // minutes from now: moving the clock past it then expires no other seal (the expiry sweep runs
    // every minute on the same clock).
    const reviewer = await signedInContext(browser, 'reviewer@openseal.example');
    const now = new Date();
    const inAYear = new Date(now);
    inAYear.setUTCFullYear(now.getUTCFullYear() + 1);
    let sealId: string;
    try {
      sealId = await approveApplication(reviewer.page, domain, () => moveServerClock(request, { advanceMs: -(inAYear.getTime() - now.getTime() - 20 * 60_000) }));
    } finally {
      await moveServerClock(request, { reset: true });
      await reviewer.context.close();
    }
    const expiresAt = Date.parse((await sealStatus(request, sealId)).expiresAt);
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(expiresAt).toBeLessThan(Date.now() + 60 * 60_000);

    await page.goto(hosts.page(domain, '/expire', hostPageHtml('Shop', badgeSnippet(sealId))));
    await expect(badge(page)).toHaveAttribute('data-state', 'active');
    try {
      await moveServerClock(request, { advanceMs: expiresAt - Date.now() + 60_000 });
      await page.reload();
      await expect(badge(page)).toHaveAttribute('data-state', 'expired');
      await expect(page.getByRole('link', { name: 'OpenSeal privacy seal: expired — no longer valid' })).toContainText('EXPIRED');
    } finally {
      await moveServerClock(request, { reset: true });
    }
    expect(errors).toEqual([]);
  });
});

test('[VISITOR] sees NOT VERIFIED for Toysmart’s badge copied onto fraudshop.example, for an unknown id and for a malformed one', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto(hosts.page('fraudshop.example', '/copied', hostPageHtml('Fraud shop', badgeSnippet(toysmartSealId))));
  await expect(badge(page)).toHaveAttribute('data-state', 'not-verified');
  const copied = page.getByRole('link', { name: 'OpenSeal privacy seal: NOT VERIFIED for this site' });
  await expect(copied).toContainText('NOT VERIFIED');
  // It still leads to the seal's page, where the visitor reads which site the seal belongs to.
  await expect(copied).toHaveAttribute('href', `${E2E_BASE_URL}/verify/${toysmartSealId}`);

  await page.goto(hosts.page('toysmart.example', '/unknown', hostPageHtml('Toysmart', badgeSnippet('OS-2222-2222') + badgeSnippet('not a seal id'))));
  await expect(badge(page, 0)).toHaveAttribute('data-state', 'not-verified');
  await expect(badge(page, 1)).toHaveAttribute('data-state', 'not-verified');
  await expect(page.getByRole('link', { name: 'OpenSeal privacy seal: NOT VERIFIED for this site' })).toHaveCount(2);
  expect(errors).toEqual([]);
});

test('[VISITOR] sees UNAVAILABLE when the status cannot be fetched or makes no sense', async ({ page }) => {
  const errors = watchPageErrors(page);
  const url = hosts.page('toysmart.example', '/unavailable', hostPageHtml('Toysmart', badgeSnippet(toysmartSealId)));
  const failures: Record<string, (route: Route) => Promise<void>> = {
    'connection refused': (route) => route.abort('connectionrefused'),
    'server error': (route) => route.fulfill({ status: 503, contentType: 'text/plain', body: 'overloaded', headers: CORS }),
    'not JSON': (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<html>not json</html>', headers: CORS }),
    'unknown status': (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ status: 'loading', domains: ['toysmart.example'] }), headers: CORS }),
  };
  for (const [failure, answer] of Object.entries(failures)) {
    await page.unroute('**/api/v1/seals/*/status');
    await page.route('**/api/v1/seals/*/status', answer);
    await page.goto(url);
    await expect(badge(page), failure).toHaveAttribute('data-state', 'unavailable');
    const link = page.getByRole('link', { name: 'OpenSeal privacy seal: status unavailable — could not be checked' });
    await expect(link).toContainText('UNAVAILABLE');
    await expect(link).toHaveAttribute('href', `${E2E_BASE_URL}/verify/${toysmartSealId}`);
  }
  expect(errors).toEqual([]);
});

test('[VISITOR] sees the badge on a page whose Content-Security-Policy allows only the seal authority’s origin, with no violation', async ({ page }) => {
  const errors = watchPageErrors(page);
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (directive: string, blocked: string) => violations.push(`${directive} ${blocked}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation(directive: string, blocked: string): void }).reportViolation(event.effectiveDirective, event.blockedURI);
    });
  });
  const csp = `default-src 'none'; script-src ${E2E_BASE_URL}; connect-src ${E2E_BASE_URL}`;
  // The image from elsewhere is refused on purpose: it proves violations are seen at all.
  const html = hostPageHtml('Toysmart', `${badgeSnippet(toysmartSealId)}<img src="http://images.example/logo.png" alt="">`);
  await page.goto(hosts.page('toysmart.example', '/strict-csp', html, { 'Content-Security-Policy': csp }));
  await expect(badge(page)).toHaveAttribute('data-state', 'active');
  await expect(page.getByRole('link', { name: 'OpenSeal privacy seal: active — verified for toysmart.example' })).toBeVisible();
  // The styles are applied although the policy allows no inline style: the border is drawn.
  const border = await page.locator('openseal-badge a').evaluate((link) => getComputedStyle(link).borderTopWidth);
  expect(border).toBe('2px');
  await expect.poll(() => violations).toEqual(['img-src http://images.example/logo.png']);
  expect(errors).toEqual([]);
});

test('[VISITOR] sees the badge, visible and readable, although the host page’s CSS tries to hide or restyle it', async ({ page }) => {
  const errors = watchPageErrors(page);
  const hostile = `<style>
    openseal-badge { display: none !important; visibility: hidden !important; opacity: 0 !important; width: 0 !important; height: 0 !important;
      position: absolute !important; left: -9999px !important; transform: scale(0) !important; filter: blur(30px) !important;
      clip-path: inset(50%) !important; --c: transparent !important; }
    openseal-badge[data-state="suspended"], openseal-badge[data-state="active"] { display: none !important; }
    * { font-size: 0 !important; color: transparent !important; background: #fff !important; border-color: transparent !important; }
    a { display: none !important; }
  </style>`;
  await page.goto(hosts.page('toysmart.example', '/hostile', hostPageHtml('Toysmart', badgeSnippet(toysmartSealId), hostile)));
  await expect(badge(page)).toHaveAttribute('data-state', 'active');
  const link = page.getByRole('link', { name: 'OpenSeal privacy seal: active — verified for toysmart.example' });
  await expect(link).toBeVisible();
  expect(await badgeBox(page)).toMatchObject({ width: 220, height: 48 });
  const word = page.locator('openseal-badge b');
  await expect(word).toHaveText('ACTIVE');
  const style = await word.evaluate((element) => {
    const computed = getComputedStyle(element);
    return { fontSize: computed.fontSize, color: computed.color, border: getComputedStyle(element.closest('a')!).borderTopColor };
  });
  expect(style).toEqual({ fontSize: '15px', color: 'rgb(17, 99, 41)', border: 'rgb(17, 99, 41)' });
  expect(errors).toEqual([]);
});

test('[VISITOR] sees no layout shift: the badge takes its full size before the status arrives', async ({ page }) => {
  const errors = watchPageErrors(page);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/seals/*/status', async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(hosts.page('toysmart.example', '/layout', hostPageHtml('Toysmart', `<p>Before.</p>${badgeSnippet(toysmartSealId)}<p id="after">After.</p>`)));
  await expect(badge(page)).toHaveAttribute('data-state', 'loading');
  await expect(page.locator('openseal-badge b')).toHaveText('CHECKING…');
  const before = await badgeBox(page);
  const afterBefore = await page.locator('#after').boundingBox();
  release();
  await expect(badge(page)).toHaveAttribute('data-state', 'active');
  expect(await badgeBox(page)).toEqual(before);
  expect(await page.locator('#after').boundingBox()).toEqual(afterBefore);
  expect(before).toMatchObject({ width: 220, height: 48 });
  expect(errors).toEqual([]);
});

test('[VISITOR] sees one badge per snippet: two seals on one page, and a snippet pasted twice', async ({ page }) => {
  const errors = watchPageErrors(page);
  const body = [badgeSnippet(toysmartSealId), '<p>Our partner:</p>', badgeSnippet('OS-2222-2222'), '<p>And again:</p>', badgeSnippet(toysmartSealId)].join('');
  await page.goto(hosts.page('toysmart.example', '/several', hostPageHtml('Toysmart', body)));
  await expect(page.locator('openseal-badge')).toHaveCount(3);
  await expect(badge(page, 0)).toHaveAttribute('data-state', 'active');
  await expect(badge(page, 1)).toHaveAttribute('data-state', 'not-verified');
  await expect(badge(page, 2)).toHaveAttribute('data-state', 'active');
  // Each badge right after its own script, none twice, even after every copy of the script ran.
  const order = await page.evaluate(() => [...document.body.children].map((element) => element.tagName.toLowerCase()));
  expect(order).toEqual(['h1', 'script', 'openseal-badge', 'p', 'script', 'openseal-badge', 'p', 'script', 'openseal-badge']);
  expect(errors).toEqual([]);
});
