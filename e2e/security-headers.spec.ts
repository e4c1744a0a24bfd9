import { expect, test, type Page, type Response } from '@playwright/test';
import { sealsForDomain } from './badge-fixtures';
import { E2E_BASE_URL, signInAsAdmin } from './fixtures';

/**
 * docs/adr/0010: every page carries a nonce-based Content-Security-Policy that forbids framing, and
 * the pages still run (no violation, client-side navigation works); the badge endpoints stay
 * embeddable from any origin.
 */

declare global {
  interface Window {
    __cspViolations?: string[];
    __sameDocument?: boolean;
  }
}

/** Collects CSP violations, from the console and from the DOM event, across the page's loads. */
async function watchViolations(page: Page) {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window.__cspViolations ??= []).push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  return async () => [...seen, ...(await page.evaluate(() => window.__cspViolations ?? []))];
}

function directivesOf(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => [part.split(/\s+/)[0]!, part.slice(part.indexOf(' ') + 1)]),
  );
}

/** Checks a page's headers and returns its nonce. */
function expectPageHeaders(response: Response | null): string {
  expect(response, 'the page answered').toBeTruthy();
  const headers = response!.headers();
  const policy = headers['content-security-policy'];
  expect(policy, `${response!.url()} has a Content-Security-Policy`).toBeTruthy();
  const directives = directivesOf(policy!);
  const scriptSrc = directives.get('script-src') ?? '';
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
  expect(nonce, `script-src has a nonce: ${scriptSrc}`).toBeTruthy();
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(directives.get('frame-ancestors')).toBe("'none'");
  expect(directives.get('object-src')).toBe("'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  // The e2e server's public origin is http: no HSTS (tests/unit/security-headers.test.ts covers https).
  expect(headers['strict-transport-security']).toBeUndefined();
  return nonce!;
}

/** Follows a link without a full page load: proof that the page's scripts ran (hydration). */
async function navigateClientSide(page: Page, linkName: string, url: RegExp, navigation = 'Main') {
  await page.evaluate(() => (window.__sameDocument = true));
  await page.getByRole('navigation', { name: navigation }).getByRole('link', { name: linkName, exact: true }).click();
  await expect(page).toHaveURL(url);
  expect(await page.evaluate(() => window.__sameDocument), 'the link was followed by the client-side router').toBe(true);
}

let sealId: string;

test.beforeAll(async ({ request }) => {
  const [seal] = (await sealsForDomain(request, 'toysmart.example')).filter((document) => document.status === 'active');
  expect(seal, 'the demo data gives toysmart.example an active seal').toBeTruthy();
  sealId = seal!.sealId;
});

test('[VISITOR] public pages carry a fresh nonce policy and run without a violation', async ({ page }) => {
  const violations = await watchViolations(page);
  const first = expectPageHeaders(await page.goto('/'));
  const second = expectPageHeaders(await page.goto('/'));
  expect(second, 'a new nonce for every response').not.toBe(first);
  await navigateClientSide(page, 'Directory', /\/directory$/);

  expectPageHeaders(await page.goto(`/verify/${sealId}`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await navigateClientSide(page, 'Programs', /\/programs$/);

  const missing = await page.goto('/no-such-page');
  expect(missing?.status()).toBe(404);
  expectPageHeaders(missing);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect(await violations()).toEqual([]);
});

test('[VISITOR] a script injected into a page without the nonce does not run, and is reported (the watcher works)', async ({ page }) => {
  const violations = await watchViolations(page);
  // What a stored XSS would do: an inline script in the page's HTML, under the page's own headers.
  await page.route('**/verify', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()).replace('</body>', '<script>window.__injected = true</script></body>') });
  });
  await page.goto('/verify');
  await expect.poll(violations).toEqual(expect.arrayContaining([expect.stringContaining('script-src')]));
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
});

test('[ADMIN] signing in through the form, the portal and the review pages run under the policy', async ({ page }) => {
  const violations = await watchViolations(page);
  expectPageHeaders(await page.goto('/login'));
  await signInAsAdmin(page);
  expectPageHeaders(await page.goto('/portal'));
  expectPageHeaders(await page.goto('/review'));
  await navigateClientSide(page, 'Cases', /\/review\/cases$/, 'Staff');
  expect(await violations()).toEqual([]);
});

test('[SITE] the badge endpoints stay embeddable from any origin', async ({ request }) => {
  for (const path of ['/embed/v1/seal.js', `/api/v1/seals/${sealId}/status`, `/api/v1/seals/${sealId}/badge.svg`]) {
    const response = await request.get(`${E2E_BASE_URL}${path}`, { headers: { Origin: 'https://toysmart.example' } });
    expect(response.status(), path).toBe(200);
    const headers = response.headers();
    expect(headers['access-control-allow-origin'], path).toBe('*');
    expect(headers['content-security-policy'] ?? '', path).not.toContain('frame-ancestors');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
  }
});

test("[VISITOR] Auth.js's own pages run no script and may not be framed; its sign-out page is ours, under the pages' policy", async ({ page }) => {
  const response = await page.goto('/api/auth/error?error=Configuration');
  expect(response).toBeTruthy();
  const directives = directivesOf(response!.headers()['content-security-policy'] ?? '');
  expect(directives.get('script-src')).toBe("'none'");
  expect(directives.get('frame-ancestors')).toBe("'none'");
  expect(directives.get('form-action')).toBe("'self'");
  expect(response!.headers()['x-content-type-options']).toBe('nosniff');

  // GET /api/auth/signout leads to /logout (lib/auth/auth.ts): a page of ours, with its nonce.
  const signOut = await page.goto('/api/auth/signout');
  expect(page.url()).toBe(`${E2E_BASE_URL}/logout`);
  const pagePolicy = directivesOf(signOut!.headers()['content-security-policy'] ?? '');
  expect(pagePolicy.get('script-src')).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(pagePolicy.get('frame-ancestors')).toBe("'none'");
  expect(pagePolicy.get('form-action')).toBe("'self'");
});
