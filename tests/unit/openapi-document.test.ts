import fs from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ApiReference } from '@/app/(public)/developers/api/api-reference';
import { DOORS } from '@/lib/auth/permissions';
import { openApiDocument } from '@/lib/api/openapi/document';
import { API_OPERATIONS } from '@/lib/api/openapi/operations';
import { StatusDocument } from '@/lib/api/openapi/public-schemas';
import { toStatusDocument, type SealStatusRecord } from '@/lib/public-status/status-record';

/**
 * The OpenAPI document (issue #17) against the API that exists: it is valid OpenAPI 3.1, every
 * method of every route.ts under app/api/v1 is in it and nothing else is, each key route names the
 * scope the permission table gives it, and the reference page shows every operation.
 */

const root = path.resolve(__dirname, '../..');
const ORIGIN = 'https://seals.example.org';
const document = openApiDocument(ORIGIN);
const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];

function routeFilesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    return entry.isDirectory() ? routeFilesUnder(relative) : entry.name === 'route.ts' ? [relative] : [];
  });
}

/** The methods a route.ts exports, as tests/unit/permission-table-complete.test.ts reads them. */
function methodsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const methods = new Set<string>();
  for (const match of text.matchAll(/^export (?:async )?function (\w+)/gm)) methods.add(match[1]!);
  for (const match of text.matchAll(/^export const (\w+) = /gm)) methods.add(match[1]!);
  for (const match of text.matchAll(/^export (?:const )?\{([^}]*)\}/gm)) {
    for (const part of match[1]!.split(',')) methods.add(part.trim().split(/\s+as\s+/).pop()!);
  }
  return [...methods].filter((method) => HTTP_METHODS.includes(method));
}

/** `app/api/v1/seals/[sealId]/status/route.ts` → `/api/v1/seals/{sealId}/status`. */
const urlPathOf = (file: string) =>
  file
    .replace(/^app/, '')
    .replace(/\/route\.ts$/, '')
    .replace(/\[(?:\.\.\.)?(\w+)\]/g, '{$1}');

const routeFiles = routeFilesUnder('app/api/v1');
const served = routeFiles.flatMap((file) => methodsOf(file).map((method) => `${method} ${urlPathOf(file)}`)).sort();
const documented = Object.entries(document.paths ?? {})
  .flatMap(([urlPath, item]) => HTTP_METHODS.filter((method) => method.toLowerCase() in item).map((method) => `${method} ${urlPath}`))
  .sort();

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, version v1, its server the configured public origin', async () => {
    const validator = new Validator();
    // As served: the JSON text, not the objects.
    const result = await validator.validate(JSON.parse(JSON.stringify(document)));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.info.version).toBe('v1');
    expect(document.servers).toEqual([{ url: ORIGIN, description: 'This platform' }]);
  });

  it('documents every method of every route under app/api/v1, and no route that does not exist', () => {
    expect(routeFiles.length).toBeGreaterThan(10);
    const missing = served.filter((door) => !documented.includes(door));
    expect(missing, 'routes with no operation: declare them in lib/api/openapi/operations.ts').toEqual([]);
    const stale = documented.filter((door) => !served.includes(door));
    expect(stale, 'operations with no route.ts: remove them from lib/api/openapi/operations.ts').toEqual([]);
  });

  it('names on each key route the scope the permission table gives it, and no scope on a public route', () => {
    for (const file of routeFiles) {
      for (const method of methodsOf(file)) {
        const operation = document.paths?.[urlPathOf(file)]?.[method.toLowerCase() as 'get'];
        const door = DOORS.find((row) => row.kind === 'route' && row.file === file && row.method === method);
        expect(door, `${method} ${file} has a row in lib/auth/permissions.ts`).toBeDefined();
        const who = door!.who as { apiKey?: true; scope?: string | null };
        if (who.apiKey) {
          expect(operation?.['x-openseal-scope'], `${method} ${file}`).toBe(who.scope);
          expect(operation?.security, `${method} ${file}`).toEqual([{ apiKey: who.scope ? [who.scope] : [] }]);
          for (const status of ['401', '403', '429']) expect(operation?.responses?.[status], `${method} ${file} ${status}`).toBeDefined();
        } else {
          expect(operation?.security, `${method} ${file} needs no key`).toEqual([]);
        }
      }
    }
  });

  it('answers a key route’s success with 201 exactly when the route creates something', () => {
    for (const operation of API_OPERATIONS) {
      if (operation.access === 'public') continue;
      const success = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
      expect(success, operation.operationId).toEqual([operation.access.key.spec.creates ? '201' : '200']);
    }
  });

  it('gives each operation a unique id, a summary, and a body schema for each success that has one', () => {
    const ids = documented.map((door) => {
      const [method, urlPath] = door.split(' ');
      return document.paths![urlPath!]![method!.toLowerCase() as 'get']!.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of API_OPERATIONS) {
      expect(operation.summary, operation.operationId).not.toBe('');
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      expect(success.length, `${operation.operationId} says what it answers`).toBeGreaterThan(0);
    }
  });
});

describe('the schemas against real answers', () => {
  const record: SealStatusRecord = {
    sealId: 'OS-7KQ4-M2XP',
    storedStatus: 'revoked',
    holder: { name: 'Example Shop GmbH', country: 'DE' },
    domains: ['shop.example'],
    program: { slug: 'privacy-seal', name: 'Privacy Seal' },
    criteriaVersion: 2,
    issuedAt: new Date('2026-01-15T10:00:00Z'),
    expiresAt: new Date('2027-01-15T10:00:00Z'),
    statusChangedAt: new Date('2026-05-01T10:00:00Z'),
    reason: 'Sold its customer list.',
    log: { index: 3, treeSize: null },
    version: '4:-',
  };

  it('reads the status document as toStatusDocument writes it, revoked, lapsed or without a log entry', () => {
    const now = new Date('2026-06-01T09:00:00Z');
    for (const document of [toStatusDocument(record, now, ORIGIN), toStatusDocument({ ...record, storedStatus: 'active', log: null }, new Date('2027-02-01T00:00:00Z'), ORIGIN)]) {
      expect(StatusDocument.safeParse(document).error).toBeUndefined();
    }
    expect(StatusDocument.safeParse({ ...toStatusDocument(record, now, ORIGIN), status: 'paused' }).success).toBe(false);
  });
});

describe('the reference page', () => {
  const html = renderToStaticMarkup(createElement(ApiReference, { origin: ORIGIN, document }));

  it('shows every operation under its own heading, with who may call it', () => {
    for (const operation of API_OPERATIONS) {
      expect(html).toContain(`id="operation-${operation.operationId}"`);
      expect(html).toContain(`<code>${operation.method.toUpperCase()} ${operation.path}</code>`);
    }
    expect(html).toContain('An API key with the scope <code>cases:respond</code>.');
    expect(html).toContain('href="/api/v1/openapi.json"');
  });

  it('links each named object to its fields, and has no inline style or script (the CSP forbids them)', () => {
    for (const name of Object.keys(document.components?.schemas ?? {})) expect(html).toContain(`id="object-${name}"`);
    for (const anchor of html.matchAll(/href="#([^"]+)"/g)) expect(html, `#${anchor[1]} has a target`).toContain(`id="${anchor[1]}"`);
    expect(html).not.toMatch(/\sstyle=|<script/i);
  });
});
