import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOORS, doorName } from '@/lib/auth/permissions';

/**
 * The permission table (lib/auth/permissions.ts) against the doors that exist in `app/`: a server
 * action, an intent of a dispatching action, a route handler's method or a page that the table does
 * not list fails here, and so does a row whose door is gone. A new door cannot open without a row.
 */

const root = path.resolve(__dirname, '../..');
const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** The form fields a dispatching action switches on; each value is a door of its own. */
const DISPATCH_FIELDS = ['intent', 'decision'];

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(relative) : [relative];
  });
}

const appFiles = filesUnder('app');
const source = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** Each exported function of a file with its body (up to the next top-level export). */
function exportedFunctions(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /^export (?:async )?function (\w+)|^export const (\w+)\s*=/gm;
  const starts = [...text.matchAll(pattern)];
  starts.forEach((match, index) => {
    const end = starts[index + 1]?.index ?? text.length;
    found.set(match[1] ?? match[2]!, text.slice(match.index, end));
  });
  return found;
}

/** The values a dispatching action compares its dispatch field with; empty when it does not dispatch. */
function intentsOf(body: string): string[] {
  const dispatches = DISPATCH_FIELDS.some((field) => body.includes(`'${field}')`));
  if (!dispatches) return [];
  const values = [...body.matchAll(/case '([\w-]+)':|\b(?:intent|decision)'?\)?\s*===\s*'([\w-]+)'/g)].map((match) => match[1] ?? match[2]!);
  return [...new Set(values)].sort();
}

type Found = { key: string; name: string };

function actionsInApp(): Found[] {
  const found: Found[] = [];
  for (const file of appFiles.filter((f) => /\.(ts|tsx)$/.test(f))) {
    const text = source(file);
    if (!/^\s*['"]use server['"]/.test(text)) continue;
    for (const [exportName, body] of exportedFunctions(text)) {
      const intents = intentsOf(body);
      // A dispatching action is a door per intent, plus its default path when the table lists one.
      found.push({ key: `${file}#${exportName}`, name: `${file} ${exportName}` });
      for (const intent of intents) found.push({ key: `${file}#${exportName}:${intent}`, name: `${file} ${exportName} intent=${intent}` });
    }
  }
  return found;
}

function routesInApp(): Found[] {
  return appFiles
    .filter((file) => file.endsWith('/route.ts'))
    .flatMap((file) => {
      const text = source(file);
      const methods = new Set<string>();
      for (const match of text.matchAll(/^export (?:async )?function (\w+)/gm)) methods.add(match[1]!);
      // An integrator API route: `export const GET = apiRouteHandler(route)` (lib/api/api-route.ts).
      for (const match of text.matchAll(/^export const (\w+) = /gm)) methods.add(match[1]!);
      for (const match of text.matchAll(/^export (?:const )?\{([^}]*)\}/gm)) {
        for (const part of match[1]!.split(',')) methods.add(part.trim().split(/\s+as\s+/).pop()!);
      }
      return [...methods].filter((method) => HTTP_METHODS.includes(method)).map((method) => ({ key: `${method} ${file}`, name: `${method} ${file}` }));
    });
}

function pagesInApp(): Found[] {
  return appFiles.filter((file) => /\/page\.(tsx|ts|jsx|js)$/.test(file)).map((file) => ({ key: `page ${file}`, name: `page ${file}` }));
}

function rowKey(door: (typeof DOORS)[number]): string {
  if (door.kind === 'action') return `${door.file}#${door.exportName}${door.intent ? `:${door.intent}` : ''}`;
  if (door.kind === 'route') return `${door.method} ${door.file}`;
  return `page ${door.file}`;
}

describe('the permission table lists every door', () => {
  const rows = new Set(DOORS.map(rowKey));

  it('has no row twice', () => {
    const keys = DOORS.map(rowKey);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it('lists every server action, and each intent of a dispatching action', () => {
    const found = actionsInApp();
    expect(found.length).toBeGreaterThan(40);
    const dispatching = new Set(found.filter((door) => door.key.includes(':')).map((door) => door.key.split(':')[0]));
    // A dispatching action's bare export is a door of its own only when the table lists it (saving without submitting).
    const missing = found.filter((door) => !rows.has(door.key) && !dispatching.has(door.key)).map((door) => door.name);
    expect(missing, 'server actions without a row in lib/auth/permissions.ts: add one, saying who may call it').toEqual([]);
  });

  it('lists every method of every route handler', () => {
    const missing = routesInApp()
      .filter((door) => !rows.has(door.key))
      .map((door) => door.name);
    expect(missing, 'route handlers without a row in lib/auth/permissions.ts').toEqual([]);
  });

  it('lists every page', () => {
    const missing = pagesInApp()
      .filter((door) => !rows.has(door.key))
      .map((door) => door.name);
    expect(missing, 'pages without a row in lib/auth/permissions.ts').toEqual([]);
  });

  it('has no row for a door that no longer exists', () => {
    const existing = new Set([...actionsInApp(), ...routesInApp(), ...pagesInApp()].map((door) => door.key));
    const stale = DOORS.filter((door) => !existing.has(rowKey(door))).map(doorName);
    expect(stale, 'rows naming a door that app/ no longer has: remove or correct them').toEqual([]);
  });

  it('binds each action to a verb the action calls and the verb file exports', () => {
    const wrong: string[] = [];
    for (const door of DOORS) {
      if (!door.verb) continue;
      const [verbFile, verbName] = door.verb.split('#') as [string, string];
      const verbSource = fs.existsSync(path.join(root, verbFile)) ? source(verbFile) : '';
      // A verb is an exported function; an integrator API route (lib/api/routes) an exported route object.
      if (!new RegExp(`export ((async )?function|const) ${verbName}\\b`).test(verbSource)) wrong.push(`${doorName(door)}: ${door.verb} is not an exported function`);
      if (door.kind === 'route' && 'apiKey' in door.who && !source(door.file).includes(`apiRouteHandler(${verbName})`)) wrong.push(`${doorName(door)}: does not serve ${verbName}`);
      if (door.kind === 'action') {
        const body = exportedFunctions(source(door.file)).get(door.exportName) ?? '';
        if (!body.includes(`${verbName}(`)) wrong.push(`${doorName(door)}: does not call ${verbName}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
