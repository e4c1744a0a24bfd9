import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { DOORS, doorName, type Door } from '../lib/auth/permissions';
import { tableAllows, type Persona } from '../tests/helpers/permission-personas';
import { DEMO_ADMIN_EMAIL, E2E_DEMO_PASSWORD, newPerson, signUpApplicant, submitSignIn } from './fixtures';

/**
 * The permission table's pages and route handlers, walked over HTTP with real signed-in sessions
 * (one browser context per persona, signed in once). The organization is the demo's Toysmart.com;
 * the conflicted personas and the server actions are walked against the verbs by
 * tests/integration/permission-table.test.ts. A page is refused when it sends the visitor to sign
 * in or to /forbidden, or answers 404; a route handler when it answers 401, 403 or 404.
 */

type Session = { persona: Persona; request: APIRequestContext };
const SIGN_INS: Partial<Record<Persona, string>> = {
  member: 'member@toysmart.example',
  owner: 'owner@toysmart.example',
  reviewer: 'reviewer@openseal.example',
  admin: DEMO_ADMIN_EMAIL,
};

async function sessionOf(browser: Browser, persona: Persona): Promise<Session> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (persona === 'outsider') await signUpApplicant(page, newPerson('outsider'));
  else if (SIGN_INS[persona]) {
    await submitSignIn(page, SIGN_INS[persona]!, E2E_DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/portal$/);
  }
  await page.close();
  return { persona, request: context.request };
}

/** A door's URL pattern: the file path without `app/`, route groups and the file name. */
function pattern(door: Door): string {
  return (
    door.file
      .replace(/^app/, '')
      .replace(/\/\([^)]+\)/g, '')
      .replace(/\/(page\.tsx|route\.ts)$/, '') || '/'
  );
}

const CASE_OR_COMPLAINT_REF = /[A-Z]-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

async function firstMatch(request: APIRequestContext, url: string, around: RegExp): Promise<string | undefined> {
  const html = await (await request.get(url)).text();
  return html.match(around)?.[1];
}

type Values = Record<string, string | undefined>;

/** The records the walk needs: Toysmart's, found through the owner's portal, and the review lists. */
async function recordsOf(owner: Session, admin: Session): Promise<{ portal: Values; review: Values }> {
  const organizationId = await firstMatch(owner.request, '/portal', new RegExp(`/portal/organizations/(${UUID.source})`));
  const organizationPage = `/portal/organizations/${organizationId}`;
  const siteId = await firstMatch(owner.request, organizationPage, new RegExp(`/portal/sites/(${UUID.source})`));
  const applicationId = await firstMatch(owner.request, organizationPage, new RegExp(`/portal/applications/(${UUID.source})`));
  const sealId = await firstMatch(owner.request, '/directory', /\/verify\/(OS-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})/);
  const portalCase = await firstMatch(owner.request, '/portal/cases', new RegExp(`/portal/cases/(${CASE_OR_COMPLAINT_REF.source})`));
  const portalAttachment = portalCase ? await firstMatch(owner.request, `/portal/cases/${portalCase}`, new RegExp(`/attachments/(${UUID.source})`)) : undefined;
  const complaint = await firstMatch(admin.request, '/review/complaints', new RegExp(`/review/complaints/(${CASE_OR_COMPLAINT_REF.source})`));
  const evidenceId = complaint ? await firstMatch(admin.request, `/review/complaints/${complaint}`, new RegExp(`/evidence/(${UUID.source})`)) : undefined;
  const reviewCase = await firstMatch(admin.request, '/review/cases', new RegExp(`/review/cases/(${CASE_OR_COMPLAINT_REF.source})`));
  const reviewApplication = await firstMatch(admin.request, '/review', new RegExp(`/review/applications/(${UUID.source})`));
  const common = { sealId, programSlug: 'privacy-seal', version: '1', token: 'not-a-real-token-000000000000' };
  return {
    portal: { ...common, organizationId, siteId, applicationId, reference: portalCase, attachmentId: portalAttachment },
    review: { ...common, applicationId: reviewApplication, reference: reviewCase, attachmentId: undefined, evidenceId: complaint ? evidenceId : undefined, ...(complaint ? { complaintReference: complaint } : {}) },
  };
}

