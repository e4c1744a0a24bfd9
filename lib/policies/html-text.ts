/** Attributes inside a tag, quoted values may contain ">" (linear: the alternatives start differently). */
const ATTRS = `(?:[^>"']|"[^"]*"|'[^']*')*`;

// Content a reader of the policy does not see, or that is the site's chrome rather than the policy.
const DROPPED_ELEMENTS = ['head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'nav', 'header', 'footer', 'iframe', 'object', 'canvas', 'select', 'button'];
const BLOCK_ELEMENTS =
  'address|article|aside|blockquote|body|caption|center|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|form|h[1-6]|hr|html|legend|main|ol|p|pre|section|summary|table|tbody|tfoot|thead|ul';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '',
  copy: '©', reg: '®', trade: '™', sect: '§', para: '¶', deg: '°', middot: '·', bull: '•', hellip: '…',
  ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', euro: '€', pound: '£', yen: '¥', cent: '¢',
  times: '×', divide: '÷', plusmn: '±', frac12: '½', frac14: '¼', frac34: '¾', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  zwnj: '\u200c', zwj: '\u200d', iexcl: '¡', iquest: '¿', ordf: 'ª', ordm: 'º',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', eacute: 'é', egrave: 'è', ecirc: 'ê',
  Eacute: 'É', aacute: 'á', agrave: 'à', acirc: 'â', iacute: 'í', oacute: 'ó', ograve: 'ò', ocirc: 'ô', uacute: 'ú',
  ccedil: 'ç', Ccedil: 'Ç', ntilde: 'ñ', Ntilde: 'Ñ', aring: 'å', Aring: 'Å', aelig: 'æ', oslash: 'ø', Oslash: 'Ø',
};

/** Decodes numeric (&#8217; &#x2019;) and the common named entities; unknown ones stay as written. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const codePoint = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      // NUL, surrogates and out-of-range numbers become the replacement character, as in browsers.
      if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(codePoint);
    }
    return NAMED_ENTITIES[entity] ?? whole;
  });
}

/**
 * The text a person reads on an HTML page, roughly as a browser's reader view shows it: without
 * scripts, styles, navigation, header and footer; block elements on lines of their own, paragraphs
 * separated by one blank line, entities decoded, runs of spaces collapsed.
 */
export function extractReadableText(html: string): string {
  let text = html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ' ');
  for (const element of DROPPED_ELEMENTS) {
    text = text.replace(new RegExp(`<${element}\\b${ATTRS}>[\\s\\S]*?</${element}\\s*>`, 'gi'), '\n');
  }
  // Line ends in HTML source are spaces to a reader; the lines come from the elements below.
  text = text
    .replace(/\s+/g, ' ')
    .replace(new RegExp(`<br\\b${ATTRS}>`, 'gi'), '\n')
    .replace(new RegExp(`<li\\b${ATTRS}>`, 'gi'), '\n• ')
    .replace(new RegExp(`<tr\\b${ATTRS}>`, 'gi'), '\n')
    .replace(new RegExp(`</(?:tr|li)\\s*>`, 'gi'), '')
    .replace(new RegExp(`</?(?:td|th)\\b${ATTRS}>`, 'gi'), ' ')
    .replace(new RegExp(`</?(?:${BLOCK_ELEMENTS})\\b${ATTRS}>`, 'gi'), '\n\n')
    .replace(new RegExp(`</?[a-zA-Z][a-zA-Z0-9-]*${ATTRS}>`, 'g'), '')
    .replace(/<![^>]*>|<\?[^>]*>/g, '');
  return normalizeWhitespace(decodeHtmlEntities(text));
}

/** One space for any run of spaces within a line, no blank line doubled, no spaces at line ends. */
export function normalizeWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
