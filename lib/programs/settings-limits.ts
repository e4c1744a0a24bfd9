/**
 * What an admin may set a program's settings to (lib/services/programs/update-program-settings.ts
 * enforces it; the settings form states it). Kept free of server imports so the form can read it.
 *
 * - validity 1–36 months: the incumbents' failure was skipped annual recertification; three years is
 *   the longest cycle of common certification schemes, and a seal shorter than a month is no seal.
 * - overdue 1–90 days: it only flags an application in the reviewers' queue; after a quarter a
 *   wait is long past "overdue".
 * - response 3–60 days: under 3 days a notice sent before a weekend cannot be answered; past two
 *   months a site that may be selling its customers' data keeps a clean badge too long.
 * - grace 1–60 days: the reviewer is prompted at least a day after the missed deadline, and at the
 *   latest as long after it as the longest response period.
 * - appeal 7–60 days: under a week is no fair chance to prepare grounds; the same two-month ceiling.
 * - policy checks every 1–168 hours (issue #16): hourly is as often as a site's policy reasonably
 *   changes; weekly is the longest a changed promise should go unnoticed.
 */
export const PROGRAM_SETTING_LIMITS = {
  sealValidityMonths: { min: 1, max: 36, unit: 'months' },
  reviewOverdueDays: { min: 1, max: 90, unit: 'days' },
  caseResponseDays: { min: 3, max: 60, unit: 'days' },
  caseEscalationGraceDays: { min: 1, max: 60, unit: 'days' },
  caseAppealDays: { min: 7, max: 60, unit: 'days' },
  policyCheckIntervalHours: { min: 1, max: 168, unit: 'hours' },
} as const;

export type ProgramSettingName = keyof typeof PROGRAM_SETTING_LIMITS;
export type ProgramSettings = Record<ProgramSettingName, number>;

export const PROGRAM_SETTING_NAMES = Object.keys(PROGRAM_SETTING_LIMITS) as ProgramSettingName[];
