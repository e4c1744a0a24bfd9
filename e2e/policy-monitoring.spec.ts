/**
 * Privacy-policy monitoring (issue #16) as people meet it: a seal is issued on a policy captured from
 * the site's address; the site rewords it, then adds a paragraph about selling its customer lists;
 * the monitor finds each change; reviewers read them side by side, accept the editorial one in bulk,
 * and the material one, after its monitor complaint and the holder's explanation, on the seal page.
 *
 * The monitor is not triggered by the test: the `policies.check` job runs every minute on the
 * server's clock (OPENSEAL_TEST_CLOCK), and each move of the clock sends it at once (scripts/serve.ts).
 * A seal's first check falls within its program's interval (24 h) after issue, the next one an
 * interval after that, so each check moves the clock a day further ahead of real time than the last;
 * every move is put back in `finally`, and again in afterAll, since the other specs share the server.
 */
import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { approveApplication, moveServerClock, signedInContext } from './badge-fixtures';
import { newPerson } from './fixtures';
import { applyWithPolicyAddress, startPolicySite, type PolicySite } from './policy-site';

test.describe.configure({ mode: 'serial' });

const HOUR = 60 * 60 * 1000;
/** The job runs as soon as the clock moves; its fetch, its transaction and a reload fit well inside this. */
const CHECK_WAIT = { timeout: 120_000, intervals: [2_000] };
const REVIEWER = 'reviewer@openseal.example';

const CERTIFIED = [
  'We collect your name, postal address and email address to deliver your orders.',
  'We never sell, rent or share your personal information with third parties without your consent.',
  'You may ask us at any time to correct the details we hold about you.',
];
const REWORDED = ['We collect your name, postal address and email address so that we can deliver what you ordered.', ...CERTIFIED.slice(1)];
const SALE_PARAGRAPH = 'If we go bankrupt or are sold, we may sell our customer lists to the buyer.';

let site: PolicySite;
const applicant = newPerson('holder');
const holder = `Quill & Ledger ${randomBytes(2).toString('hex')} Ltd`;
const story = { sealId: '', siteUrl: '', complaint: '', explanation: '' };

test.beforeAll(async () => {
  site = await startPolicySite(`ledger-${randomBytes(3).toString('hex')}.example`);
  site.publishPolicy(CERTIFIED);
});
test.afterAll(async ({ request }) => {
  await moveServerClock(request, { reset: true });
  await site?.close();
});

/** The seal page's monitoring section, and in it the open change's two columns. */
function monitoring(page: Page) {
  const section = page.getByRole('region', { name: 'Privacy policy monitoring' });
  return {
    section,
    monitor: section.getByTestId('policy-monitor'),
    classification: section.getByTestId('policy-change-classification'),
    certified: section.getByRole('region', { name: 'Certified text, with the removed passages struck through' }),
    current: section.getByRole('region', { name: 'Current text, with the added passages underlined' }),
  };
}

/**
 * The monitor's check, `hoursAhead` of real time: the clock moves (which sends `policies.check`), and
 * `page` is reloaded until `found` holds; the clock goes back whatever happens.
 */
async function checkPolicies(request: APIRequestContext, page: Page, hoursAhead: number, found: () => Promise<void>) {
  try {
    await moveServerClock(request, { advanceMs: hoursAhead * HOUR });
    await expect(async () => {
      await page.reload();
      await found();
    }).toPass(CHECK_WAIT);
  } finally {
    await moveServerClock(request, { reset: true });
  }
}

const quick = { timeout: 2_000 };
const passage = (column: Locator, role: 'deletion' | 'insertion', text: string) => column.getByRole(role).filter({ hasText: text });

test('[APPLICANT] applies with the policy read from the site’s address; [REVIEWER] approves, and the policy is watched', async ({ page, browser }) => {
  test.setTimeout(180_000);
  story.siteUrl = await applyWithPolicyAddress(page, site, applicant, holder);
  await expect(page.getByTestId('captured-policy')).toContainText(CERTIFIED[0]!);

  const reviewer = await signedInContext(browser, REVIEWER, { role: 'Reviewer' });
  story.sealId = await approveApplication(reviewer.page, site.domain);
  await reviewer.page.goto(`/review/seals/${story.sealId}`);
  const { monitor, section } = monitoring(reviewer.page);
  await expect(monitor).toContainText(`Address${site.policyUrl}`);
  await expect(monitor).toContainText('as captured by the application');
  await expect(monitor).toContainText('Last checknot checked yet');
  await expect(section.getByRole('heading', { name: 'Open change' })).toHaveCount(0);
  await reviewer.context.close();
});

