import type { VerificationMethod } from '@/db/schema/sites';

/** The name of the TXT record prefix, the meta tag and the well-known file. */
export const VERIFICATION_NAME = 'openseal-verification';
export const VERIFICATION_FILE_PATH = '/.well-known/openseal-verification.txt';

export type OwnershipInstructions = {
  dns: { method: 'dns'; recordType: 'TXT'; name: string; value: string; where: string };
  meta: { method: 'meta'; page: string; tag: string; where: string };
  file: { method: 'file'; path: string; url: string; content: string; where: string };
};

/** The TXT record's value: `openseal-verification=<token>`. */
export function dnsRecordValue(token: string): string {
  return `${VERIFICATION_NAME}=${token}`;
}

/**
 * What an applicant publishes to prove control of `domain`, for each method: the exact text to
 * copy and where it goes. The checks accept exactly what these instructions show.
 */
export function ownershipInstructions(domain: string, token: string): OwnershipInstructions {
  const tag = `<meta name="${VERIFICATION_NAME}" content="${token}">`;
  return {
    dns: {
      method: 'dns',
      recordType: 'TXT',
      name: domain,
      value: dnsRecordValue(token),
      where: `Add a TXT record to ${domain} itself (not to a subdomain) with the value ${dnsRecordValue(token)}. Other TXT records may stay.`,
    },
    meta: {
      method: 'meta',
      page: `https://${domain}/`,
      tag,
      where: `Put ${tag} inside the <head> of the home page, https://${domain}/. It is read over HTTPS only, from ${domain} or, after a redirect, www.${domain}.`,
    },
    file: {
      method: 'file',
      path: VERIFICATION_FILE_PATH,
      url: `https://${domain}${VERIFICATION_FILE_PATH}`,
      content: token,
      where: `Publish a plain-text file at https://${domain}${VERIFICATION_FILE_PATH} that contains only ${token}. It is read over HTTPS only, from ${domain} or, after a redirect, www.${domain}.`,
    },
  };
}

export type { VerificationMethod };
