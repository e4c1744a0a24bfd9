import { decodeHtmlEntities } from '@/lib/policies/html-text';

/** Attributes inside a tag; quoted values may contain ">" (linear: the alternatives start differently). */
const ATTRS = `(?:[^>"']|"[^"]*"|'[^']*')*`;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const TAGS = new RegExp(`<(script|img|a)\\b${ATTRS}>|</a\\s*>`, 'gi');
/** Elements whose content is text, not markup: a snippet quoted inside them is not on the page. */
const RAW_TEXT = new RegExp(`(<(script|style|textarea|title|xmp)\\b${ATTRS}>)[\\s\\S]*?(</\\2\\s*>|$)`, 'gi');
export const MAX_SNIPPET_LENGTH = 400;

export type BadgeOnPage = { snippet: string };

function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const inner = tag.replace(/^<[a-z]+/i, '').replace(/\/?>$/, '');
  for (const match of inner.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeHtmlEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

/** The path of `reference` resolved against the page, when it is a web address; else null. */
function webPath(reference: string | undefined, pageUrl: string): string | null {
  if (!reference?.trim()) return null;
  try {
    const url = new URL(reference.trim(), pageUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.pathname : null;
  } catch {
    return null;
  }
}

const sameId = (value: string | undefined, sealId: string) => !!value && value.trim().toUpperCase() === sealId.toUpperCase();
const idInPath = (path: string, before: string, after: string, sealId: string) =>
  path.startsWith(before) && path.endsWith(after) && sameId(path.slice(before.length, path.length - after.length), sealId);
const shorten = (text: string) => (text.length > MAX_SNIPPET_LENGTH ? `${text.slice(0, MAX_SNIPPET_LENGTH - 1)}…` : text);

/**
 * Whether the page's markup embeds the badge of `sealId`, in one of the two forms the README gives
 * site owners, and the element that does:
 *
 * - a `<script>` element whose `src` is a web address with the path `/embed/v1/seal.js` and whose
 *   `data-seal-id` is the seal id; or
 * - an `<img>` element whose `src` is a web address with the path `/api/v1/seals/{id}/badge.svg`
 *   (the snippet then also shows the `<a href="…/verify/{id}">` around it, when there is one).
 *
 * Attribute order and quoting, the case of tag and attribute names and of the id, entities in
 * values and the origin of the address do not matter (the authority's address may have changed
 * since the snippet was pasted). Only elements count: the id in text, in a link alone, in an
 * attribute of another element, in a comment, or a snippet quoted inside a script, a style, a
 * textarea or a title is a page that mentions the seal, not one that displays it.
 */
export function findBadgeOnPage(html: string, pageUrl: string, sealId: string): BadgeOnPage | null {
  const markup = html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(RAW_TEXT, '$1$3');
  let openLink: { tag: string; verifies: boolean } | null = null;
  for (const [tag, element] of markup.matchAll(TAGS)) {
    if (!element) {
      openLink = null; // </a>
      continue;
    }
    const name = element.toLowerCase();
    const attributes = attributesOf(tag);
    if (name === 'a') {
      const path = webPath(attributes.get('href'), pageUrl);
      openLink = { tag, verifies: !!path && idInPath(path.replace(/\/$/, ''), '/verify/', '', sealId) };
    } else if (name === 'script') {
      if (webPath(attributes.get('src'), pageUrl) === '/embed/v1/seal.js' && sameId(attributes.get('data-seal-id'), sealId)) return { snippet: shorten(tag) };
    } else {
      const path = webPath(attributes.get('src'), pageUrl);
      if (path && idInPath(path, '/api/v1/seals/', '/badge.svg', sealId)) return { snippet: shorten(openLink?.verifies ? `${openLink.tag}${tag}` : tag) };
    }
  }
  return null;
}
