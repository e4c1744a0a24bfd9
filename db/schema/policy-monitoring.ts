import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { complaints } from './complaints';
import { programs } from './programs';
import { seals } from './seals';
import { users } from './users';

/**
 * Policy monitoring (issue #16): every active or suspended seal whose privacy policy was captured
 * from a URL is fetched again on a schedule and compared with the text it was certified on.
 */

/**
 * One row per watched seal: what it was certified on, when it is next due, how the last check
 * went. An unchanged check updates this row only (no row per day).
 */
export const policyMonitors = pgTable(
  'policy_monitors',
  {
    sealId: uuid()
      .primaryKey()
      .references(() => seals.id),
    /** The address the certified text was captured from (after redirects). */
    url: text().notNull(),
    /** Lower-case host of `url`: one host is fetched at most once a minute. */
    host: text().notNull(),
    certifiedText: text().notNull(),
    certifiedSha256: text().notNull(),
    /** When the text was certified: the application's capture, or a reviewer's acceptance of a change. */
    certifiedAt: timestamp({ withTimezone: true }).notNull(),
    /** Who accepted the current text as certified; null for the text of the approved application. */
    certifiedById: uuid().references(() => users.id),
    nextCheckAt: timestamp({ withTimezone: true }).notNull(),
    lastCheckedAt: timestamp({ withTimezone: true }),
    lastOutcome: text(),
    /** The first failed fetch of the current run of failures; null while the policy can be read. */
    failingSince: timestamp({ withTimezone: true }),
    failedChecks: integer().notNull().default(0),
    lastProblem: text(),
    /** The complaint opened for the current run of failures (one per run). */
    unreachableComplaintId: uuid().references(() => complaints.id),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('policy_monitors_due_idx').on(t.nextCheckAt), index('policy_monitors_host_idx').on(t.host, t.lastCheckedAt)],
);

export const policyChangeClassifications = ['material', 'editorial'] as const;
export type PolicyChangeClassification = (typeof policyChangeClassifications)[number];
export const policyChangeClassification = pgEnum('policy_change_classification', policyChangeClassifications);

export const policyChangeStates = ['open', 'accepted'] as const;
export type PolicyChangeState = (typeof policyChangeStates)[number];
export const policyChangeState = pgEnum('policy_change_state', policyChangeStates);

/** A part of a word-level diff, as the diff library gives it: kept, added or removed text. */
export type PolicyDiffPart = { value: string; added?: boolean; removed?: boolean };
/** A rule of the rule set that a changed passage touched. */
export type PolicyRuleMatch = { rule: string; label: string; words: string[]; passage: string };

/** A text found different from the certified one: its snapshot, its diff and how it was classified. */
export const policyChanges = pgTable(
  'policy_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    sealId: uuid()
      .notNull()
      .references(() => seals.id),
    fetchedAt: timestamp({ withTimezone: true }).notNull(),
    url: text().notNull(),
    sha256: text().notNull(),
    text: text().notNull(),
    /** The certified text it was compared with. */
    certifiedSha256: text().notNull(),
    diff: jsonb().$type<PolicyDiffPart[]>().notNull(),
    classification: policyChangeClassification().notNull(),
    matches: jsonb().$type<PolicyRuleMatch[]>().notNull(),
    /** The rule set (program, version) that classified it. */
    ruleSetVersion: integer().notNull(),
    state: policyChangeState().notNull().default('open'),
    /** A material change's monitor complaint. */
    complaintId: uuid().references(() => complaints.id),
    acceptedById: uuid().references(() => users.id),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptNote: text(),
    /** The holder's word on the change, written in the portal; reviewers read it beside the diff. */
    holderExplanation: text(),
    explainedById: uuid().references(() => users.id),
    explainedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('policy_changes_seal_idx').on(t.sealId, t.fetchedAt),
    index('policy_changes_open_idx').on(t.classification, t.fetchedAt).where(sql`${t.state} = 'open'`),
    // The complaint page shows the change a monitor complaint was opened for.
    index('policy_changes_complaint_idx').on(t.complaintId).where(sql`${t.complaintId} is not null`),
  ],
);

/**
 * The rules that tell a material change from an editorial one, per program, versioned like its
 * criteria: an edit is a new version, and each change names the version that classified it.
 */
export type PolicyRule = {
  id: string;
  label: string;
  /** Words or word beginnings ("sell", "third part") looked for in a changed passage or its section heading. */
  keywords: string[];
  /** The category of the monitor complaint a material change under this rule opens. */
  category: 'data_sale' | 'third_party_sharing' | 'ignored_opt_out' | 'security_incident' | 'other';
  /** Sale or transfer of data, or a change of control: the complaint goes on the fast track. */
  fastTrack: boolean;
};

export const policyRuleSets = pgTable(
  'policy_rule_sets',
  {
    id: uuid().primaryKey().defaultRandom(),
    programId: uuid()
      .notNull()
      .references(() => programs.id),
    version: integer().notNull(),
    rules: jsonb().$type<PolicyRule[]>().notNull(),
    /** What the admin who saved this version changed and why. */
    note: text().notNull().default(''),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('policy_rule_sets_program_version_key').on(t.programId, t.version)],
);

export type PolicyMonitor = typeof policyMonitors.$inferSelect;
export type PolicyChange = typeof policyChanges.$inferSelect;
export type PolicyRuleSet = typeof policyRuleSets.$inferSelect;
