import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { revocationReason, seals } from './seals';
import { users } from './users';
import { bytea } from './column-types';

/**
 * Cases: the investigation that complaints are triaged into, or that a change-of-control declaration
 * opens (DESIGN.md "Case"). State machine:
 *
 *   open → awaiting_site_response → in_review → decided → closed
 *   decided → awaiting_site_response   (corrective action with a due date)
 *   decided → appealed → decided       (decided by a reviewer who took no part in the case)
 *
 * Every transition is a conditional update with its audit event in one transaction (lib/services/cases).
 */
/** `authority`: a case the seal authority opens on its own motion, e.g. to propose a revocation from the seal page. */
export const caseKinds = ['complaint', 'change_of_control', 'authority'] as const;
export type CaseKind = (typeof caseKinds)[number];
export const caseKind = pgEnum('case_kind', caseKinds);

export const caseStatuses = ['open', 'awaiting_site_response', 'in_review', 'decided', 'appealed', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const caseStatus = pgEnum('case_status', caseStatuses);

export const cases = pgTable(
  'cases',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** `K-XXXX-XXXX`: what reviewers and the site quote. */
    reference: text().notNull(),
    kind: caseKind().notNull(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    /** The seal concerned, when there is one (a case may be about an uncertified site). */
    sealId: uuid().references(() => seals.id),
    /** The domain concerned, normalised. */
    domain: text(),
    /** A one-line summary reviewers see in the queue. */
    title: text().notNull(),
    status: caseStatus().notNull().default('open'),
    assignedReviewerId: uuid().references(() => users.id),
    openedById: uuid().references(() => users.id),
    /** Handled before the rest: a data-sale complaint about a seal holder, or a change of control. */
    fastTrack: boolean().notNull().default(false),
    /** While awaiting the site: when its response is due (notice or corrective action). */
    responseDueAt: timestamp({ withTimezone: true }),
    /** 0 none; 1 overdue (site reminded, reviewer told); 2 grace period over (reviewer prompted to suspend). */
    escalationLevel: integer().notNull().default(0),
    escalatedAt: timestamp({ withTimezone: true }),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    decidedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('cases_reference_key').on(t.reference),
    index('cases_status_due_idx').on(t.status, t.responseDueAt),
    index('cases_organization_idx').on(t.organizationId),
    index('cases_seal_idx').on(t.sealId),
    // The staff list (lib/services/cases/list-cases.ts, ADR 0013). Cases not closed, in the queue's
    // order: fast track first, the most escalated, the nearest deadline (none last), the oldest.
    index('cases_queue_idx')
      .on(sql`(not ${t.fastTrack})`, sql`(- ${t.escalationLevel})`, sql`coalesce(${t.responseDueAt}, 'infinity'::timestamptz)`, t.openedAt, t.id)
      .where(sql`${t.status} <> 'closed'`),
    // Closed cases and all cases: newest first.
    index('cases_opened_id_idx').on(t.openedAt, t.id),
    // The list's kind and "mine" filters on closed and all cases (ADR 0013, amendment): one range
    // each, newest first, instead of walking every case for a kind or a reviewer that has few.
    index('cases_kind_opened_id_idx').on(t.kind, t.openedAt, t.id),
    index('cases_assignee_opened_id_idx').on(t.assignedReviewerId, t.openedAt, t.id),
    index('cases_reference_trgm_idx').using('gin', sql`${t.reference} gin_trgm_ops`).with({ fastupdate: false }),
    index('cases_domain_trgm_idx').using('gin', sql`${t.domain} gin_trgm_ops`).with({ fastupdate: false }),
  ],
);

/** Who may read a message: the site (and the reviewers), the complainant (and the reviewers), or reviewers only. */
export const caseMessageAudiences = ['site', 'complainant', 'internal'] as const;
export type CaseMessageAudience = (typeof caseMessageAudiences)[number];
export const caseMessageAudience = pgEnum('case_message_audience', caseMessageAudiences);

export const caseMessageKinds = ['notice', 'site_response', 'reminder', 'internal_note', 'complainant_request', 'complainant_reply', 'decision', 'site_message'] as const;
export type CaseMessageKind = (typeof caseMessageKinds)[number];
export const caseMessageKind = pgEnum('case_message_kind', caseMessageKinds);

/**
 * The conversation of a case. Internal notes are never shown to the site or the complainant; a
 * message to the complainant names the complaint it answers (a case may merge several).
 */
export const caseMessages = pgTable(
  'case_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid()
      .notNull()
      .references(() => cases.id),
    audience: caseMessageAudience().notNull(),
    kind: caseMessageKind().notNull(),
    /** For audience `complainant`: which complaint's tracking page shows it. */
    complaintId: uuid(),
    /** Null for the system (reminders) and for a complainant writing through the tracking link. */
    authorId: uuid().references(() => users.id),
    body: text().notNull(),
    /** For a notice: the response deadline it set. */
    responseDueAt: timestamp({ withTimezone: true }),
    /**
     * For a notice in a change-of-control case whose deadline ends on or after the declared effective
     * date of the change: why the reviewer gave that long (the site reads it with the notice).
     */
    deadlineReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('case_messages_case_idx').on(t.caseId, t.createdAt), index('case_messages_complaint_idx').on(t.complaintId)],
);

/** A file attached to a case message (a site's response, a complainant's reply); same rules as complaint evidence. */
export const caseAttachments = pgTable(
  'case_attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    messageId: uuid()
      .notNull()
      .references(() => caseMessages.id),
    fileName: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    content: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('case_attachments_message_idx').on(t.messageId)],
);

export const caseOutcomes = ['no_violation', 'remedied', 'warning', 'corrective_action', 'suspension', 'revocation', 'referral'] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];
export const caseOutcome = pgEnum('case_outcome', caseOutcomes);

