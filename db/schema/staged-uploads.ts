import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './column-types';
import { users } from './users';

/**
 * A file sent to the upload route before the form that uses it (docs/adr/0021). The browser holds
 * only the token; the row keeps its SHA-256. Owned by the account that sent it, or, without one,
 * by the anonymous uploader key of that browser (its hash): a token alone attaches nothing.
 * `receivedAt` is null while the file is still arriving; `contentType`, `sha256` and the cleaned
 * `fileName` are final from then on. A form's verb attaches it (copies its chunks into the
 * evidence or attachment row and deletes it) in the transaction that writes its record; rows left
 * unattached are removed after `expiresAt` by the `uploads.expire-staged` job.
 */
export const stagedUploads = pgTable(
  'staged_uploads',
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull(),
    ownerUserId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    ownerKeyHash: text(),
    clientAddress: text().notNull(),
    fileName: text().notNull(),
    contentType: text(),
    sizeBytes: integer().notNull().default(0),
    sha256: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('staged_uploads_token_hash_idx').on(t.tokenHash),
    index('staged_uploads_owner_user_idx').on(t.ownerUserId),
    index('staged_uploads_owner_key_idx').on(t.ownerKeyHash),
    index('staged_uploads_client_address_idx').on(t.clientAddress),
    index('staged_uploads_expires_at_idx').on(t.expiresAt),
  ],
);

/** The bytes of a staged upload, in pieces of at most STAGED_UPLOAD_LIMITS.chunkBytes, each written in its own statement. */
export const stagedUploadChunks = pgTable(
  'staged_upload_chunks',
  {
    uploadId: uuid()
      .notNull()
      .references(() => stagedUploads.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.seq] })],
);

export type StagedUpload = typeof stagedUploads.$inferSelect;
