import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { signedInContext } from './badge-fixtures';
import { confirmInDialog, E2E_BASE_URL } from './fixtures';

/**
 * The integrator API as a shop's back office meets it (issue #17): the owner makes a key in the
 * portal and copies its token, shown once; the back office calls the production server over HTTP
 * with `Authorization: Bearer`, reads the organization's seals, is counted and refused beyond its
 * scope; once the owner revokes the key, every call is refused.
 */

const RUN = randomBytes(3).toString('hex');

type Answer = { status: number; json: Record<string, unknown>; headers: Headers };

async function call(path: string, token: string): Promise<Answer> {
  const response = await fetch(`${E2E_BASE_URL}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

test('[OWNER] makes a key for the back office; [INTEGRATOR] reads the seals with it, is refused what it may not do, and is shut out once it is revoked', async ({ browser }) => {
  const name = `Back office ${RUN}`;
  const owner = await signedInContext(browser, 'owner@toysmart.example');
  await owner.page.goto('/portal');
  const organization = await owner.page.getByRole('main').locator('a[href^="/portal/organizations/"]').first().getAttribute('href');
  await owner.page.goto(organization!);
  const keys = owner.page.getByRole('region', { name: 'API keys' });
  const form = keys.getByRole('form', { name: 'Make a key' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel(/Read the organization’s seals/).check();
  await form.getByRole('button', { name: 'Make key' }).click();
  const token = await owner.page.getByTestId('api-key-token').getByTestId('one-time-secret').inputValue();
  expect(token).toMatch(/^osk_/);
  // Shown once: the page read again lists the key, not its token.
  await owner.page.reload();
  await expect(owner.page.getByTestId('one-time-secret')).toHaveCount(0);
  await expect(keys.getByRole('row').filter({ hasText: name })).toContainText('seals:read');

  const me = await call('/api/v1/key', token);
  expect(me.status).toBe(200);
  expect(me.json).toMatchObject({ name, kind: 'organization', scopes: ['seals:read'], actsAs: { role: 'applicant' } });
  expect(me.headers.get('ratelimit-limit')).toBe('120');
  expect(me.headers.get('ratelimit-policy')).toBe('120;w=60');

  const seals = await call('/api/v1/organization/seals?limit=100', token);
  expect(seals.status).toBe(200);
  expect(Number(seals.headers.get('ratelimit-remaining'))).toBeLessThan(Number(me.headers.get('ratelimit-remaining')));
  const listed = seals.json.data as Array<{ sealId: string; status: string; domains: string[] }>;
  expect(listed.find((seal) => seal.domains.includes('toysmart.example'))).toMatchObject({ status: 'active' });

  // Beyond its scope: 403 with the scope it lacks; a token not copied whole: 401.
  const cases = await call('/api/v1/organization/cases', token);
  expect(cases).toMatchObject({ status: 403, json: { error: 'insufficient_scope' } });
  expect(cases.headers.get('www-authenticate')).toContain('scope="cases:read"');
  const mangled = await call('/api/v1/key', token.slice(0, -2));
  expect(mangled).toMatchObject({ status: 401, json: { error: 'invalid_key' } });
  expect(mangled.headers.get('www-authenticate')).toContain('Bearer');

  // The owner sees its use (the three calls it was let in for; the mangled token was no key of theirs;
  // the trail is written within a second), and revokes it: the next call is refused.
  const row = keys.getByRole('row').filter({ hasText: name });
  const cell = (column: string) => row.getByRole('cell').nth(['Key', 'May', 'Made', 'Last used', 'Calls (24 h)'].indexOf(column));
  await expect(async () => {
    await owner.page.reload();
    await expect(cell('Calls (24 h)')).toHaveText('3', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(cell('Last used')).not.toHaveText('Never');
  await expect(row).toContainText('In use');
  await keys.getByRole('button', { name: `Revoke the key ${name}` }).click();
  await confirmInDialog(owner.page, 'Revoke');
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: /^Revoke/ })).toHaveCount(0);
  const revoked = await call('/api/v1/key', token);
  expect(revoked).toMatchObject({ status: 401, json: { error: 'key_revoked' } });
  await owner.context.close();
});
