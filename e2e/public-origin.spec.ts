import http from 'node:http';
import { expect, test } from '@playwright/test';
import { createApplicant, E2E_BASE_URL, alertIn } from './fixtures';

type RawAnswer = { status: number; location: string | undefined; setCookie: string[]; body: string };

/** One request straight over node:http, so that Host and X-Forwarded-Host say what a client chose. */
function rawRequest(target: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${E2E_BASE_URL}${target}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, location: response.headers.location, setCookie: response.headers['set-cookie'] ?? [], body: Buffer.concat(chunks).toString() }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Where a Location header leads, read the way a browser on our origin reads it. */
const resolved = (location: string | undefined) => new URL(location ?? '', E2E_BASE_URL);

const FORGED: Array<Record<string, string>> = [
  { Host: 'evil.example' },
  { 'X-Forwarded-Host': 'evil.example' },
  { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' },
];

test.describe('links and redirects never follow the Host a client names', () => {
  for (const forged of FORGED) {
    test(`[VISITOR] signing in through Auth.js with ${Object.keys(forged).join(' + ')} forged is sent back to this site`, async ({ browser }) => {
      const user = await createApplicant(browser);
      const csrf = await rawRequest('/api/auth/csrf', { headers: forged });
      expect(csrf.status).toBe(200);
      const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
      const cookie = csrf.setCookie.map((value) => value.split(';')[0]).join('; ');
      const signedIn = await rawRequest('/api/auth/callback/credentials', {
        method: 'POST',
        headers: { ...forged, 'Content-Type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ email: user.email, password: user.password, csrfToken, callbackUrl: '/portal' }).toString(),
      });
      expect(signedIn.status).toBe(302);
      expect(resolved(signedIn.location).origin).toBe(E2E_BASE_URL);
      expect(resolved(signedIn.location).pathname).toBe('/portal');
      expect(signedIn.setCookie.some((value) => value.startsWith('authjs.session-token='))).toBe(true);

      // A callbackUrl on the forged host is refused too.
      const elsewhere = await rawRequest('/api/auth/callback/credentials', {
        method: 'POST',
        headers: { ...forged, 'Content-Type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ email: user.email, password: user.password, csrfToken, callbackUrl: 'http://evil.example/portal' }).toString(),
      });
      expect(resolved(elsewhere.location).origin).toBe(E2E_BASE_URL);
    });
  }

  test('[VISITOR] the way to the sign-in page is on the configured origin, whatever Host the request names', async () => {
    const answer = await rawRequest('/portal/cases', { headers: { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' } });
    expect(answer.status).toBe(307);
    expect(resolved(answer.location).href).toBe(`${E2E_BASE_URL}/login?next=%2Fportal%2Fcases`);
  });
});

test.describe('the page to return to after signing in', () => {
  for (const next of ['/portal\r\nSet-Cookie: x=1', '/review\u0000', '/por\ttal', '/\\evil.example', '//evil.example/portal']) {
    test(`[APPLICANT] signing in with next=${JSON.stringify(next)} lands on the portal, not an error page`, async ({ page, browser }) => {
      const user = await createApplicant(browser);
      const response = await page.goto(`/login?next=${encodeURIComponent(next)}`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('input[name="next"]')).toHaveValue('/portal');
      // What a crafted form sends, whatever the page put there.
      await page.locator('input[name="next"]').evaluate((input, value) => ((input as HTMLInputElement).value = value), next);
      await page.getByLabel('Email address').fill(user.email);
      await page.getByLabel('Password', { exact: true }).fill(user.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(`${E2E_BASE_URL}/portal`);
      await expect(page.getByTestId('signed-in-user')).toHaveText(`Signed in as ${user.name} (Applicant)`);
      await expect(alertIn(page)).toHaveCount(0);
    });
  }
});
