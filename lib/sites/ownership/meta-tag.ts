import { decodeHtmlEntities } from '@/lib/policies/html-text';

const META_TAG = /<meta\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/**
 * The part of a page a browser puts in <head>: up to </head> or <body>, without comments, scripts
 * and styles. A meta tag in the body does not count: visitors' content (comments, reviews) lives
 * there, and whoever can post it does not control the site.
 */
function headOf(html: string): string {
  const cleaned = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<(script|style|template|noscript)\b(?:[^>"']|"[^"]*"|'[^']*')*>[\s\S]*?<\/\1\s*>/gi, ' ');
  const end = cleaned.search(/<\/head\s*>|<body\b/i);
  return end === -1 ? cleaned : cleaned.slice(0, end);
}

/** A tag's attributes, names lowercased, values entity-decoded; the first of a repeated name wins (as in HTML). */
export function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const inner = tag.replace(/^<meta\b/i, '').replace(/\/?>$/, '');
  for (const match of inner.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeHtmlEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

/**
 * The `content` of every `<meta name="{name}">` in the page's head, in order. Attribute order,
 * quoting (double, single, none), case of tag and attribute names, and the case of the name's
 * value do not matter; the content is returned trimmed, as written.
 */
export function metaContents(html: string, name: string): string[] {
  const wanted = name.toLowerCase();
  const contents: string[] = [];
  for (const [tag] of headOf(html).matchAll(META_TAG)) {
    const attributes = attributesOf(tag);
    if (attributes.get('name')?.trim().toLowerCase() === wanted) contents.push((attributes.get('content') ?? '').trim());
  }
  return contents;
}
