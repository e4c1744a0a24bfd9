import { randomBytes } from 'node:crypto';
import { expect, test, type APIResponse, type Locator, type Page } from '@playwright/test';
import { DEFAULT_POLICY_RULES } from '../lib/policies/monitor-rules';
import { signInAsAdmin } from './fixtures';

function expectPublicHeaders(response: APIResponse) {
  const headers = response.headers();
  expect(headers['cache-control']).toBe('public, max-age=60');
  expect(headers['access-control-allow-origin']).toBe('*');
  expect(headers['etag']).toMatch(/^"[A-Za-z0-9_-]{16,}"$/);
}

test('[VISITOR] reads the Privacy Seal criteria, including change of control and its three commitments', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programs' }).click();
  await expect(page).toHaveTitle('Seal programs · OpenSeal');
  await page.getByRole('link', { name: 'Privacy Seal' }).click();

  await expect(page).toHaveURL(/\/programs\/privacy-seal$/);
  await expect(page).toHaveTitle('Privacy Seal: criteria · OpenSeal');
  await expect(page.getByRole('heading', { level: 1, name: 'Privacy Seal' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Criteria, version \d+ \(current\)$/ })).toBeVisible();

  const clause = page.getByTestId('criterion-change-of-control');
  await expect(clause.getByRole('heading', { level: 3 })).toContainText('Change of control: merger, acquisition, asset sale or bankruptcy');
  await expect(clause.getByText('Mandatory', { exact: true })).toBeVisible();
  await expect(clause).toContainText('What does your privacy policy say will happen to personal data in a merger, acquisition, asset sale or bankruptcy?');
  const commitments = clause.getByRole('listitem');
  await expect(commitments).toHaveCount(3);
  await expect(commitments.nth(0)).toContainText('never sell or transfer personal data as a stand-alone asset');
  await expect(commitments.nth(1)).toContainText('only to a successor in the same line of business that agrees to be bound by our existing privacy policy');
  await expect(commitments.nth(2)).toContainText('requires each person’s opt-in consent');

  await expect(page.getByTestId('criterion-cookies-and-tracking').getByText('Recommended', { exact: true })).toBeVisible();
  expect((await page.goto('/programs/no-such-program'))?.status()).toBe(404);
});

