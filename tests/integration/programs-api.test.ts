import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock } from '@/lib/clock';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { getProgramBySlug, listPrograms } from '@/lib/programs/queries';
import { programDocument, programListDocument } from '@/lib/programs/public-documents';
import { etagOf, matchesIfNoneMatch, publicJson, publicNotFound } from '@/lib/programs/public-json';
import { createCriteriaDraft } from '@/lib/services/programs/create-criteria-draft';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
  const { program } = await ensureDefaultProgram(database.db, createTestClock(new Date('2026-12-01T09:00:00Z')));
  // An open draft must not leak into the public documents.
  const admin = contextFor(database.db, actorOf(await seedUser(database.db, { role: 'admin' })));
  await createCriteriaDraft({ ctx: admin, input: { programId: program.id } });
});
afterAll(async () => {
  await database?.close();
});

const request = (headers: Record<string, string> = {}) => new Request('http://localhost/api/v1/programs/privacy-seal', { headers });

describe(`the public programs documents (${testDriver})`, () => {
  it('lists each program with slug, name and current version only', async () => {
    expect(programListDocument(await listPrograms(database.db))).toEqual({ programs: [{ slug: 'privacy-seal', name: 'Privacy Seal', currentVersion: 1 }] });
  });

  it('describes the program and its published versions, each criterion with the contract fields', async () => {
    const document = programDocument((await getProgramBySlug(database.db, 'privacy-seal'))!);
    expect(Object.keys(document).sort()).toEqual(['currentVersion', 'name', 'sealValidityMonths', 'slug', 'summary', 'versions']);
    expect(document).toMatchObject({ slug: 'privacy-seal', name: 'Privacy Seal', currentVersion: 1, sealValidityMonths: 12 });
    expect(document.versions.map((version) => [version.version, version.publishedAt])).toEqual([[1, '2026-12-01T09:00:00.000Z']]);
    const clause = document.versions[0]!.criteria.find((criterion) => criterion.id === 'change-of-control')!;
    expect(Object.keys(clause).sort()).toEqual(['commitments', 'evidence', 'guidance', 'id', 'mandatory', 'question', 'title']);
    expect(clause).toMatchObject({ mandatory: true, evidence: { required: true, prompt: expect.stringContaining('bankruptcy') } });
    expect(clause.commitments).toHaveLength(3);
    const cookies = document.versions[0]!.criteria.find((criterion) => criterion.id === 'cookies-and-tracking')!;
    expect(cookies.mandatory).toBe(false);
  });
});

describe('public JSON responses', () => {
  it('carry the cache, CORS and ETag headers', async () => {
    const response = publicJson(request(), { hello: 'world' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('etag')).toBe(etagOf('{"hello":"world"}'));
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('answer a matching If-None-Match with an empty 304, and a changed body with a new ETag', async () => {
    const etag = etagOf(JSON.stringify({ hello: 'world' }));
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = publicJson(request({ 'If-None-Match': header }), { hello: 'world' });
      expect(response.status, header).toBe(304);
      expect(await response.text()).toBe('');
      expect(response.headers.get('etag')).toBe(etag);
    }
    const changed = publicJson(request({ 'If-None-Match': etag }), { hello: 'there' });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(matchesIfNoneMatch(null, etag)).toBe(false);
  });

  it('answer an unknown program with 404 { error: "not_found" }, even with a matching If-None-Match', async () => {
    const first = publicNotFound(request());
    expect(first.status).toBe(404);
    expect(await first.json()).toEqual({ error: 'not_found' });
    const again = publicNotFound(request({ 'If-None-Match': first.headers.get('etag')! }));
    expect(again.status).toBe(404);
  });
});
