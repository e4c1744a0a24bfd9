import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { DOORS, type ActionDoor } from '../lib/auth/permissions';
import { E2E_BASE_URL } from './fixtures';

/**
 * Server actions called over HTTP the way React's client calls them: a POST to a page that uses the
 * action, with the `Next-Action` header naming the action's id (from the build's
 * server-reference-manifest.json) and the arguments `(previousState, formData)` encoded as React
 * encodes a reply: the form's fields as `_1_<name>`, then field `0` holding `[undefined, <the form data>]`.
 */

type Manifest = { node: Record<string, { exportedName?: string; filename?: string; workers: Record<string, unknown> }> };

let manifest: Manifest | undefined;

function readManifest(): Manifest {
  manifest ??= JSON.parse(fs.readFileSync(path.join(process.cwd(), '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as Manifest;
  return manifest;
}

/** The action's id and a page path that uses it (its dynamic segments filled with `x`: the action runs before any page code). */
export function actionEndpoint(door: Pick<ActionDoor, 'file' | 'exportName'>): { id: string; path: string } {
  const entries = Object.entries(readManifest().node).filter(([, entry]) => entry.filename === door.file && entry.exportedName === door.exportName);
  if (entries.length !== 1) throw new Error(`the build has ${entries.length} server actions ${door.file}#${door.exportName}: run next build first`);
  const [id, entry] = entries[0]!;
  const worker = Object.keys(entry.workers).find((name) => name !== 'app/_not-found/page') ?? 'app/page';
  const pagePath =
    worker
      .replace(/^app/, '')
      .replace(/\/\([^)]+\)/g, '')
      .replace(/\/page$/, '')
      .replace(/\[[^\]]+\]/g, 'x') || '/';
  return { id, path: pagePath };
}

export type FieldValue = string | { name: string; mimeType: string; buffer: Buffer };

/** What a client notices of an action call: the HTTP status, where it was sent on, and the form state it got back. */
export type ActionAnswer = { status: number; redirect: string; state?: { error?: string; code?: string; success?: string; secret?: string; [key: string]: unknown }; raw: string };

/** The Flight row `id:` of the response, as JSON (the answer's rows are one per line). */
function flightRow(body: string, id: string): unknown {
  const line = body.split('\n').find((row) => row.startsWith(`${id}:`));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice(id.length + 1));
  } catch {
    return undefined;
  }
}

export async function callAction(request: APIRequestContext, door: Pick<ActionDoor, 'file' | 'exportName'>, fields: Record<string, FieldValue | FieldValue[]>): Promise<ActionAnswer> {
  const { id, path: pagePath } = actionEndpoint(door);
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (typeof one === 'string') form.append(`_1_${name}`, one);
      else form.append(`_1_${name}`, new Blob([new Uint8Array(one.buffer)], { type: one.mimeType }), one.name);
    }
  }
  // The root goes last, as React sends it: the server decodes while the body streams in, and reads
  // the form data when it meets the root.
  form.append('0', JSON.stringify(['$undefined', '$K1']));
  const response = await request.fetch(pagePath, {
    method: 'POST',
    headers: { 'Next-Action': id, Accept: 'text/x-component', Origin: E2E_BASE_URL },
    multipart: form,
    maxRedirects: 0,
  });
  const headers = response.headers();
  const raw = await response.text();
  const redirect = (headers['x-action-redirect'] ?? headers['location'] ?? '').split(';')[0]!;
  const root = flightRow(raw, '0') as { a?: unknown } | undefined;
  let state: ActionAnswer['state'];
  if (root && typeof root.a === 'string' && root.a.startsWith('$@')) state = flightRow(raw, root.a.slice(2)) as ActionAnswer['state'];
  else if (root && typeof root.a === 'object') state = root.a as ActionAnswer['state'];
  return { status: response.status(), redirect, state, raw };
}

const REFUSALS = new Set(['unauthenticated', 'forbidden', 'not_found']);

