import { sql } from 'drizzle-orm';
import { bigint, check, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from './column-types';

/*
 * The public log of seal events (ADR 0023). The entries are the seal_events rows (log_index,
 * log_entry); these tables hold the rest: how many indexes are given, the tree's stored hashes and
 * the signed checkpoints. All three are append-only in the database, except the one counter row.
 */

/**
 * One row: the number of indexes given so far. A transaction that records seal events adds to it
 * (`update … returning`), and the row lock it then holds until it commits is what makes indexes
 * consecutive, with no gap and no duplicate, among concurrent transitions.
 */
export const logHead = pgTable(
  'log_head',
  {
    id: smallint().primaryKey().default(1),
    size: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [check('log_head_single_row', sql`${t.id} = 1`)],
);

/**
 * Every full subtree's hash, by level and index: level 0 holds the leaf hashes, the node (l, i)
 * covers the leaves [i·2^l, (i+1)·2^l). A tlog-tiles tile is a range of one level that is a multiple
 * of 8. Written by the checkpointer for the tree it signs, never before.
 */
export const logHashes = pgTable(
  'log_hashes',
  {
    level: smallint().notNull(),
    index: bigint({ mode: 'number' }).notNull(),
    hash: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.index] })],
);

/** Every signed checkpoint (C2SP tlog-checkpoint), by tree size: never one for a smaller tree than the last. */
export const logCheckpoints = pgTable('log_checkpoints', {
  size: bigint({ mode: 'number' }).primaryKey(),
  rootHash: bytea().notNull(),
  /** The signed note as served at /log/checkpoint. */
  note: text().notNull(),
  signedAt: timestamp({ withTimezone: true }).notNull(),
});

export type LogCheckpoint = typeof logCheckpoints.$inferSelect;

/**
 * Witnesses' cosignatures of checkpoints (C2SP tlog-cosignature lines, ADR 0023 amendment): served
 * after the log's own signature at /log/checkpoint, so that a client can see that independent
 * witnesses verified the tree is consistent with every one they saw before.
 */
export const logCosignatures = pgTable(
  'log_cosignatures',
  {
    size: bigint({ mode: 'number' })
      .notNull()
      .references(() => logCheckpoints.size),
    /** The witness's key name. */
    witness: text().notNull(),
    /** The signature line, as the witness gave it (ending in a newline). */
    line: text().notNull(),
    cosignedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.size, t.witness] })],
);