/** The door's URL with its parameters filled in, or why it is not walked here. */
function urlOf(door: Door, records: { portal: Values; review: Values }): { url?: string; skip?: string } {
  let path = pattern(door);
  if (path.includes('[...nextauth]')) return door.kind === 'route' && door.method === 'GET' ? { url: '/api/auth/session' } : { skip: 'Auth.js POST needs its CSRF token' };
  if (path === '/api/v1/seals') return { url: '/api/v1/seals?domain=toysmart.example' };
  if (path.startsWith('/complaints/track/')) return { skip: 'a tracking link exists only for its complainant' };
  if (path.includes('/draft')) return { skip: 'draft pages exist only while a draft is open' };
  const values = path.startsWith('/portal') ? records.portal : records.review;
  if (path.startsWith('/review/complaints/[reference]')) path = path.replace('[reference]', values.complaintReference ?? '[reference]');
  for (const [, name] of path.matchAll(/\[(\w+)\]/g)) {
    const value = values[name!];
    if (!value) return { skip: `the demo data has no ${name} for ${path}` };
    path = path.replace(`[${name}]`, value);
  }
  return { url: path };
}

type Outcome = { outcome: 'allowed' | 'refused'; detail: string };

async function visit(session: Session, door: Door, url: string): Promise<Outcome> {
  const method = door.kind === 'route' ? door.method : 'GET';
  const response = await session.request.fetch(url, { method, maxRedirects: 0 });
  const status = response.status();
  const location = response.headers()['location'] ?? '';
  if ([401, 403, 404].includes(status)) return { outcome: 'refused', detail: `${status}` };
  if (status >= 300 && status < 400) return /\/(login|forbidden)\b/.test(location) ? { outcome: 'refused', detail: `${status} → ${location}` } : { outcome: 'allowed', detail: `${status} → ${location}` };
  if (status >= 200 && status < 300) {
    // A redirect decided after the page began streaming arrives as a meta refresh.
    const body = method === 'GET' && door.kind === 'page' ? await response.text() : '';
    const refresh = body.match(/http-equiv="refresh" content="\d+;\s*url=([^"]+)"/)?.[1] ?? '';
    if (/\/(login|forbidden)\b/.test(refresh)) return { outcome: 'refused', detail: `${status}, refresh → ${refresh}` };
    return { outcome: 'allowed', detail: `${status}` };
  }
  return { outcome: 'refused', detail: `${status}` };
}

test('[TABLE] every page and route handler lets through exactly the personas its row names', async ({ browser }) => {
  test.setTimeout(180_000);
  const personas: Persona[] = ['anonymous', 'outsider', 'member', 'owner', 'reviewer', 'admin'];
  const sessions: Session[] = [];
  for (const persona of personas) sessions.push(await sessionOf(browser, persona));
  const session = (persona: Persona) => sessions.find((s) => s.persona === persona)!;
  const records = await recordsOf(session('owner'), session('admin'));

  const disagreements: string[] = [];
  const skipped: string[] = [];
  let walked = 0;
  for (const door of DOORS.filter((d) => d.kind !== 'action')) {
    const { url, skip } = urlOf(door, records);
    if (!url) {
      skipped.push(`${doorName(door)}: ${skip}`);
      continue;
    }
    walked++;
    for (const persona of personas) {
      const { outcome, detail } = await visit(session(persona), door, url);
      const expected = tableAllows(door.who, persona) ? 'allowed' : 'refused';
      if (outcome !== expected) disagreements.push(`${doorName(door)} (${url}) as ${persona}: the table says ${expected}, the server answered ${detail}`);
    }
  }
  console.log(`walked ${walked} pages and route methods; not walked:\n  ${skipped.join('\n  ')}`);
  expect(walked).toBeGreaterThan(40);
  expect(disagreements).toEqual([]);
});
