import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { users } from './users';

/*
 * Keys for integrators (issue #17, ADR 0026). A key acts as the person who created it, never as
 * more: each call re-reads that person (a disabled creator's keys stop working; an owner who left
 * the organization can no longer read it), and the key's scopes narrow what it may do further.
 */

export const apiKeyKinds = ['organization', 'relying_party', 'authority'] as const;
export type ApiKeyKind = (typeof apiKeyKinds)[number];
export const apiKeyKind = pgEnum('api_key_kind', apiKeyKinds);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The key's public part, in the token after `osk_` and in lists: 12 lowercase base32 letters. */
    publicId: text().notNull(),
    kind: apiKeyKind().notNull(),
    /** An organization's own key: the only organization it can read or act for. Null for the other kinds. */
    organizationId: uuid().references(() => organizations.id),
    name: text().notNull(),
    scopes: jsonb().$type<string[]>().notNull(),
    /** SHA-256 of the secret part (256 random bits: a slow hash adds nothing). The token itself is shown once. */
    secretSha256: text().notNull(),
    createdById: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    /** Calls a minute this key may make; null: its kind's default (lib/api/rate-limit.ts). Set by an admin for a busy relying party. */
    callsPerMinute: integer(),
    /** Written at most once a minute per key, so a busy key does not write on every call. */
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedById: uuid().references(() => users.id),
  },
  (t) => [uniqueIndex('api_keys_public_id_key').on(t.publicId), index('api_keys_organization_idx').on(t.organizationId, t.createdAt)],
);

/** One row per call made with a key: what was asked and how it was answered (the key's own trail). */
export const apiKeyCalls = pgTable(
  'api_key_calls',
  {
    id: uuid().primaryKey().defaultRandom(),
    keyId: uuid()
      .notNull()
      .references(() => apiKeys.id),
    method: text().notNull(),
    path: text().notNull(),
    status: integer().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('api_key_calls_key_idx').on(t.keyId, t.at)],
);

/**
 * The calls each key made in a minute, counted by every server process on PostgreSQL (lib/api/rate-limit.ts):
 * one row per key and minute, deleted a few minutes later. No foreign key: a row outlives nothing.
 */
export const apiRateWindows = pgTable(
  'api_rate_windows',
  {
    keyId: uuid().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    used: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.windowStart] }), index('api_rate_windows_start_idx').on(t.windowStart)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
