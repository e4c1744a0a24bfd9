import fs from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMissingHeaders, baselineSecurityHeaders, contentSecurityPolicy, FILE_ROUTE } from '@/lib/server/security-headers';
import { config, proxy } from '@/proxy';
import { startHttpServer, type TestHttpServer } from '../helpers/http-server';

describe('baselineSecurityHeaders', () => {
  it('sends HSTS when the public origin is https, and not otherwise', () => {
    expect(baselineSecurityHeaders('https://seals.example.org')['Strict-Transport-Security']).toBe('max-age=31536000');
    expect(baselineSecurityHeaders('http://localhost:3000')).not.toHaveProperty('Strict-Transport-Security');
    expect(baselineSecurityHeaders('http://seals.example.org')).toEqual({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
  });
});

describe('contentSecurityPolicy', () => {
  it('admits scripts by nonce only, and eval only in development', () => {
    const production = contentSecurityPolicy({ nonce: 'abc', development: false, https: false });
    expect(production).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
    expect(production).not.toContain('unsafe');
    expect(production).toContain("frame-ancestors 'none'");
    expect(production).not.toContain('upgrade-insecure-requests');
    const development = contentSecurityPolicy({ nonce: 'abc', development: true, https: false });
    expect(development).toContain("'strict-dynamic' 'unsafe-eval';");
    expect(development).toContain("style-src 'self' 'unsafe-inline';");
    expect(production).toContain("style-src 'self' 'nonce-abc';");
    expect(contentSecurityPolicy({ nonce: 'abc', development: false, https: true })).toContain('upgrade-insecure-requests');
  });
});

describe('addMissingHeaders on a real server', () => {
  let server: TestHttpServer;
  const defaults = baselineSecurityHeaders('https://seals.example.org');
  beforeAll(async () => {
    server = await startHttpServer((request, response) => {
      addMissingHeaders(response, defaults);
      if (request.url === '/own-referrer') {
        response.setHeader('Referrer-Policy', 'no-referrer');
        return void response.end('set before');
      }
      if (request.url === '/write-head') return void response.writeHead(200, { 'referrer-policy': 'same-origin', 'Content-Type': 'text/plain' }).end('in writeHead');
      response.end('implicit');
    });
  });
  afterAll(() => server.close());

  const get = (urlPath: string) => fetch(`http://127.0.0.1:${server.port}${urlPath}`);

  it('adds every header a response does not set, implicit headers included', async () => {
    const response = await get('/plain');
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('keeps a header the response sets itself, with setHeader or in writeHead', async () => {
    expect((await get('/own-referrer')).headers.get('referrer-policy')).toBe('no-referrer');
    const written = await get('/write-head');
    expect(written.headers.get('referrer-policy')).toBe('same-origin');
    expect(written.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('proxy.ts', () => {
  const matcher = new RegExp(`^${config.matcher[0]}$`);
  const policyOf = (url: string) => proxy(new NextRequest(url, { headers: { cookie: 'authjs.session-token=x' } })).headers.get('content-security-policy');

  it('gives each page its own nonce', () => {
    const first = policyOf('http://localhost:3000/portal');
    const second = policyOf('http://localhost:3000/portal');
    expect(first).toMatch(/'nonce-[A-Za-z0-9+/]{22}=='/);
    expect(second).not.toBe(first);
  });

  it('leaves the file downloads their own, stricter policy', () => {
    expect(policyOf('http://localhost:3000/review/cases/C-1/attachments/abc')).toBeNull();
    expect(policyOf('http://localhost:3000/review/complaints/R-1/evidence/abc')).toBeNull();
  });

  it('every route handler is either off the matcher or a file download (whose policy would be dropped otherwise)', () => {
    const routes = findRouteHandlers(path.resolve('app'));
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) {
      const sample = route.replace(/\[\.\.\.[^\]]+\]/g, 'x/y').replace(/\[[^\]]+\]/g, 'x');
      expect(!matcher.test(sample) || FILE_ROUTE.test(sample), `${route}: add it to FILE_ROUTE or keep it off the proxy's matcher`).toBe(true);
    }
    // And the pages are on it.
    for (const page of ['/', '/login', '/verify/OS-AAAA-BBBB', '/portal', '/review/cases/C-1/dossier']) expect(matcher.test(page), page).toBe(true);
    for (const open of ['/embed/v1/seal.js', '/api/v1/seals/x/status', '/healthz', '/_next/static/chunks/a.js']) expect(matcher.test(open), open).toBe(false);
  });
});

/** URL paths of app/**\/route.ts, route groups removed. */
function findRouteHandlers(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isFile()) return entry.name === 'route.ts' ? [prefix || '/'] : [];
    const segment = /^\(.*\)$/.test(entry.name) ? '' : `/${entry.name}`;
    return findRouteHandlers(path.join(dir, entry.name), prefix + segment);
  });
}
