import crypto from 'node:crypto';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { badgeSightings } from '@/db/schema';
import { badgeScriptAsset } from '@/lib/badge/seal-script';
import { renderBadgeSvg } from '@/lib/badge/badge-svg';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { expectedDocumentShape, startFastPathServer, type FastPathServer } from './public-status-fixtures';

let database: TestDatabase;
let server: FastPathServer;
let programId: string;
let reviewerId: string;
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewerId = (await seedUser(database.db, { role: 'reviewer' })).id;
  server = await startFastPathServer(database);
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const issuedSeal = (options: { extraDomains?: number } = {}) => seedIssuedSeal(database.db, { programId, reviewerId, issuedAt: new Date(server.clock.now() - 60_000), ...options });

function expectPublicHeaders(response: Response) {
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

describe(`GET /api/v1/seals/{sealId}/status (${testDriver})`, () => {
  it('answers the public contract: every field with its type, and the caching headers', async () => {
    const { seal, site, extras, organization } = await issuedSeal({ extraDomains: 1 });
    const response = await server.fetch(`/api/v1/seals/${seal.publicId}/status`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/); // strong: no W/
    expectPublicHeaders(response);
    const document = await response.json();
    expect(document).toEqual(expectedDocumentShape());
    expect(Object.keys(document)).toEqual(['sealId', 'status', 'holder', 'domains', 'program', 'criteriaVersion', 'issuedAt', 'expiresAt', 'statusChangedAt', 'reason', 'verifyUrl', 'log', 'checkedAt']);
    expect(document).toMatchObject({
      sealId: seal.publicId,
      status: 'active',
      holder: { name: organization.legalName, country: organization.country },
      domains: [site.domain, extras[0]!.domain].sort(),
      program: { slug: 'privacy-seal', name: 'Privacy Seal' },
      issuedAt: seal.issuedAt.toISOString(),
      expiresAt: seal.expiresAt.toISOString(),
      verifyUrl: `${server.origin}/verify/${seal.publicId}`,
      checkedAt: new Date(server.clock.now()).toISOString(),
    });
  });

  it('answers 404 {"error":"not_found"} for an id never issued and for a malformed id', async () => {
    for (const id of ['OS-2222-2222', 'os-not-an-id', '%3Cscript%3E']) {
      const response = await server.fetch(`/api/v1/seals/${id}/status`);
      expect(response.status, id).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expectPublicHeaders(response);
      expect(await response.json()).toEqual({ error: 'not_found' });
    }
  });

  it('answers 304 to If-None-Match while the status is unchanged, though checkedAt moves on', async () => {
    const { seal } = await issuedSeal();
    const first = await server.fetch(`/api/v1/seals/${seal.publicId}/status`);
    const etag = first.headers.get('etag')!;
    await server.clock.tick(5_000);
    const again = await server.fetch(`/api/v1/seals/${seal.publicId}/status`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expectPublicHeaders(again);
    expect(await again.text()).toBe('');
    const other = await server.fetch(`/api/v1/seals/${seal.publicId}/status`, { headers: { 'If-None-Match': '"something-else"' } });
    expect(other.status).toBe(200);
    expect((await other.json()).checkedAt).toBe(new Date(server.clock.now()).toISOString());
  });

  it('answers HEAD with the headers of GET and no body; OPTIONS as a CORS preflight; other methods 405', async () => {
    const { seal } = await issuedSeal();
    const url = `/api/v1/seals/${seal.publicId}/status`;
    const get = await server.fetch(url);
    const getBody = await get.text();
    const head = await server.fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(getBody)));
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');

    const preflight = await server.fetch(url, { method: 'OPTIONS', headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-none-match');

    for (const method of ['POST', 'PUT', 'DELETE']) {
      const refused = await server.fetch(url, { method });
      expect(refused.status, method).toBe(405);
      expect(refused.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect((await refused.json()).error).toBe('method_not_allowed');
    }
  });

  it('puts verifyUrl on the configured origin, in the JSON and inside the signed status, whatever Host the request names', async () => {
    const { seal, site } = await issuedSeal();
    const configured = await startFastPathServer(database, { env: { OPENSEAL_PUBLIC_URL: 'https://seals.example.org/', OPENSEAL_TRUST_PROXY: 'true' } });
    const forged = { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'http' };
    try {
      const expected = `https://seals.example.org/verify/${seal.publicId}`;
      const json = await rawGet(configured.origin, `/api/v1/seals/${seal.publicId}/status`, forged);
      expect(json.status).toBe(200);
      expect(JSON.parse(json.body).verifyUrl).toBe(expected);
      expect(json.headers.vary).toBeUndefined();
      const jws = await rawGet(configured.origin, `/api/v1/seals/${seal.publicId}/status.jws`, forged);
      expect(JSON.parse(Buffer.from(jws.body.split('.')[1]!, 'base64url').toString()).verifyUrl).toBe(expected);
      const list = await rawGet(configured.origin, `/api/v1/seals?domain=${site.domain}`, forged);
      expect(JSON.parse(list.body).seals[0].verifyUrl).toBe(expected);
      // The default configuration (embedded, no OPENSEAL_PUBLIC_URL) has an origin too: never the Host.
      const byDefault = await startFastPathServer(database, { env: { OPENSEAL_PUBLIC_URL: '', PORT: '8080' } });
      try {
        const answer = await rawGet(byDefault.origin, `/api/v1/seals/${seal.publicId}/status.jws`, forged);
        expect(JSON.parse(Buffer.from(answer.body.split('.')[1]!, 'base64url').toString()).verifyUrl).toBe(`http://localhost:8080/verify/${seal.publicId}`);
      } finally {
        await byDefault.close();
      }
    } finally {
      await configured.close();
    }
  });
});

/** A GET with headers fetch() will not send as given (Host), straight over node:http. */
function rawGet(origin: string, target: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${origin}${target}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString() }));
    });
    request.on('error', reject);
  });
}