test('[REVIEWER] reads an editorial rewording side by side and accepts it in bulk from the policy changes list', async ({ browser, request }) => {
  test.setTimeout(240_000);
  site.publishPolicy(REWORDED);
  const { context, page } = await signedInContext(browser, REVIEWER, { role: 'Reviewer' });
  await page.goto(`/review/seals/${story.sealId}`);
  const seal = monitoring(page);
  // A day on: past the seal's first check, whatever its place in the interval.
  // Both in one drawing of the page: one drawn while the check commits can show the change and the claimed monitor.
  await checkPolicies(request, page, 25, async () => {
    await expect(seal.classification).toHaveText('editorial change', quick);
    await expect(seal.monitor).toContainText('different from the certified text', quick);
  });

  await expect(seal.section.getByRole('heading', { name: 'Open change' })).toBeVisible();
  // Side by side, and not by colour alone: struck-through words on the certified side, underlined ones on the current side.
  await expect(passage(seal.certified, 'deletion', 'your orders')).toContainText('[removed: your orders]');
  await expect(passage(seal.current, 'insertion', 'what you ordered')).toContainText('[added: what you ordered]');
  await expect(passage(seal.current, 'insertion', 'so that we can')).toBeVisible();
  await expect(seal.certified.getByRole('insertion')).toHaveCount(0);
  await expect(seal.current.getByRole('deletion')).toHaveCount(0);
  await expect(seal.certified).toContainText('(2 passages removed)');
  await expect(seal.current).toContainText('(2 passages added)');
  // Editorial: no rule matched, no complaint.
  await expect(seal.section.getByRole('list', { name: 'What the change touches' })).toHaveCount(0);
  await expect(seal.section.getByRole('link', { name: /^C-/ })).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Policy changes' }).click();
  await expect(page).toHaveURL(/\/review\/policy-changes$/);
  await expect(page.getByRole('navigation', { name: 'Which changes' }).getByText('Editorial')).toHaveAttribute('aria-current', 'page');
  const row = page.getByTestId(`policy-change-${story.sealId}`);
  await expect(row).toContainText(holder);
  await expect(row).toContainText('editorial');
  await expect(row).toContainText('+7 −3');
  const form = page.getByRole('form', { name: 'Accept policy changes' });
  const box = form.getByRole('checkbox', { name: `Accept the change to the policy of seal ${story.sealId}` });
  await box.check();
  // Without a reason nothing is accepted, and the choice is kept.
  await form.getByRole('button', { name: 'Accept the chosen changes' }).click();
  await expect(form.getByLabel('Why the chosen texts may be certified')).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('Say why the new text may be certified');
  await expect(box).toBeChecked();
  await form.getByLabel('Why the chosen texts may be certified').fill('Reworded for readability; nothing the criteria cover changed.');
  await form.getByRole('button', { name: 'Accept the chosen changes' }).click();
  // The list is drawn again without it, and the confirmation stays in view even when the list is now empty.
  const accepted = page.getByRole('main').getByRole('status');
  await expect(accepted).toHaveText('1 change was accepted as the certified policy.');
  await expect(accepted).toBeFocused();
  await expect(page.getByTestId(`policy-change-${story.sealId}`)).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId(`policy-change-${story.sealId}`)).toHaveCount(0);

  await page.goto(`/review/seals/${story.sealId}`);
  await expect(seal.section.getByRole('heading', { name: 'Open change' })).toHaveCount(0);
  await expect(seal.monitor).toContainText('accepted by Rita Reviewer');
  await expect(seal.monitor).toContainText('the certified text was replaced since; the next check compares against the new one');
  await expect(seal.section.getByTestId('policy-change-history')).toContainText(/editorial change, accepted by Rita Reviewer \(.+\): Reworded for readability/);
  await context.close();
});

