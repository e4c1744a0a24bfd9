import { randomBytes } from 'node:crypto';
import { expect, test, type APIResponse } from '@playwright/test';
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
