import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from './column-types';

/**
 * The daily export of every public status (issue #17, item 5): JSON Lines, one status document per
 * seal, stored gzipped with its SHA-256 and a detached Ed25519 JWS over that hash, for relying
 * parties that check badges offline. The newest few days are kept.
 */
export const statusExports = pgTable('status_exports', {
  /** The UTC day it was made for, YYYY-MM-DD: one export a day. */
  day: text().primaryKey(),
  generatedAt: timestamp({ withTimezone: true }).notNull(),
  sealCount: integer().notNull(),
  /** SHA-256 (hex) of the JSON Lines as served without compression. */
  sha256: text().notNull(),
  bytes: integer().notNull(),
  /** The JSON Lines, gzipped. */
  body: bytea().notNull(),
  /** Compact JWS (EdDSA, the status signing key, JWKS at /.well-known/jwks.json) over `{day, generatedAt, sealCount, sha256, bytes}`. */
  signature: text().notNull(),
});

export type StatusExport = typeof statusExports.$inferSelect;