test('[SYSTEM] a paragraph on selling customer lists opens a fast-track monitor complaint; [REVIEWER] reads its passage and rules', async ({ browser, request }) => {
  test.setTimeout(240_000);
  site.publishPolicy([...REWORDED, SALE_PARAGRAPH]);
  const { context, page } = await signedInContext(browser, REVIEWER, { role: 'Reviewer' });
  await page.goto(`/review/seals/${story.sealId}`);
  const seal = monitoring(page);
  // The last check ran a day ahead, so the next is due two days ahead.
  await checkPolicies(request, page, 50, () => expect(seal.classification).toHaveText('material change', quick));

  await expect(passage(seal.current, 'insertion', SALE_PARAGRAPH)).toBeVisible();
  await expect(seal.certified.getByRole('deletion')).toHaveCount(0);
  // Compared with the accepted rewording, not with the text first certified.
  await expect(seal.certified).toContainText(REWORDED[0]!);
  const touches = seal.section.getByRole('list', { name: 'What the change touches' });
  await expect(touches.getByRole('listitem').filter({ hasText: 'Sale or transfer of personal data' })).toContainText('(sell, sold, customer list): Added under “Privacy policy”: If we go bankrupt');
  await expect(touches.getByRole('listitem').filter({ hasText: 'Bankruptcy, merger or acquisition' })).toContainText('(bankrupt)');

  const complaintLink = seal.section.getByRole('link', { name: /^C-[0-9A-Z]{4}-[0-9A-Z]{4}$/ });
  story.complaint = (await complaintLink.textContent())!.trim();
  await complaintLink.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Complaint ${story.complaint}`);
  await expect(page.getByTestId('fast-track')).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Automated monitor');
  const description = page.getByTestId('complaint-description');
  await expect(description).toContainText(`The privacy policy of seal ${story.sealId}, held by ${holder}, changed since it was certified`);
  await expect(description).toContainText(`The policy monitor read ${site.policyUrl}`);
  await expect(description).toContainText(`- Sale or transfer of personal data (sell, sold, customer list). Added under “Privacy policy”: ${SALE_PARAGRAPH}`);
  await expect(description).toContainText('- Bankruptcy, merger or acquisition (bankrupt).');
  const change = page.getByRole('region', { name: 'The policy change' });
  await expect(change).toContainText('Not accepted: the certified text is still the one on the left.');
  await expect(change.getByRole('region', { name: /^Current text/ }).getByRole('insertion')).toContainText(SALE_PARAGRAPH);
  await expect(change.getByRole('link', { name: 'The seal’s policy monitoring' })).toHaveAttribute('href', `/review/seals/${story.sealId}#policy-heading`);

  // Material changes are not offered for bulk acceptance by default; the "Material" list shows it.
  await page.goto('/review/policy-changes');
  await expect(page.getByTestId(`policy-change-${story.sealId}`)).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Which changes' }).getByRole('link', { name: 'Material' }).click();
  await expect(page.getByTestId(`policy-change-${story.sealId}`)).toContainText('material: Sale or transfer of personal data, Bankruptcy, merger or acquisition');
  await context.close();
});

