import { z } from 'zod';
import { isCaseReference } from '@/lib/cases/reference';
import { isComplaintReference } from '@/lib/complaints/reference';
import { normalizeDomain } from '@/lib/domains/normalize';
import { isSealPublicId } from '@/lib/seals/public-id';

/**
 * What a staff member typed into the search box, recognised: an identifier that names records
 * exactly (a seal id, a complaint or case reference, an email address, a domain or a pasted URL),
 * or free text to look for inside names and domains. References are read aloud and copied from
 * mails, so any case is accepted.
 */
export type Recognised =
  | { kind: 'seal'; publicId: string }
  | { kind: 'complaint'; reference: string }
  | { kind: 'case'; reference: string }
  | { kind: 'email'; email: string }
  | { kind: 'domain'; domain: string }
  | { kind: 'text'; text: string };

const Email = z.email();

export function recognise(q: string): Recognised {
  const upper = q.toUpperCase();
  if (isSealPublicId(upper)) return { kind: 'seal', publicId: upper };
  if (isComplaintReference(upper)) return { kind: 'complaint', reference: upper };
  if (isCaseReference(upper)) return { kind: 'case', reference: upper };
  if (Email.safeParse(q).success) return { kind: 'email', email: q.toLowerCase() };
  // A domain has a dot and no space ("Toysmart.com, Inc." is a name); a URL's host is its domain.
  if (q.includes('.') && !/\s/.test(q)) {
    const normalized = normalizeDomain(q);
    if (normalized.ok) return { kind: 'domain', domain: normalized.domain };
  }
  return { kind: 'text', text: q };
}
