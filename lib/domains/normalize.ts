import { isIP } from 'node:net';

export type NormalizedDomain = { ok: true; domain: string } | { ok: false; problem: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Turns what a person typed ("https://WWW.Toysmart.example:443/privacy", "bücher.example.") into
 * the domain we register ("toysmart.example", "xn--bcher-kva.example"), or says what is wrong.
 * A leading `www.` is dropped: a site covers its `www.` name too (docs/adr/0004).
 */
export function normalizeDomain(input: string): NormalizedDomain {
  const typed = input.trim();
  if (!typed) return { ok: false, problem: 'Enter a domain name, like example.com.' };
  if (/\s/.test(typed)) return { ok: false, problem: 'A domain name cannot contain spaces.' };

  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `http://${typed}`);
  } catch {
    return { ok: false, problem: `“${typed}” is not a valid domain name. Use letters, digits and hyphens, like example.com.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'Enter a web domain (http or https), like example.com.' };
  if (url.username || url.password) return { ok: false, problem: 'Enter only the domain name, without a user name or password.' };

  // URL has lowercased the name and converted an internationalised one to punycode.
  let host = url.hostname.replace(/\.$/, '');
  if (host.startsWith('[') || isIP(host)) return { ok: false, problem: 'Enter a domain name, not an IP address.' };
  if (host.startsWith('www.') && host.split('.').length > 2) host = host.slice(4);

  const labels = host.split('.');
  if (labels.length < 2) return { ok: false, problem: `“${host}” is not a public domain name: it needs a dot and an ending such as .com or .org.` };
  if (host.length > 253) return { ok: false, problem: 'This domain name is longer than the 253 characters DNS allows.' };
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    return {
      ok: false,
      problem: bad.length === 0
        ? 'The domain name has an empty part (two dots in a row).'
        : `“${bad}” is not a valid part of a domain name: use letters, digits and hyphens, at most 63 characters, not starting or ending with a hyphen.`,
    };
  }
  if (/^\d+$/.test(labels.at(-1)!)) return { ok: false, problem: 'A domain name cannot end in a number.' };
  return { ok: true, domain: host };
}

/** The names a proven site covers: itself and its `www.` name. */
export function coveredHostnames(domain: string): string[] {
  return [domain, `www.${domain}`];
}
