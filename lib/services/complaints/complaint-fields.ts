import { z } from 'zod';
import { complaintCategories } from '@/db/schema';
import type { Executor } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { checkEvidence, type AcceptedEvidence, type EvidenceUpload } from '@/lib/complaints/evidence-files';
import { TEXT_LIMITS } from '@/lib/complaints/limits';
import { ValidationError } from '../errors';
import { FILES_AGAIN } from './intake-rate-limits';
import { claimFormUploads, type ClaimedUpload } from '../uploads/attach-staged';
import { utcDayKey } from '@/lib/format/dates';

/** A form sends '' for an empty field: that is "not given", not an invalid value. */
const blankAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const calendarDay = (message: string) =>
  z.preprocess(
    blankAsUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, message)
      .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), message)
      .optional(),
  );

const yesNo = (message: string) =>
  z.preprocess((value) => (value === 'yes' || value === 'on' || value === 'true' ? true : value === 'no' || value === 'false' ? false : value), z.boolean({ message }));

/** The fields every complaint has, whoever files it. Evidence files are checked apart (lib/complaints/evidence-files.ts). */
export const ComplaintFields = z.object({
  category: z.enum(complaintCategories, { message: 'Choose what the complaint is about.' }),
  sealId: z.preprocess(blankAsUndefined, z.string().trim().toUpperCase().max(40).optional()),
  domain: z.preprocess(blankAsUndefined, z.string().trim().max(300).optional()),
  description: z
    .string({ message: 'Describe what happened.' })
    .trim()
    .min(TEXT_LIMITS.descriptionMin, `Describe what happened in a few sentences (at least ${TEXT_LIMITS.descriptionMin} characters).`)
    .max(TEXT_LIMITS.descriptionMax, `Please keep the description under ${TEXT_LIMITS.descriptionMax.toLocaleString('en')} characters; attach longer material as a file.`),
  occurredOn: calendarDay('Give the date it happened as a day, like 2026-03-14.'),
  contactedCompany: yesNo('Say whether you contacted the company first.'),
  contactedCompanyOn: calendarDay('Give the date you contacted the company as a day, like 2026-03-14.'),
  shareIdentity: yesNo('Say whether the site may learn who you are.').default(false),
});

export const complainantName = z
  .string({ message: 'Enter your name.' })
  .trim()
  .min(1, 'Enter your name: the seal authority needs to know who complains.')
  .max(TEXT_LIMITS.nameMax, `A name of at most ${TEXT_LIMITS.nameMax} characters, please.`);

export const complainantEmail = z
  .string({ message: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .max(TEXT_LIMITS.emailMax)
  .pipe(z.email('Enter a valid email address, like name@example.com: we send the tracking link there.'));

export const optionalName = z.preprocess(blankAsUndefined, complainantName.optional());
export const optionalEmail = z.preprocess(blankAsUndefined, complainantEmail.optional());

export type ComplaintFields = z.output<typeof ComplaintFields>;

/** Dates a person gives must not lie ahead of today (the service's clock) nor before the web. */
export function dateProblems(fields: Pick<ComplaintFields, 'occurredOn' | 'contactedCompanyOn' | 'contactedCompany'>, now: Date): Record<string, string[]> {
  const today = utcDayKey(now);
  const problems: Record<string, string[]> = {};
  for (const [key, value, what] of [
    ['occurredOn', fields.occurredOn, 'it happened'],
    ['contactedCompanyOn', fields.contactedCompanyOn, 'you contacted the company'],
  ] as const) {
    if (!value) continue;
    if (value > today) problems[key] = [`The day ${what} cannot be in the future (today is ${today}).`];
    else if (value < '1990-01-01') problems[key] = [`The day ${what} looks mistyped: it is before 1990.`];
  }
  if (!fields.contactedCompany && fields.contactedCompanyOn) {
    problems.contactedCompanyOn = ['You gave a date of contact but answered that you did not contact the company: change one of the two.'];
  }
  return problems;
}

/**
 * What both intake verbs check after the parse, before the transaction: the dates against the
 * clock, then the evidence's number, sizes and types. Returns the accepted files.
 */
export function acceptedComplaintEvidence(data: Pick<ComplaintFields, 'occurredOn' | 'contactedCompanyOn' | 'contactedCompany'> & { evidence: EvidenceUpload[] }, now: Date): AcceptedEvidence[] {
  const problems = dateProblems(data, now);
  if (Object.keys(problems).length > 0) throw new ValidationError(Object.values(problems)[0]![0]!, problems);
  const evidence = checkEvidence(data.evidence);
  if (!evidence.ok) throw new ValidationError(`${evidence.problems.join(' ')} ${FILES_AGAIN}`, { evidence: evidence.problems });
  return evidence.files;
}

/**
 * In the filing's transaction: the staged uploads the form refers to (docs/adr/0021), claimed for
 * the caller, and the number and total size of all the complaint's files checked together.
 */
export function claimComplaintUploads(
  tx: Executor,
  { tokens, uploaderKey, actor, evidence, now }: { tokens: string[]; uploaderKey?: string; actor: Actor | null; evidence: AcceptedEvidence[]; now: Date },
): Promise<ClaimedUpload[]> {
  return claimFormUploads(tx, { tokens, uploaderKey, actor, now, field: 'evidence', sent: evidence, attachedTo: 'sent with a complaint', filesAgain: FILES_AGAIN });
}
