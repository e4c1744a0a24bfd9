import { criterionRequirements } from '@/db/schema';

export type CriterionRequirement = (typeof criterionRequirements)[number];

/** A criterion's public id: lowercase words joined by single hyphens, e.g. `change-of-control`. */
export const CRITERION_CODE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A program's slug, as it appears in URLs: the same shape as a criterion code. */
export const PROGRAM_SLUG_PATTERN = CRITERION_CODE_PATTERN;

export const requirementLabel: Record<CriterionRequirement, string> = {
  mandatory: 'Mandatory',
  recommended: 'Recommended',
};