describe(`GET /api/v1/seals?domain=… (${testDriver})`, () => {
  it('lists the seals of a domain, found by its www. name too, and an empty list for a domain without one', async () => {
    const { seal, site } = await issuedSeal();
    for (const asked of [site.domain, `www.${site.domain}`, site.domain.toUpperCase(), `https://www.${site.domain}/privacy`]) {
      const response = await server.fetch(`/api/v1/seals?domain=${encodeURIComponent(asked)}`);
      expect(response.status, asked).toBe(200);
      expectPublicHeaders(response);
      expect(response.headers.get('etag')).toMatch(/^"/);
      const body = await response.json();
      expect(body.seals).toHaveLength(1);
      expect(body.seals[0]).toEqual(expectedDocumentShape());
      expect(body.seals[0]).toMatchObject({ sealId: seal.publicId, status: 'active' });
    }
    const none = await server.fetch('/api/v1/seals?domain=never-certified.example');
    expect(none.status).toBe(200);
    expect(await none.json()).toEqual({ seals: [] });
  });

  it('answers 400 with a sentence for a missing or malformed domain', async () => {
    const missing = await server.fetch('/api/v1/seals');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'bad_request', message: expect.stringContaining('?domain=') });
    for (const bad of ['not a domain', 'localhost', '192.0.2.1', 'a..example']) {
      const response = await server.fetch(`/api/v1/seals?domain=${encodeURIComponent(bad)}`);
      expect(response.status, bad).toBe(400);
      expectPublicHeaders(response);
      const body = await response.json();
      expect(body.error).toBe('bad_request');
      expect(body.message.length).toBeGreaterThan(10);
    }
  });
});

