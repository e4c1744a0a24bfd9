import type { CriterionRequirement } from '../criterion';

/** A criterion as the catalogue ships it; `position` is its place in the list. */
export type CatalogueCriterion = {
  /** The public id, stable across versions: kebab-case. */
  code: string;
  title: string;
  /** What a reviewer looks for, in a few concrete sentences. */
  guidance: string;
  requirement: CriterionRequirement;
  /** What the applicant answers in words. */
  question: string;
  /** What evidence is asked for, or null when none is. */
  evidencePrompt: string | null;
  evidenceRequired: boolean;
  /** Statements the applicant must each affirm; empty for most criteria. */
  commitments: string[];
};

/**
 * A program and the first version of its criteria, as code. It is written to the database once
 * (ensureDefaultProgram); from then on the criteria change only through drafts an admin publishes.
 */
export type ProgramCatalogue = {
  slug: string;
  name: string;
  summary: string;
  sealValidityMonths: number;
  firstVersion: { changeNote: string; criteria: CatalogueCriterion[] };
};
