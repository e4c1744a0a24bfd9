import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import { BADGE_LOOKS, type BadgeLook } from './badge-states';

export type StaticAsset = { body: Buffer; gzip: Buffer; etag: string; contentType: string };

/**
 * The readable source, found from the project root like the migrations (db/client.ts): the Next
 * bundle and the custom server both run from there, and neither keeps this module's own location.
 */
export const badgeScriptSourcePath = path.join(process.cwd(), 'lib', 'badge', 'seal-script.source.js');

/** The README promises 2.5 KB gzipped; tests/unit/badge-script.test.ts holds the script to it. */
export const BADGE_SCRIPT_BUDGET_GZIP_BYTES = 2560;

/** Shown while the status is on its way; not one of the contract's six final states. */
const LOADING_LOOK: BadgeLook = {
  word: 'CHECKING…',
  meaning: 'checking the status',
  color: '#4d5561',
  icon: 'M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20z',
  dashed: true,
};

const LOOKS_PLACEHOLDER = '__OPENSEAL_BADGE_LOOKS__;';

/**
 * The script as served: the shared table of states written in where the source names it (inside
 * the script's own function: esbuild's `define` would hoist an object into a page-wide `var`), then
 * minified.
 */
export function buildBadgeScript(source: string): string {
  const at = source.indexOf(`= ${LOOKS_PLACEHOLDER}`);
  if (at < 0) throw new Error(`The badge script source has no "= ${LOOKS_PLACEHOLDER}" to fill in.`);
  const looks = JSON.stringify({ ...BADGE_LOOKS, loading: LOADING_LOOK });
  const filled = `${source.slice(0, at)}= ${looks};${source.slice(at + LOOKS_PLACEHOLDER.length + 2)}`;
  return transformSync(filled, { loader: 'js', minify: true, target: 'es2020', legalComments: 'none' }).code;
}

/** A body ready to serve: gzipped once, with a strong ETag that is the body's hash. */
export function staticAssetOf(body: Buffer, contentType: string): StaticAsset {
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`,
    contentType,
  };
}

let memo: StaticAsset | null = null;

/**
 * `/embed/v1/seal.js`, built once per process. The ETag changes exactly when the script does, and
 * every instance of one release sends the same one.
 */
export function badgeScriptAsset(): StaticAsset {
  memo ??= staticAssetOf(
    Buffer.from(buildBadgeScript(fs.readFileSync(badgeScriptSourcePath, 'utf8'))),
    'text/javascript; charset=utf-8',
  );
  return memo;
}