test('[HOLDER] is told of the change, reads it on the portal’s site page and explains it', async ({ browser }) => {
  // Told in the portal at once (the mail follows with the mail sweep, a few minutes later).
  const { context, page } = await signedInContext(browser, applicant.email, { password: applicant.password });
  await page.getByRole('banner').getByRole('link', { name: /^Notifications/ }).click();
  const notice = page.getByTestId('notification').filter({ has: page.getByRole('heading', { name: `Your privacy policy changed since seal ${story.sealId} was certified` }) });
  await expect(notice).toHaveCount(2);
  await expect(notice.filter({ hasText: 'looks editorial' })).toHaveCount(1);
  const material = notice.filter({ hasText: `a reviewer will look at it (complaint ${story.complaint})` });
  await expect(material).toContainText(`The seal authority's monitor read ${site.policyUrl}`);
  await material.getByRole('link', { name: 'Open' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await page.getByRole('link', { name: holder }).first().click();
  await page.getByRole('link', { name: site.domain, exact: true }).click();
  await expect(page).toHaveURL(story.siteUrl);
  const watch = page.getByRole('region', { name: 'Your certified privacy policy' });
  await expect(watch).toContainText(`The seal authority reads ${site.policyUrl} regularly`);
  await expect(watch).toContainText('it differs from the certified text.');
  await expect(watch).toContainText('a change that touches what the seal certifies');
  await expect(watch.getByRole('region', { name: /^Current text/ }).getByRole('insertion')).toContainText(SALE_PARAGRAPH);

  const form = watch.getByRole('form', { name: 'Explain this change' });
  // Too short an explanation is refused, and what was typed stays.
  await form.getByLabel('Explain the change to the reviewers').fill('Sorry.');
  await form.getByRole('button', { name: 'Send the explanation' }).click();
  await expect(form.getByLabel('Explain the change to the reviewers')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Explain the change to the reviewers')).toHaveValue('Sorry.');
  story.explanation = 'Our lawyers added the paragraph by mistake. We have never sold customer data; we will remove it and keep our promise.';
  await form.getByLabel('Explain the change to the reviewers').fill(story.explanation);
  await form.getByRole('button', { name: 'Send the explanation' }).click();
  await expect(form.getByRole('status')).toHaveText('Thank you: the reviewers read your explanation beside the change.');
  await page.reload();
  await expect(watch.getByLabel('Your explanation (you can change it)')).toHaveValue(story.explanation);
  await context.close();
});

test('[REVIEWER] reads the explanation and accepts the new text with a reason; the next check finds the policy unchanged', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const { context, page } = await signedInContext(browser, REVIEWER, { role: 'Reviewer' });
  await page.goto(`/review/complaints/${story.complaint}`);
  await expect(page.getByTestId('complaint-policy-explanation')).toHaveText(`The holder explains: ${story.explanation}`);

  await page.goto(`/review/seals/${story.sealId}`);
  const seal = monitoring(page);
  await expect(seal.section.getByTestId('policy-change-explanation')).toContainText(`The holder explains (${applicant.name}, `);
  await expect(seal.section.getByTestId('policy-change-explanation')).toContainText(story.explanation);
  const accept = seal.section.getByRole('form', { name: 'Accept as the new certified text' });
  await accept.getByLabel('Why the new text may be certified').fill(`Certified as published, so later checks compare against it; the sale paragraph is handled on complaint ${story.complaint}.`);
  await accept.getByRole('button', { name: 'Accept the new text' }).click();
  // The page is drawn again without an open change and without the form; the confirmation stays.
  const accepted = seal.section.getByRole('status');
  await expect(accepted).toHaveText('The new text is the certified policy now; the monitor compares against it from its next check.');
  await expect(accepted).toBeFocused();
  await expect(seal.section.getByRole('heading', { name: 'Open change' })).toHaveCount(0);
  await expect(accept).toHaveCount(0);
  await page.reload();
  await expect(seal.section.getByRole('heading', { name: 'Open change' })).toHaveCount(0);
  await expect(seal.monitor).toContainText('accepted by Rita Reviewer');
  const history = seal.section.getByTestId('policy-change-history').getByRole('listitem');
  await expect(history).toHaveCount(2);
  await expect(history.first()).toContainText(new RegExp(`material change, accepted by Rita Reviewer \\(.+\\): Certified as published, so later checks compare against it; the sale paragraph is handled on complaint ${story.complaint}\\.$`));
  await expect(history.last()).toContainText('editorial change, accepted by Rita Reviewer');

  // The next check (an interval after the last) compares the site with the text just accepted.
  await checkPolicies(request, page, 75, () => expect(seal.monitor).toContainText(/Last check.+: unchanged/, quick));
  await expect(seal.section.getByRole('heading', { name: 'Open change' })).toHaveCount(0);

  await page.goto(`/review/complaints/${story.complaint}`);
  await expect(page.getByRole('region', { name: 'The policy change' })).toContainText('A reviewer has since accepted this text as the certified policy.');
  await page.goto('/review/policy-changes?kind=all');
  await expect(page.getByTestId(`policy-change-${story.sealId}`)).toHaveCount(0);
  await context.close();
});
