import { boolean, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A seal program, e.g. "Privacy Seal". Its criteria live in versions; the program row holds settings. */
export const programs = pgTable('programs', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  summary: text().notNull(),
  /** How long a seal issued under this program is valid. */
  sealValidityMonths: integer().notNull().default(12),
  /** A submitted application older than this stands out in the reviewers' queue. */
  reviewOverdueDays: integer().notNull().default(10),
  /** How long a site has to answer a case notice or a corrective action (issue #6: 14 days). */
  caseResponseDays: integer().notNull().default(14),
  /** After a missed deadline, how long before the reviewer is prompted to suspend for non-response. */
  caseEscalationGraceDays: integer().notNull().default(7),
  /** How long the site may appeal a case decision. */
  caseAppealDays: integer().notNull().default(14),
  /** How often each seal's certified privacy policy is fetched and compared (issue #16; default daily). */
  policyCheckIntervalHours: integer().notNull().default(24),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const criteriaVersionStatuses = ['draft', 'published'] as const;
export const criteriaVersionStatus = pgEnum('criteria_version_status', criteriaVersionStatuses);

/** Published versions never change (enforced by a trigger); applications and seals keep theirs. */
export const criteriaVersions = pgTable(
  'criteria_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    programId: uuid()
      .notNull()
      .references(() => programs.id),
    version: integer().notNull(),
    status: criteriaVersionStatus().notNull().default('draft'),
    /** What changed from the previous version, for applicants and the public. */
    changeNote: text().notNull().default(''),
    publishedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('criteria_versions_program_version_key').on(t.programId, t.version)],
);

export const criterionRequirements = ['mandatory', 'recommended'] as const;
export const criterionRequirement = pgEnum('criterion_requirement', criterionRequirements);

/**
 * One criterion of one version. `code` is the criterion's public id (stable across versions, e.g.
 * `change-of-control`); `commitments` are statements the applicant must each affirm.
 */
export const criteria = pgTable(
  'criteria',
  {
    criteriaVersionId: uuid()
      .notNull()
      .references(() => criteriaVersions.id),
    code: text().notNull(),
    position: integer().notNull(),
    title: text().notNull(),
    guidance: text().notNull(),
    requirement: criterionRequirement().notNull(),
    /** The question the applicant answers in words. */
    question: text().notNull(),
    /** What evidence is asked for (a URL or a quote from the policy), or null for none. */
    evidencePrompt: text(),
    commitments: jsonb().$type<string[]>().notNull().default([]),
    evidenceRequired: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.criteriaVersionId, t.code] })],
);

/**
 * The texts a reviewer starts from (issue 13, item 5), per program, edited by admins: the notice to the
 * site, a follow-up message to the site, and a question to a complainant. `{case}`, `{domain}`,
 * `{organization}` and `{responseDays}` are filled in on the case page (lib/programs/notice-templates.ts).
 * No row: the field starts empty.
 */
export const noticeTemplateKinds = ['notice', 'site_message', 'complainant_request'] as const;
export type NoticeTemplateKind = (typeof noticeTemplateKinds)[number];
export const noticeTemplateKind = pgEnum('notice_template_kind', noticeTemplateKinds);

export const programNoticeTemplates = pgTable(
  'program_notice_templates',
  {
    programId: uuid()
      .notNull()
      .references(() => programs.id),
    kind: noticeTemplateKind().notNull(),
    body: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.kind] })],
);

export type Program = typeof programs.$inferSelect;
export type CriteriaVersion = typeof criteriaVersions.$inferSelect;
export type Criterion = typeof criteria.$inferSelect;
