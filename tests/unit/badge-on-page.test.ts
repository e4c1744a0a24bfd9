import { describe, expect, it } from 'vitest';
import { findBadgeOnPage, MAX_SNIPPET_LENGTH } from '@/lib/complaints/badge-on-page';

const ID = 'OS-7KQ2-9XF4';
const PAGE = 'https://fraudshop.example/';
const ORIGIN = 'https://seal.example.org';
const page = (body: string) => `<!doctype html><html><head><title>Shop</title></head><body>${body}</body></html>`;

describe('findBadgeOnPage: the badge counts as displayed', () => {
  it.each([
    ['the README snippet', `<script async src="${ORIGIN}/embed/v1/seal.js" data-seal-id="${ID}"></script>`],
    ['attributes in another order, single quotes', `<script data-seal-id='${ID}' async src='${ORIGIN}/embed/v1/seal.js'></script>`],
    ['no quotes, upper-case tag and names', `<SCRIPT ASYNC SRC=${ORIGIN}/embed/v1/seal.js DATA-SEAL-ID=${ID}></SCRIPT>`],
    ['a lower-case id with spaces around it', `<script src="${ORIGIN}/embed/v1/seal.js" data-seal-id=" ${ID.toLowerCase()} "></script>`],
    ['a protocol-relative address on another origin', `<script src="//badges.other-authority.example/embed/v1/seal.js" data-seal-id="${ID}"></script>`],
    ['entities in the values', `<script src="${ORIGIN}/embed/v1/seal.js" data-seal-id="OS&#45;7KQ2-9XF4"></script>`],
    ['the image', `<img src="${ORIGIN}/api/v1/seals/${ID}/badge.svg" width="220" height="48" alt="seal">`],
    ['the image with a query and a lower-case id', `<img alt="" src="${ORIGIN}/api/v1/seals/${ID.toLowerCase()}/badge.svg?v=2">`],
  ])('%s', (_name, snippet) => {
    expect(findBadgeOnPage(page(`<p>Welcome</p>${snippet}`), PAGE, ID)).not.toBeNull();
  });

  it('returns the element as found: the script tag, or the image with the verify link around it', () => {
    const script = `<script async src="${ORIGIN}/embed/v1/seal.js" data-seal-id="${ID}">`;
    expect(findBadgeOnPage(page(`${script}</script>`), PAGE, ID)).toEqual({ snippet: script });
    const link = `<a href="${ORIGIN}/verify/${ID}">`;
    const image = `<img src="${ORIGIN}/api/v1/seals/${ID}/badge.svg" alt="OpenSeal privacy seal">`;
    expect(findBadgeOnPage(page(`${link}${image}</a>`), PAGE, ID)).toEqual({ snippet: `${link}${image}` });
    expect(findBadgeOnPage(page(`${link}Verify</a>${image}`), PAGE, ID)).toEqual({ snippet: image });
  });

  it('keeps a long element to a bounded length', () => {
    const snippet = `<script src="${ORIGIN}/embed/v1/seal.js" data-seal-id="${ID}" data-padding="${'x'.repeat(1000)}"></script>`;
    expect(findBadgeOnPage(page(snippet), PAGE, ID)!.snippet).toHaveLength(MAX_SNIPPET_LENGTH);
  });
});

describe('findBadgeOnPage: a page that only mentions the seal does not count', () => {
  it.each([
    ['the id in text', `<p>We were certified under ${ID} once.</p>`],
    ['a link to the verification page alone', `<a href="${ORIGIN}/verify/${ID}">See our seal</a>`],
    ['the snippet shown as code', `<pre>&lt;script src="${ORIGIN}/embed/v1/seal.js" data-seal-id="${ID}"&gt;&lt;/script&gt;</pre>`],
    ['the snippet in a comment', `<!-- <script src="${ORIGIN}/embed/v1/seal.js" data-seal-id="${ID}"></script> -->`],
    ['the snippet in a textarea', `<textarea><script src="${ORIGIN}/embed/v1/seal.js" data-seal-id="${ID}"></script></textarea>`],
    ['the snippet inside a script’s text', `<script>const example = '<img src="${ORIGIN}/api/v1/seals/${ID}/badge.svg">';</script>`],
    ['the id on another element', `<div data-seal-id="${ID}" data-src="${ORIGIN}/embed/v1/seal.js"></div>`],
    ['the script for another seal', `<script src="${ORIGIN}/embed/v1/seal.js" data-seal-id="OS-2222-2222"></script>`],
    ['the script without an id', `<script src="${ORIGIN}/embed/v1/seal.js"></script><span data-seal-id="${ID}"></span>`],
    ['another script with the id', `<script src="${ORIGIN}/embed/v1/seal.js.map" data-seal-id="${ID}"></script>`],
    ['the image of another seal', `<img src="${ORIGIN}/api/v1/seals/OS-2222-2222/badge.svg">`],
    ['the image address as a link', `<a href="${ORIGIN}/api/v1/seals/${ID}/badge.svg">our badge</a>`],
    ['the image address in text', `<p>${ORIGIN}/api/v1/seals/${ID}/badge.svg</p>`],
    ['a javascript: address', `<script src="javascript:/embed/v1/seal.js" data-seal-id="${ID}"></script>`],
  ])('%s', (_name, snippet) => {
    expect(findBadgeOnPage(page(snippet), PAGE, ID)).toBeNull();
  });
});
