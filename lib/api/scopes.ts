import type { ApiKeyKind } from '@/db/schema';

/*
 * What each kind of key may be given (issue #17). An organization's key reads that organization's
 * records and answers its notices; a relying party's key reads what is public and manages its
 * webhooks; the authority's own tools read the staff workspace. A key's scopes are chosen from its
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
    'review:read': 'Read the staff lists of seals, complaints and cases (as the key’s creator may)',
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
