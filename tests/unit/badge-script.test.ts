import { gunzipSync } from 'node:zlib';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BADGE_LOOKS, BADGE_STATES } from '@/lib/badge/badge-states';
import {
  BADGE_SCRIPT_BUDGET_GZIP_BYTES,
  badgeScriptAsset,
  badgeScriptSourcePath,
  buildBadgeScript,
  staticAssetOf,
} from '@/lib/badge/seal-script';

describe('the badge script served at /embed/v1/seal.js', () => {
  it('stays within 2.5 KB gzipped', () => {
    const asset = badgeScriptAsset();
    console.log(`badge script: ${asset.body.length} bytes minified, ${asset.gzip.length} bytes gzipped (budget ${BADGE_SCRIPT_BUDGET_GZIP_BYTES})`);
    expect(BADGE_SCRIPT_BUDGET_GZIP_BYTES).toBe(2560);
    expect(asset.gzip.length).toBeLessThanOrEqual(BADGE_SCRIPT_BUDGET_GZIP_BYTES);
  });

  it('is served as JavaScript, minified, with its gzip form decoding to the same bytes', () => {
    const asset = badgeScriptAsset();
    expect(asset.contentType).toBe('text/javascript; charset=utf-8');
    expect(gunzipSync(asset.gzip).equals(asset.body)).toBe(true);
    // Minified: the source's comments and line breaks are gone.
    expect(fs.readFileSync(badgeScriptSourcePath, 'utf8')).toContain('/*');
    expect(asset.body.toString('utf8')).not.toMatch(/\/\*|\n./);
    expect(badgeScriptAsset()).toBe(asset);
  });

  it('has a strong ETag that changes exactly when the bytes do', () => {
    const etag = badgeScriptAsset().etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(staticAssetOf(Buffer.from(badgeScriptAsset().body), 'text/javascript').etag).toBe(etag);
    expect(staticAssetOf(Buffer.concat([badgeScriptAsset().body, Buffer.from(' ')]), 'text/javascript').etag).not.toBe(etag);
  });

  it('declares nothing on the host page but what runs inside its own function', () => {
    // One arrow function called at once: no top-level var or function leaks into the page's
    // globals; inside, only window.OpenSeal is assigned.
    const code = badgeScriptAsset().body.toString('utf8').trim();
    expect(code.startsWith('(()=>{')).toBe(true);
    expect(code.endsWith('})();')).toBe(true);
    expect(code.match(/window\.\w+/g)?.every((name) => name === 'window.OpenSeal')).toBe(true);
  });

  it('touches no cookie and no storage, and writes no markup or inline styles a strict CSP would block', () => {
    const code = badgeScriptAsset().body.toString('utf8');
    for (const forbidden of ['cookie', 'localStorage', 'sessionStorage', 'indexedDB', 'caches', 'innerHTML', 'eval(', 'new Function', 'setAttribute("style"', 'cssText']) {
      expect(code, forbidden).not.toContain(forbidden);
    }
    expect(code).toContain('credentials:"omit"');
  });

  it('carries every state’s word and accessible meaning from the table the SVG badge uses', () => {
    const code = badgeScriptAsset().body.toString('utf8');
    for (const state of BADGE_STATES) {
      const look = BADGE_LOOKS[state];
      expect(code, state).toContain(`word:"${look.word}"`);
      expect(code, state).toContain(`meaning:${JSON.stringify(look.meaning).replace(/—/g, '\\u2014')}`);
      expect(code, state).toContain(look.icon);
    }
    expect(code).toContain('"openseal-badge"');
  });

  it('refuses to build from a source that lost the place for the table of states', () => {
    expect(() => buildBadgeScript('(() => {})();')).toThrow(/__OPENSEAL_BADGE_LOOKS__/);
  });
});
