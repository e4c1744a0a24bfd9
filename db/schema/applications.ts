import { sql } from 'drizzle-orm';
import { index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { sites } from './sites';
import { criteriaVersions, programs } from './programs';
import { users } from './users';

export const applicationStatuses = ['draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];
export const applicationStatus = pgEnum('application_status', applicationStatuses);

export const applicationKinds = ['new', 'renewal'] as const;
export const applicationKind = pgEnum('application_kind', applicationKinds);

export const policySources = ['url', 'text'] as const;
export const policySource = pgEnum('policy_source', policySources);

/** A site's request for a seal under one criteria version. */
export const applications = pgTable(
  'applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    /** The primary domain; further proven domains are in application_sites. */
    siteId: uuid()
      .notNull()
      .references(() => sites.id),
    programId: uuid()
      .notNull()
      .references(() => programs.id),
    criteriaVersionId: uuid()
      .notNull()
      .references(() => criteriaVersions.id),
    status: applicationStatus().notNull().default('draft'),
    kind: applicationKind().notNull().default('new'),
    /** For a renewal: the seal it extends. No foreign key: seals reference applications. */
    renewsSealId: uuid(),
    /** The reviewer who claimed or was assigned the application. */
    assignedReviewerId: uuid().references(() => users.id),
    assignedAt: timestamp({ withTimezone: true }),
    policySource: policySource(),
    policyUrl: text(),
    policyText: text(),
    policySha256: text(),
    policyCapturedAt: timestamp({ withTimezone: true }),
    createdById: uuid()
      .notNull()
      .references(() => users.id),
    submittedAt: timestamp({ withTimezone: true }),
    decidedAt: timestamp({ withTimezone: true }),
    /** The reviewer's reason for a rejection or a change request, as the applicant reads it. */
    decisionNote: text(),
    withdrawnAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('applications_organization_idx').on(t.organizationId),
    index('applications_status_idx').on(t.status, t.submittedAt),
    // The review queue (lib/services/reviews/list-review-queue.ts, ADR 0013): waiting applications, oldest first.
    index('applications_queue_idx').on(t.submittedAt, t.id).where(sql`${t.status} in ('submitted', 'in_review')`),
  ],
);

/** Extra domains an application covers besides its primary site; each must be proven too. */
export const applicationSites = pgTable(
  'application_sites',
  {
    applicationId: uuid()
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    siteId: uuid()
      .notNull()
      .references(() => sites.id),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.siteId] })],
);

/** The applicant's answer to one criterion. */
export const applicationAnswers = pgTable(
  'application_answers',
  {
    applicationId: uuid()
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    criterionCode: text().notNull(),
    answer: text().notNull().default(''),
    evidence: text().notNull().default(''),
    /** Indexes of the criterion's commitments the applicant affirmed. */
    affirmedCommitments: jsonb().$type<number[]>().notNull().default([]),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.criterionCode] })],
);

export const verdicts = ['meets', 'does_not_meet', 'not_applicable'] as const;
export const verdict = pgEnum('criterion_verdict', verdicts);

/** A reviewer's verdict on one criterion; with a change request, the note says what to change. */
export const applicationVerdicts = pgTable(
  'application_verdicts',
  {
    applicationId: uuid()
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    criterionCode: text().notNull(),
    verdict: verdict().notNull(),
    note: text().notNull().default(''),
    reviewerId: uuid()
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.criterionCode] })],
);

export type Application = typeof applications.$inferSelect;
export type ApplicationAnswer = typeof applicationAnswers.$inferSelect;