/**
 * `proposed` exists for revocations only (four eyes: the proposer cannot confirm); every other
 * decision is `in_effect` at once. A decision reversed or changed on appeal becomes `overturned`.
 */
export const caseDecisionStates = ['proposed', 'in_effect', 'withdrawn', 'overturned'] as const;
export type CaseDecisionState = (typeof caseDecisionStates)[number];
export const caseDecisionState = pgEnum('case_decision_state', caseDecisionStates);

export const caseDecisions = pgTable(
  'case_decisions',
  {
    id: uuid().primaryKey().defaultRandom(),
    /**
     * The order the decisions were made in, which lists and "the latest decision" follow: two
     * decisions on one case can share a `decidedAt` (made in the same millisecond), these never tie.
     */
    seq: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
    caseId: uuid()
      .notNull()
      .references(() => cases.id),
    outcome: caseOutcome().notNull(),
    state: caseDecisionState().notNull(),
    /** The written reason the site reads. */
    reasonForSite: text().notNull(),
    /** The summary the complainant reads on the tracking page. */
    summaryForComplainant: text().notNull(),
    /** Corrective action: when the site must have acted (the case awaits its response until then). */
    correctiveDueAt: timestamp({ withTimezone: true }),
    revocationReason: revocationReason(),
    /** Referral: the regulator it is referred to. */
    referredTo: text(),
    decidedById: uuid()
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }).notNull(),
    confirmedById: uuid().references(() => users.id),
    confirmedAt: timestamp({ withTimezone: true }),
    withdrawnAt: timestamp({ withTimezone: true }),
    /** Until when the site may appeal (set when the decision takes effect); null: not appealable (a revocation, a decision on appeal). */
    appealableUntil: timestamp({ withTimezone: true }),
    /**
     * Taken while the site's response window was open (issue 13): the deadline the decision did not
     * wait for, and the reviewer's reason (urgent harm), which the site reads with the decision.
     */
    actedBeforeDeadline: timestamp({ withTimezone: true }),
    earlyActionReason: text(),
  },
  (t) => [
    index('case_decisions_case_idx').on(t.caseId, t.seq),
    // Revocations waiting for a second person (the staff dashboard and the case list's view): a handful at any time.
    index('case_decisions_proposed_idx').on(t.caseId).where(sql`${t.state} = 'proposed'`),
  ],
);

export const appealOutcomes = ['stands', 'changed', 'reversed'] as const;
export type AppealOutcome = (typeof appealOutcomes)[number];
export const appealOutcome = pgEnum('appeal_outcome', appealOutcomes);

export const caseAppeals = pgTable(
  'case_appeals',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid()
      .notNull()
      .references(() => cases.id),
    decisionId: uuid()
      .notNull()
      .references(() => caseDecisions.id),
    filedById: uuid()
      .notNull()
      .references(() => users.id),
    grounds: text().notNull(),
    filedAt: timestamp({ withTimezone: true }).notNull(),
    /** Null while pending. */
    outcome: appealOutcome(),
    outcomeNote: text(),
    decidedById: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
  },
  // One appeal per decision.
  (t) => [uniqueIndex('case_appeals_decision_key').on(t.decisionId)],
);

export const changeOfControlKinds = ['bankruptcy', 'merger_acquisition', 'asset_sale', 'dissolution'] as const;
export type ChangeOfControlKind = (typeof changeOfControlKinds)[number];
export const changeOfControlKind = pgEnum('change_of_control_kind', changeOfControlKinds);

/** What an organization member declared; it opens a change-of-control case. */
export const changeOfControlDeclarations = pgTable('change_of_control_declarations', {
  id: uuid().primaryKey().defaultRandom(),
  caseId: uuid()
    .notNull()
    .unique()
    .references(() => cases.id),
  organizationId: uuid()
    .notNull()
    .references(() => organizations.id),
  kind: changeOfControlKind().notNull(),
  effectiveOn: date({ mode: 'string' }).notNull(),
  counterparty: text().notNull(),
  description: text().notNull(),
  declaredById: uuid()
    .notNull()
    .references(() => users.id),
  declaredAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * The FTC's Toysmart conditions (2000) as a checklist: each item gets evidence and a finding; a
 * failed item leads to the case decisions.
 */
export const changeOfControlItems = ['no_standalone_sale', 'same_line_of_business', 'successor_bound_by_policy', 'opt_in_for_material_changes', 'customers_notified', 'destroyed_if_no_qualified_buyer'] as const;
export type ChangeOfControlItem = (typeof changeOfControlItems)[number];
export const changeOfControlItem = pgEnum('change_of_control_item', changeOfControlItems);

export const checklistFindings = ['pending', 'satisfied', 'failed', 'not_applicable'] as const;
export type ChecklistFinding = (typeof checklistFindings)[number];
export const checklistFinding = pgEnum('checklist_finding', checklistFindings);

export const changeOfControlChecks = pgTable(
  'change_of_control_checks',
  {
    caseId: uuid()
      .notNull()
      .references(() => cases.id),
    item: changeOfControlItem().notNull(),
    finding: checklistFinding().notNull().default('pending'),
    evidence: text().notNull().default(''),
    recordedById: uuid().references(() => users.id),
    recordedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.item] })],
);

export type Case = typeof cases.$inferSelect;
export type CaseMessage = typeof caseMessages.$inferSelect;
export type CaseDecision = typeof caseDecisions.$inferSelect;
export type CaseAppeal = typeof caseAppeals.$inferSelect;
export type ChangeOfControlDeclaration = typeof changeOfControlDeclarations.$inferSelect;
export type ChangeOfControlCheck = typeof changeOfControlChecks.$inferSelect;