/**
 * Refused, as a client notices it: sent to sign in or to /forbidden, a 401/403/404, or a form state
 * whose error code is a permission refusal. Anything else got past the permission rules (a
 * validation or state error comes after them): allowed. A 5xx is neither, and fails the walk.
 */
export function outcomeOfAnswer(answer: ActionAnswer): { outcome: 'allowed' | 'refused' | 'broken'; detail: string } {
  if (/^\/(login|forbidden)\b/.test(answer.redirect.replace(E2E_BASE_URL, ''))) return { outcome: 'refused', detail: `${answer.status} → ${answer.redirect}` };
  if ([401, 403, 404].includes(answer.status)) return { outcome: 'refused', detail: `${answer.status}` };
  if (answer.status >= 500 || (answer.status >= 400 && answer.status !== 303)) return { outcome: 'broken', detail: `${answer.status}: ${answer.raw.slice(0, 300)}` };
  const code = answer.state?.code;
  if (code && REFUSALS.has(code)) return { outcome: 'refused', detail: `${code}: ${answer.state?.error}` };
  if (answer.redirect) return { outcome: 'allowed', detail: `${answer.status} → ${answer.redirect}` };
  if (!answer.state) return { outcome: 'broken', detail: `${answer.status}, no form state: ${answer.raw.slice(0, 300)}` };
  const fields = answer.state.fieldErrors ? ` ${JSON.stringify(answer.state.fieldErrors)}` : '';
  return { outcome: 'allowed', detail: code ? `${code}: ${answer.state.error}${fields}` : answer.state.error ? `error without code: ${answer.state.error}` : `success: ${answer.state.success ?? ''}` };
}

/** A signed-in (or anonymous) client of the walk, with the address it signed in with. */
export type Client = { request: APIRequestContext; email?: string };

export const REF = /[A-Z]-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;
export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
export const SEAL_ID = /OS-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;

/** The page at `url` as `request` reads it; anything but a 200 fails the walk. */
export async function html(request: APIRequestContext, url: string): Promise<string> {
  const response = await request.get(url);
  if (response.status() !== 200) throw new Error(`GET ${url}: ${response.status()}`);
  return response.text();
}

/** The first group of `around` in `text`, or an error naming `what`. */
export function match(text: string, around: RegExp, what: string): string {
  const found = text.match(around)?.[1];
  if (!found) throw new Error(`not found: ${what}`);
  return found;
}

/** The hidden field `name` of the form whose button is labelled `label`. */
export function hiddenFieldBefore(text: string, name: string, label: string): string {
  const at = text.indexOf(`aria-label="${label}"`);
  if (at < 0) throw new Error(`no button labelled ${label}`);
  const before = text.slice(Math.max(0, at - 3000), at);
  const all = [...before.matchAll(new RegExp(`name="${name}" value="([^"]+)"`, 'g'))];
  if (all.length === 0) throw new Error(`no ${name} before ${label}`);
  return all[all.length - 1]![1]!;
}

export const actionDoor = (exportName: string, intent?: string): ActionDoor => {
  const door = DOORS.find((d): d is ActionDoor => d.kind === 'action' && d.exportName === exportName && d.intent === intent);
  if (!door) throw new Error(`no action door ${exportName} ${intent ?? ''}`);
  return door;
};

/**
 * Posts the action as `client` to build the walk's world (not one of the walk's checks): anything
 * but a success fails the walk, naming the step.
 */
export async function must(client: Client, exportName: string, fields: Record<string, FieldValue | FieldValue[]>, intent?: string): Promise<ActionAnswer> {
  const answer = await callAction(client.request, actionDoor(exportName, intent), intent ? { intent, ...fields } : fields);
  const { outcome, detail } = outcomeOfAnswer(answer);
  if (outcome !== 'allowed' || answer.state?.error) throw new Error(`${exportName}${intent ? ` intent=${intent}` : ''} as ${client.email ?? 'anonymous'}: ${detail}`);
  return answer;
}
