import { z } from 'zod';


/** ISO 3166-1 alpha-2, checked against the names the runtime knows (Intl.DisplayNames). */
export const countryField = z
  .string({ message: 'Choose a country.' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'Choose a country.')
  .refine((code) => countryName(code) !== null, 'Choose a country from the list.');

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export function countryName(code: string): string | null {
  try {
    // Deprecated codes (YU, SU, AN…) canonicalise to another: only the current code counts.
    if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) return null;
    const name = regionNames.of(code);
    return name && name !== code ? name : null;
  } catch {
    return null;
  }
}

/** Codes that name groupings (EU, UN) or are reserved for private use (AA, QM–QZ, XA–XZ but Kosovo, ZZ). */
function isGroupingOrPrivateUse(code: string): boolean {
  return ['AA', 'EU', 'EZ', 'UN', 'ZZ'].includes(code) || /^Q[M-Z]$/.test(code) || (/^X[A-Z]$/.test(code) && code !== 'XK');
}

/** The country list for forms: every two-letter code the runtime can name, sorted by name. */
export function countryOptions(): Array<{ code: string; name: string }> {
  const options: Array<{ code: string; name: string }> = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = countryName(code);
      if (name && !isGroupingOrPrivateUse(code)) options.push({ code, name });
    }
  }
  return options.sort((x, y) => x.name.localeCompare(y.name));
}

export const websiteField = z
  .string()
  .trim()
  .max(300)
  .optional()
  .transform((value) => (value ? value : undefined))
  .pipe(z.url({ protocol: /^https?$/, message: 'Enter the website as a full address, like https://example.com.' }).optional());
