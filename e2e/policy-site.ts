import { expect, type Page } from '@playwright/test';
import { startSiteServers } from './site-server';
import { startLoopbackDns } from './loopback-dns';
import { E2E_SITE_PORT, answerEveryCriterion, signUpApplicant, type TestUser } from './fixtures';

/**
 * One applicant's website whose privacy policy the test rewrites (e2e/policy-monitoring.spec.ts):
 * its name resolves to loopback through a DNS server on the port the e2e server asks, which also
 * answers the TXT record that proves the domain; its /privacy page comes from the site servers
 * (e2e/site-server.ts) over plain HTTP, where a policy may be captured from.
 */
export async function startPolicySite(domain: string) {
  let paragraphs: string[] = [];
  const dns = await startLoopbackDns([domain]);
  const servers = await startSiteServers((request, response) => {
    if ((request.headers.host ?? '').split(':')[0] !== domain || request.url !== '/privacy') return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    const body = `<!doctype html><html lang="en"><head><title>Privacy</title><script>track()</script></head><body><nav>Home | Shop</nav><main><h1>Privacy policy</h1>\n${paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('\n')}\n</main></body></html>`;
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(body);
  });
  return {
    domain,
    policyUrl: `http://${domain}:${E2E_SITE_PORT}/privacy`,
    /** What /privacy says from now on, paragraph by paragraph. */
    publishPolicy: (text: string[]) => void (paragraphs = text),
    publishTxt: (value: string) => dns.publishTxt(domain, value),
    close: async () => {
      await dns.close();
      await servers.close();
    },
  };
}

export type PolicySite = Awaited<ReturnType<typeof startPolicySite>>;

/**
 * A new applicant creates an organization, adds the site, proves it by DNS and submits a complete
 * application whose privacy policy is captured from the site's address. Returns the site page's address.
 */
export async function applyWithPolicyAddress(page: Page, site: PolicySite, applicant: TestUser, legalName: string): Promise<string> {
  await signUpApplicant(page, applicant);
  await page.getByRole('link', { name: 'Create an organization' }).click();
  await page.getByLabel('Legal name').fill(legalName);
  await page.getByLabel('Country of registration').selectOption({ label: 'United Kingdom' });
  await page.getByLabel('Contact email for privacy matters').fill(`privacy@${site.domain}`);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.getByLabel('Domain').fill(site.domain);
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(site.domain);
  const siteUrl = page.url().split('?')[0]!;
  site.publishTxt(await page.getByTestId('dns-value').inputValue());
  await page.getByRole('button', { name: 'Check DNS record' }).click();
  await expect(page.getByText(/^Ownership proven on /)).toBeVisible();

  await page.getByRole('button', { name: 'Apply for the Privacy Seal' }).click();
  await expect(page.getByTestId('application-status')).toContainText('Draft');
  await page.getByLabel('Address of the privacy policy').fill(site.policyUrl);
  await page.getByRole('button', { name: 'Capture policy' }).click();
  await expect(page.getByText(/^Policy captured:/)).toBeVisible();
  await expect(page.getByTestId('captured-policy')).toContainText(`from ${site.policyUrl}`);
  await answerEveryCriterion(page, site.policyUrl);
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByText(/^Submitted\. A reviewer will assess/)).toBeVisible();
  return siteUrl;
}
