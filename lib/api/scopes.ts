import type { ApiKeyKind } from '@/db/schema';

/*
 * What each kind of key may be given (issue #17). An organization's key reads that organization's
 * records and answers its notices; a relying party's key reads what is public and manages its
 * webhooks; the authority's own tools read the staff workspace and act in it, as their creator. A key's scopes are chosen from its
 * kind's list when it is made and never grow.
 */

export const API_SCOPES = {
  organization: {
    'seals:read': 'Read the organization’s seals',
    'applications:read': 'Read the organization’s applications',
    'cases:read': 'Read the organization’s cases and the notices in them',
    'cases:respond': 'Respond to notices in the organization’s cases',
    'webhooks:manage': 'Register webhooks for the organization’s seals and cases (its creator must be an owner)',
  },
  relying_party: {
    'public:read': 'Read public seal statuses, in bulk too',
    'webhooks:manage': 'Register webhooks for public status changes and log checkpoints',
  },
  authority: {
    'review:read': 'Read the staff lists of complaints and cases, and one case (as the key’s creator may)',
    'review:triage': 'Open a case from a complaint, or dismiss a complaint (as the key’s creator)',
    'review:notices': 'Send notices to sites in cases (as the key’s creator)',
    'review:decide': 'Decide cases: every outcome but revocation (as the key’s creator)',
    'review:revoke': 'Propose a revocation, and confirm one another person proposed (four eyes)',
  },
} as const satisfies Record<ApiKeyKind, Record<string, string>>;

export type ApiScope = { [K in ApiKeyKind]: keyof (typeof API_SCOPES)[K] }[ApiKeyKind];

export function scopesOf(kind: ApiKeyKind): string[] {
  return Object.keys(API_SCOPES[kind]);
}

export const apiKeyKindLabels: Record<ApiKeyKind, string> = {
  organization: 'Organization',
  relying_party: 'Relying party',
  authority: 'Authority tool',
};
