import type { ProgramListing, PublicProgram } from './queries';

/**
 * The JSON documents of the public API (DESIGN.md, "Public contract"). Their fields are a promise
 * to API clients: add fields if needed, never rename or remove one without a new API version.
 */

export type ProgramListDocument = { programs: Array<{ slug: string; name: string; currentVersion: number }> };

export type CriterionDocument = {
  /** The criterion's stable code, e.g. `change-of-control`. */
  id: string;
  title: string;
  guidance: string;
  mandatory: boolean;
  question: string;
  evidence: { required: boolean; prompt: string | null };
  commitments: string[];
};

export type ProgramDocument = {
  slug: string;
  name: string;
  summary: string;
  currentVersion: number;
  sealValidityMonths: number;
  /** Published versions only, newest (the current one) first. */
  versions: Array<{ version: number; publishedAt: string; changeNote: string; criteria: CriterionDocument[] }>;
};

export function programListDocument(programs: ProgramListing[]): ProgramListDocument {
  return { programs: programs.map(({ slug, name, currentVersion }) => ({ slug, name, currentVersion })) };
}

export function programDocument(program: PublicProgram): ProgramDocument {
  return {
    slug: program.slug,
    name: program.name,
    summary: program.summary,
    currentVersion: program.currentVersion,
    sealValidityMonths: program.sealValidityMonths,
    versions: program.versions.map((version) => ({
      version: version.version,
      publishedAt: version.publishedAt.toISOString(),
      changeNote: version.changeNote,
      criteria: version.criteria.map((criterion) => ({
        id: criterion.code,
        title: criterion.title,
        guidance: criterion.guidance,
        mandatory: criterion.requirement === 'mandatory',
        question: criterion.question,
        evidence: { required: criterion.evidenceRequired, prompt: criterion.evidencePrompt },
        commitments: criterion.commitments,
      })),
    })),
  };
}