describe(`signed status, badge image, script and keys (${testDriver})`, () => {
  it('signs the status document as a compact JWS that verifies with a key from /.well-known/jwks.json', async () => {
    const { seal } = await issuedSeal();
    const response = await server.fetch(`/api/v1/seals/${seal.publicId}/status.jws`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jose');
    expectPublicHeaders(response);
    const jws = await response.text();
    const [header, payload, signature] = jws.split('.');
    const { kid, alg } = JSON.parse(Buffer.from(header!, 'base64url').toString());
    expect(alg).toBe('EdDSA');

    const keysResponse = await server.fetch('/.well-known/jwks.json');
    expect(keysResponse.status).toBe(200);
    expectPublicHeaders(keysResponse);
    const { keys } = await keysResponse.json();
    const jwk = keys.find((key: { kid: string }) => key.kid === kid);
    expect(jwk, 'the signing key is published').toBeDefined();
    const publicKey = crypto.createPublicKey({ key: jwk, format: 'jwk' });
    expect(crypto.verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature!, 'base64url'))).toBe(true);

    const { iat, exp, ...document } = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(document).toEqual(expectedDocumentShape());
    expect(document).toMatchObject({ sealId: seal.publicId, status: 'active' });
    expect(iat).toBe(Math.floor(Date.parse(document.checkedAt) / 1000));
    expect(exp).toBe(iat + 24 * 60 * 60);
  });

  it('draws the badge image in the seal’s state, and not-verified for an unknown id or a page the seal does not cover', async () => {
    const { seal, site, organization } = await issuedSeal();
    const svg = (state: Parameters<typeof renderBadgeSvg>[0]['state'], known = true) =>
      renderBadgeSvg({ state, sealId: known ? seal.publicId : null, holderName: known ? organization.legalName : null });
    const url = `/api/v1/seals/${seal.publicId}/badge.svg`;

    const plain = await server.fetch(url);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(plain.headers.get('vary')).toContain('Referer');
    expectPublicHeaders(plain);
    expect(await plain.text()).toBe(svg('active'));

    const onItsSite = await server.fetch(url, { headers: { Referer: `https://www.${site.domain}/checkout` } });
    expect(await onItsSite.text()).toBe(svg('active'));
    const copied = await server.fetch(url, { headers: { Referer: 'https://fraudshop.example/' } });
    expect(copied.status).toBe(200);
    expect(await copied.text()).toBe(svg('not-verified'));
    const unknown = await server.fetch('/api/v1/seals/OS-2222-2222/badge.svg');
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toBe(svg('not-verified', false));

    const revalidated = await server.fetch(url, { headers: { 'If-None-Match': plain.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);
  });

  it('serves seal.js gzipped to clients that accept it, plain to others, each with its own ETag', async () => {
    const asset = badgeScriptAsset();
    const gzipped = await server.fetch('/embed/v1/seal.js', { headers: { 'Accept-Encoding': 'gzip, deflate' }, decompress: false } as RequestInit);
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('content-type')).toBe(asset.contentType);
    expect(gzipped.headers.get('vary')).toContain('Accept-Encoding');
    expectPublicHeaders(gzipped);
    const raw = Buffer.from(await gzipped.arrayBuffer());
    // fetch may already have inflated it; either way the bytes are the script's.
    expect(raw[0] === 0x1f ? gunzipSync(raw) : raw).toEqual(asset.body);

    const plain = await server.fetch('/embed/v1/seal.js', { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer())).toEqual(asset.body);
    expect(plain.headers.get('etag')).not.toBe(gzipped.headers.get('etag'));

    const revalidated = await server.fetch('/embed/v1/seal.js', { headers: { 'Accept-Encoding': 'identity', 'If-None-Match': plain.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);
  });

  it('leaves every other URL to the next handler', async () => {
    for (const path of ['/api/v1/seals/OS-2222-2222', '/api/v1/seals/OS-2222-2222/history', '/api/v1/programs', '/verify/OS-2222-2222', '/embed/v1/other.js']) {
      expect((await server.fetch(path)).status, path).toBe(418);
    }
  });
});

describe(`copied badges (${testDriver})`, () => {
  it('counts status and badge requests from pages the seal does not cover, and none from its own domains or this platform', async () => {
    const { seal, site } = await issuedSeal();
    const status = `/api/v1/seals/${seal.publicId}/status`;
    const badge = `/api/v1/seals/${seal.publicId}/badge.svg`;
    await server.fetch(status, { headers: { Origin: 'https://fraudshop.example' } });
    await server.fetch(badge, { headers: { Referer: 'https://www.fraudshop.example/checkout' } });
    await server.fetch(badge, { headers: { Referer: 'https://www.fraudshop.example/cart' } });
    await server.fetch(status, { headers: { Origin: `https://www.${site.domain}` } });
    await server.fetch(badge, { headers: { Referer: `https://${site.domain}/` } });
    await server.fetch(badge, { headers: { Referer: `${server.origin}/verify/${seal.publicId}` } });
    await server.fastPath.service.sightings.flush();
    const rows = await database.db.select().from(badgeSightings).where(eq(badgeSightings.sealId, seal.id)).orderBy(asc(badgeSightings.host));
    expect(rows.map((row) => [row.host, row.requestCount])).toEqual([
      ['fraudshop.example', 1],
      ['www.fraudshop.example', 2],
    ]);
  });
});

describe(`failures (${testDriver})`, () => {
  it('answers 500 {"error":"internal"} without a stack when the database is gone', async () => {
    const broken = await freshDatabase();
    const brokenServer = await startFastPathServer(broken);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      await broken.close();
      const response = await brokenServer.fetch('/api/v1/seals/OS-2222-2222/status');
      expect(response.status).toBe(500);
      expectPublicHeaders(response);
      expect(await response.text()).toBe('{"error":"internal"}');
      expect(errors.length, 'the failure is logged').toBeGreaterThan(0);
    } finally {
      console.error = original;
      await brokenServer.close();
    }
  });
});