test('[API CLIENT] reads the programs and the Privacy Seal criteria as the public contract describes', async ({ request }) => {
  const list = await request.get('/api/v1/programs');
  expect(list.status()).toBe(200);
  expectPublicHeaders(list);
  const { programs } = (await list.json()) as { programs: Array<Record<string, unknown>> };
  const listed = programs.find((program) => program.slug === 'privacy-seal')!;
  expect(Object.keys(listed).sort()).toEqual(['currentVersion', 'name', 'slug']);
  expect(listed).toMatchObject({ name: 'Privacy Seal', currentVersion: expect.any(Number) });

  const detail = await request.get('/api/v1/programs/privacy-seal');
  expect(detail.status()).toBe(200);
  expectPublicHeaders(detail);
  const program = await detail.json();
  expect(program).toMatchObject({ slug: 'privacy-seal', name: 'Privacy Seal', summary: expect.any(String), currentVersion: listed.currentVersion, sealValidityMonths: 12 });
  expect(program.versions[0].version).toBe(program.currentVersion);
  for (const version of program.versions) {
    expect(Object.keys(version).sort()).toEqual(['changeNote', 'criteria', 'publishedAt', 'version']);
    expect(new Date(version.publishedAt).toISOString()).toBe(version.publishedAt);
    for (const criterion of version.criteria) {
      expect(Object.keys(criterion).sort()).toEqual(['commitments', 'evidence', 'guidance', 'id', 'mandatory', 'question', 'title']);
      expect(criterion.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(typeof criterion.mandatory).toBe('boolean');
    }
  }
  const clause = program.versions[0].criteria.find((criterion: { id: string }) => criterion.id === 'change-of-control');
  expect(clause).toMatchObject({ mandatory: true, evidence: { required: true } });
  expect(clause.commitments).toHaveLength(3);

  const unchanged = await request.get('/api/v1/programs/privacy-seal', { headers: { 'If-None-Match': detail.headers()['etag']! } });
  expect(unchanged.status()).toBe(304);
  expect(await unchanged.body()).toHaveLength(0);
  expect(unchanged.headers()['etag']).toBe(detail.headers()['etag']);

  for (const unknown of ['/api/v1/programs/no-such-program', '/api/v1/programs/Not%20a%20slug']) {
    const missing = await request.get(unknown);
    expect(missing.status(), unknown).toBe(404);
    expect(missing.headers()['content-type']).toContain('application/json');
    expect(missing.headers()['access-control-allow-origin']).toBe('*');
    expect(await missing.json()).toEqual({ error: 'not_found' });
  }
});

test('[ADMIN] drafts the next version, edits a criterion’s title, publishes it; the public page shows it and links to the earlier one', async ({ page, request }) => {
  const { currentVersion: current } = (await (await request.get('/api/v1/programs/privacy-seal')).json()) as { currentVersion: number };
  const next = current + 1;
  const newTitle = `A plain-language privacy policy on every page (${randomBytes(3).toString('hex')})`;

  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Criteria' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Programs and criteria' })).toBeVisible();
  await page.getByTestId('program-privacy-seal').getByRole('button', { name: `Start version ${next} of Privacy Seal` }).click();
  await expect(page).toHaveURL(/\/review\/programs\/privacy-seal\/draft$/);
  await expect(page.getByRole('heading', { level: 1, name: `Privacy Seal: draft version ${next}` })).toBeVisible();
  // A draft is nobody's business but the admins'.
  expect((await request.get(`/programs/privacy-seal/versions/${next}`)).status()).toBe(404);

  const oldTitle = (await page.getByTestId('draft-criterion-privacy-notice').getByRole('cell').nth(1).textContent())!;
  await page.getByRole('link', { name: `Edit ${oldTitle}` }).click();
  const form = page.getByRole('form', { name: 'Edit criterion “privacy-notice”' });
  await form.getByLabel('Title', { exact: true }).fill(newTitle);
  // A refusal keeps what was typed.
  await form.getByLabel('Question to the applicant').fill('');
  await form.getByRole('button', { name: 'Save criterion' }).click();
  await expect(form.getByRole('alert')).toHaveText('Enter the question.');
  await expect(form.getByLabel('Title', { exact: true })).toHaveValue(newTitle);
  await form.getByLabel('Question to the applicant').fill('Where is your privacy policy, and how is it linked from every page?');
  await form.getByRole('button', { name: 'Save criterion' }).click();
  await expect(form.getByRole('status')).toHaveText(`Saved “${newTitle}”.`);

  await page.getByRole('link', { name: `Back to draft version ${next} of Privacy Seal` }).click();
  await expect(page.getByTestId('draft-criterion-privacy-notice')).toContainText(newTitle);
  const publish = page.getByRole('form', { name: `Publish version ${next}` });
  await publish.getByLabel('Change note to publish').fill('Clearer title for the privacy notice criterion.');
  await publish.getByRole('button', { name: `Publish version ${next}` }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText(`Version ${next} of Privacy Seal is published`);

  await page.getByRole('main').getByRole('link', { name: 'See the public page' }).click();
  await expect(page).toHaveURL(/\/programs\/privacy-seal$/);
  await expect(page.getByRole('heading', { level: 2, name: `Criteria, version ${next} (current)` })).toBeVisible();
  await expect(page.getByTestId('criterion-privacy-notice').getByRole('heading', { level: 3 })).toHaveText(`1. ${newTitle}`);
  await expect(page.getByRole('main')).toContainText('Clearer title for the privacy notice criterion.');

  await page.getByRole('link', { name: `Version ${current}`, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/programs/privacy-seal/versions/${current}$`));
  await expect(page).toHaveTitle(`Privacy Seal: criteria version ${current} · OpenSeal`);
  await expect(page.getByRole('heading', { level: 2, name: `Criteria, version ${current}`, exact: true })).toBeVisible();
  await expect(page.getByRole('note')).toContainText(`This is version ${current}, an earlier version of the criteria.`);
  await expect(page.getByTestId('criterion-privacy-notice').getByRole('heading', { level: 3 })).toHaveText(`1. ${oldTitle}`);

  const api = await (await request.get('/api/v1/programs/privacy-seal')).json();
  expect(api.currentVersion).toBe(next);
  expect(api.versions.map((version: { version: number }) => version.version).slice(0, 2)).toEqual([next, current]);
});

test('[ADMIN] changes the case response deadline', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/review/programs');
  const settings = page.getByTestId('program-privacy-seal').getByRole('form', { name: 'Settings of Privacy Seal' });
  const responseDays = settings.getByLabel('Response to a case notice (days)');
  await expect(responseDays).toHaveValue('14');
  try {
    // A refusal says why and keeps what was typed.
    await responseDays.fill('2');
    await settings.getByLabel('Appeal period (days)').fill('30');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(settings.getByRole('alert')).toHaveText('Give sites a whole number of days from 3 to 60 to answer a case notice.');
    await expect(responseDays).toHaveValue('2');
    await expect(settings.getByLabel('Appeal period (days)')).toHaveValue('30');

    await responseDays.fill('21');
    await settings.getByLabel('Appeal period (days)').fill('14');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(settings.getByRole('status')).toHaveText('Settings of Privacy Seal saved. They apply from now on; seals and deadlines already set keep their dates.');

    await page.goto('/programs/privacy-seal');
    await expect(page.getByRole('main')).toContainText('Sites must answer a case notice within 21 days');
  } finally {
    // Other specs rely on the default deadline.
    await page.goto('/review/programs');
    await responseDays.fill('14');
    await settings.getByLabel('Appeal period (days)').fill('14');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(settings.getByRole('status')).toContainText(/Settings of Privacy Seal saved|Nothing to save/);
  }
  await page.goto('/programs/privacy-seal');
  await expect(page.getByRole('main')).toContainText('Sites must answer a case notice within 14 days');
});

/** The rule rows of the policy rules form, by their legends ("Rule 3: Sharing with third parties"), as names in order. */
async function ruleNames(form: Locator): Promise<string[]> {
  const legends = await form.getByRole('group', { name: /^Rule \d+: / }).locator('legend').allTextContents();
  return legends.map((legend) => legend.replace(/^Rule \d+: /, ''));
}

/**
 * Saves the next version of the rules equal to the defaults again (Profiling removed, "Retention and
 * deletion" back in fifth place): policy-monitoring.spec.ts and the specs after this one classify
 * changes by the newest version. Nothing to do when no version was saved.
 */
async function restoreDefaultPolicyRules(page: Page) {
  await page.goto('/review/programs/privacy-seal/policy-rules');
  const form = page.getByRole('form', { name: /^Rules in use: version \d+$/ });
  const version = Number((await form.getByRole('heading', { level: 2 }).textContent())!.match(/\d+$/)![0]);
  if (version === 1) return;
  const defaults = DEFAULT_POLICY_RULES.map((rule) => rule.label);
  const names = await ruleNames(form);
  const groups = form.getByRole('group', { name: /^Rule \d+: / });
  for (let row = 0; row < names.length; row++) {
    const position = defaults.indexOf(names[row]!);
    if (position === -1) await groups.nth(row).getByLabel('Remove this rule').check();
    else await groups.nth(row).getByLabel(/^Order/).fill(String(position + 1));
  }
  const missing = DEFAULT_POLICY_RULES.filter((rule) => !names.includes(rule.label));
  expect(missing.length, 'at most one default rule to add back: the form has one row for a new rule').toBeLessThanOrEqual(1);
  if (missing[0]) {
    const added = form.getByRole('group', { name: 'Add a rule (leave blank to add none)' });
    await added.getByLabel('Name', { exact: true }).fill(missing[0].label);
    await added.getByLabel('Keywords').fill(missing[0].keywords.join('\n'));
    await added.getByLabel('Complaint category').selectOption(missing[0].category);
    await added.getByLabel(/^Fast track/).setChecked(missing[0].fastTrack);
    await added.getByLabel(/^Order/).fill(String(defaults.indexOf(missing[0].label) + 1));
  }
  await form.getByLabel('What changed and why').fill('Back to the default rules after the browser test.');
  await form.getByRole('button', { name: `Save as version ${version + 1}` }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText(`Version ${version + 1} is saved.`);
  expect(await ruleNames(page.getByRole('form', { name: `Rules in use: version ${version + 1}` }))).toEqual(defaults);
}

test('[ADMIN] edits the policy monitoring rules: a refused save keeps everything typed, then version 2 adds a rule and removes one', async ({ page }) => {
  await signInAsAdmin(page);
  const adminName = (await page.getByTestId('signed-in-user').textContent())!.match(/^Signed in as (.+) \(Administrator\)$/)![1]!;
  const note = `Profiling added for the new analytics clauses; retention is left to the criteria (${randomBytes(3).toString('hex')}).`;
  const contactKeywords = DEFAULT_POLICY_RULES.find((rule) => rule.id === 'complaint_contact')!.keywords.join('\n');
  try {
    await page.goto('/review/programs');
    await page.getByRole('link', { name: 'Policy monitoring rules of Privacy Seal' }).click();
    await expect(page).toHaveURL(/\/review\/programs\/privacy-seal\/policy-rules$/);
    await expect(page).toHaveTitle('Policy monitoring rules · OpenSeal');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy Seal: policy monitoring rules');

    // Version 1 is the defaults, and nobody has saved another yet.
    const form = page.getByRole('form', { name: 'Rules in use: version 1' });
    expect(await ruleNames(form)).toEqual(DEFAULT_POLICY_RULES.map((rule) => rule.label));
    const versions = page.getByRole('region', { name: 'Versions' });
    await expect(versions.getByRole('row')).toHaveCount(2);
    await expect(versions.getByRole('row').last()).toHaveText('Version 1The defaults OpenSeal comes with (in use: no admin has saved a version yet).');

    // Everything typed at once, and one rule's keywords left blank.
    const added = form.getByRole('group', { name: 'Add a rule (leave blank to add none)' });
    await added.getByLabel('Name', { exact: true }).fill('Profiling');
    await added.getByLabel('Keywords').fill('profil');
    await added.getByLabel('Complaint category').selectOption({ label: 'Sharing with third parties without consent' });
    await form.getByRole('group', { name: 'Rule 5: Retention and deletion' }).getByLabel('Remove this rule').check();
    const contact = form.getByRole('group', { name: 'Rule 6: Contact for complaints and requests' });
    await contact.getByLabel('Keywords').fill('');
    await form.getByLabel('What changed and why').fill(note);
    await form.getByRole('button', { name: 'Save as version 2' }).click();

    // The error stands beside that rule's keywords (its row counted past the removed one), and nothing else is refused.
    const missingKeywords = 'Give the rule at least one keyword: a word or the start of one, like “sell” or “third part”.';
    await expect(form.getByRole('alert')).toHaveText(missingKeywords);
    await expect(form.getByRole('alert')).toBeFocused();
    await expect(contact.getByLabel('Keywords')).toHaveAttribute('aria-invalid', 'true');
    await expect(contact.getByLabel('Keywords')).toHaveAccessibleDescription(new RegExp(`${missingKeywords.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    await expect(form.locator('[aria-invalid="true"]')).toHaveCount(1);
    await expect(page).toHaveURL(/\/policy-rules$/);
    // Nothing typed is lost.
    await expect(added.getByLabel('Name', { exact: true })).toHaveValue('Profiling');
    await expect(added.getByLabel('Keywords')).toHaveValue('profil');
    await expect(added.getByLabel('Complaint category')).toHaveValue('third_party_sharing');
    await expect(form.getByRole('group', { name: 'Rule 5: Retention and deletion' }).getByLabel('Remove this rule')).toBeChecked();
    await expect(contact.getByLabel('Name', { exact: true })).toHaveValue('Contact for complaints and requests');
    await expect(form.getByLabel('What changed and why')).toHaveValue(note);
    await expect(form.getByRole('group', { name: 'Rule 1: Sale or transfer of personal data' }).getByLabel('Keywords')).toHaveValue(DEFAULT_POLICY_RULES[0]!.keywords.join('\n'));

    await contact.getByLabel('Keywords').fill(contactKeywords);
    await form.getByRole('button', { name: 'Save as version 2' }).click();
    await expect(page).toHaveURL(/\/policy-rules\?saved=2$/);
    await expect(page.getByRole('main').getByRole('status')).toHaveText('Version 2 is saved. Changes found from now on are classified by it; changes found before keep their classification.');

    // The form starts again from version 2: the new rule last, the removed one gone.
    const saved = page.getByRole('form', { name: 'Rules in use: version 2' });
    await expect(saved.getByRole('button', { name: 'Save as version 3' })).toBeVisible();
    expect(await ruleNames(saved)).toEqual(['Sale or transfer of personal data', 'Bankruptcy, merger or acquisition', 'Sharing with third parties', 'Children’s data', 'Contact for complaints and requests', 'Profiling']);
    const profiling = saved.getByRole('group', { name: 'Rule 6: Profiling' });
    await expect(profiling.getByLabel('Keywords')).toHaveValue('profil');
    await expect(profiling.getByLabel('Complaint category')).toHaveValue('third_party_sharing');
    await expect(saved.getByRole('group', { name: 'Rule 5: Contact for complaints and requests' }).getByLabel('Keywords')).toHaveValue(contactKeywords);
    await expect(saved.getByRole('group', { name: /Retention and deletion/ })).toHaveCount(0);
    await expect(saved.getByLabel('What changed and why')).toHaveValue('');

    // The versions: the new one first, with who saved it and why.
    const newest = versions.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Version 2', exact: true }) });
    await expect(newest.getByRole('cell').nth(2)).toHaveText(adminName);
    await expect(newest.getByRole('cell').nth(3)).toContainText('Profiling (Sharing with third parties without consent)');
    await expect(newest.getByRole('cell').nth(3)).not.toContainText('Retention and deletion');
    await expect(newest.getByRole('cell').nth(4)).toHaveText(note);
    await expect(versions.getByRole('row').last()).toHaveText('Version 1The defaults OpenSeal comes with.');
  } finally {
    await restoreDefaultPolicyRules(page);
  }
});
