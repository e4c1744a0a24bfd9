import { z } from 'zod';
import { appealOutcomes, caseKinds, caseOutcomes, changeOfControlItems, changeOfControlKinds, checklistFindings, complaintCategories, complaintDismissalReasons, complaintSources, revocationReasons, sealStatuses } from '@/db/schema';
import { PROGRAM_SLUG_PATTERN } from '@/lib/programs/criterion';
import { SEAL_ID_ALPHABET } from '@/lib/seals/public-id';
import { SMALL_COUNT_NOTE } from '@/lib/transparency/small-counts';
import { timestamp } from './common';

/*
 * The answers of the public contract (DESIGN.md): the status document, the programs, the
 * transparency report and the log's proofs, as lib/public-status/status-record.ts,
 * lib/programs/public-documents.ts, lib/transparency/report.ts and lib/log/log-answers.ts write them.
 * Objects are open (`additionalProperties` allowed): the contract may add fields, never rename one.
 */

const group = `[${SEAL_ID_ALPHABET}]{4}`;
export const SealIdParam = z.object({
  sealId: z
    .string()
    .regex(new RegExp(`^OS-${group}-${group}$`))
    .meta({ description: 'The seal’s public id, as printed on its badge.', example: 'OS-7KQ4-M2XP' }),
});

export const StatusDocument = z
  .looseObject({
    sealId: z.string().meta({ example: 'OS-7KQ4-M2XP' }),
    status: z.enum(sealStatuses).meta({ description: 'The seal’s status now: an `active` seal reads `expired` from the instant its `expiresAt` passes.' }),
    holder: z.looseObject({ name: z.string(), country: z.string().meta({ description: 'ISO 3166-1 alpha-2.', example: 'DE' }) }),
    domains: z.array(z.string()).meta({ description: 'The certified domains, normalised (lowercase, punycode, no `www.`), sorted. A seal also covers each domain’s `www.` name.' }),
    program: z.looseObject({ slug: z.string(), name: z.string() }),
    criteriaVersion: z.number().int().meta({ description: 'The version of the program’s criteria the seal was certified under.' }),
    issuedAt: timestamp(),
    expiresAt: timestamp(),
    statusChangedAt: timestamp('When the status last changed (the expiry itself for a lapsed seal).'),
    reason: z.string().nullable().meta({ description: 'The public reason of a suspension or revocation; null otherwise.' }),
    verifyUrl: z.url().meta({ description: 'The seal’s verification page on this platform.' }),
    log: z
      .looseObject({
        index: z.number().int().meta({ description: 'The seal’s newest entry in the public log.' }),
        treeSize: z.number().int().nullable().meta({ description: 'The size of the first signed checkpoint that includes it, for an inclusion proof; null for the second or two until it is signed.' }),
      })
      .optional(),
    stale: z.literal(true).optional().meta({ description: 'Only while the database cannot be reached: this is the last known status, as of `checkedAt`.' }),
    checkedAt: timestamp('When this answer was made (or, when `stale`, last confirmed).'),
  })
  .meta({ id: 'StatusDocument', description: 'What the public may know about one seal. Also the payload of the signed status (`status.jws`).' });

export const statusDocumentExample = {
  sealId: 'OS-7KQ4-M2XP',
  status: 'active',
  holder: { name: 'Example Shop GmbH', country: 'DE' },
  domains: ['shop.example'],
  program: { slug: 'privacy-seal', name: 'Privacy Seal' },
  criteriaVersion: 1,
  issuedAt: '2026-01-15T10:00:00.000Z',
  expiresAt: '2027-01-15T10:00:00.000Z',
  statusChangedAt: '2026-01-15T10:00:00.000Z',
  reason: null,
  verifyUrl: 'https://seals.example.org/verify/OS-7KQ4-M2XP',
  log: { index: 41, treeSize: 42 },
  checkedAt: '2026-06-01T09:00:00.000Z',
};

export const DomainQuery = z.object({
  domain: z.string().max(300).meta({ description: 'A domain name; its `www.` name finds the same seals.', example: 'shop.example' }),
});

export const SealsOfDomain = z
  .looseObject({ seals: z.array(StatusDocument).meta({ description: 'Every seal that covers the domain, oldest first (revoked and expired ones too); empty when none.' }) })
  .meta({ id: 'SealsOfDomain' });

export const StatusBatchRequest = z
  .object({
    sealIds: z.array(z.string().max(64)).optional().meta({ description: 'Seal ids, as printed on the badges (case and spaces do not matter).', example: ['OS-7KQ4-M2XP'] }),
    domains: z.array(z.string().max(300)).optional().meta({ description: 'Domain names, each answered as `GET /api/v1/seals?domain=` would.', example: ['shop.example'] }),
  })
  .meta({ id: 'StatusBatchRequest', description: 'At least one and at most 1,000 seal ids and domains in all.' });

export const StatusBatch = z
  .looseObject({
    seals: z.record(z.string(), StatusDocument.nullable()).meta({ description: 'Each seal id asked (upper-cased) → its status document, or null when no such seal was ever issued.' }),
    domains: z.record(z.string(), z.array(StatusDocument)).meta({ description: 'Each domain asked (normalised) → every seal that covers it, oldest first.' }),
    checkedAt: timestamp(),
  })
  .meta({ id: 'StatusBatch' });

export const ProgramList = z
  .looseObject({ programs: z.array(z.looseObject({ slug: z.string(), name: z.string(), currentVersion: z.number().int() })) })
  .meta({ id: 'ProgramList' });

export const ProgramSlugParam = z.object({ programSlug: z.string().max(100).regex(PROGRAM_SLUG_PATTERN).meta({ example: 'privacy-seal' }) });

const Criterion = z
  .looseObject({
    id: z.string().meta({ description: 'The criterion’s stable code.', example: 'change-of-control' }),
    title: z.string(),
    guidance: z.string(),
    mandatory: z.boolean(),
    question: z.string(),
    evidence: z.looseObject({ required: z.boolean(), prompt: z.string().nullable() }),
    commitments: z.array(z.string()),
  })
  .meta({ id: 'Criterion' });

export const ProgramDocument = z
  .looseObject({
    slug: z.string(),
    name: z.string(),
    summary: z.string(),
    currentVersion: z.number().int(),
    sealValidityMonths: z.number().int(),
    versions: z
      .array(z.looseObject({ version: z.number().int(), publishedAt: timestamp(), changeNote: z.string(), criteria: z.array(Criterion) }))
      .meta({ description: 'Published versions only, newest (the current one) first.' }),
  })
  .meta({ id: 'Program' });

// A count of the report: null when withheld (1 to 4).
const count = z.number().int().nullable();
const countsOf = (keys: readonly string[]) => z.looseObject(Object.fromEntries(keys.map((key) => [key, count])));
const days = z.looseObject({ median: z.number().nullable(), p90: z.number().nullable() }).meta({ description: 'Days, at the median and for nine in ten; null when nothing in the period had one.' });

export const TransparencyQuery = z.object({
  from: z.iso.date().optional().meta({ description: 'First day (UTC), included; by default a year before `to`.', example: '2026-01-01' }),
  to: z.iso.date().optional().meta({ description: 'Last day (UTC), included; by default today.', example: '2026-03-31' }),
  format: z.literal('csv').optional().meta({ description: 'CSV instead of JSON (as does `Accept: text/csv`).' }),
});

export const TransparencyReport = z
  .looseObject({
    period: z.looseObject({ from: z.iso.date(), to: z.iso.date() }),
    smallCounts: z.string().meta({ example: SMALL_COUNT_NOTE }),
    seals: z.looseObject({
      certifiedNow: count,
      issued: count,
      renewed: count,
      expired: count,
      suspended: count,
      reinstated: count,
      revoked: count,
      revokedByReason: countsOf(revocationReasons),
    }),
    applications: z.looseObject({ received: count, approved: count, rejected: count, withdrawn: count, daysToDecision: days }),
    complaints: z.looseObject({
      received: count,
      byCategory: countsOf(complaintCategories),
      bySource: countsOf(complaintSources),
      dismissed: count,
      dismissedByReason: countsOf(complaintDismissalReasons),
      turnedIntoCases: count,
      daysToFirstAction: days,
    }),
    cases: z.looseObject({
      opened: count,
      openedByKind: countsOf(caseKinds),
      decisions: count,
      decisionsByOutcome: countsOf(caseOutcomes),
      appealsFiled: count,
      appealsDecided: countsOf(appealOutcomes),
      daysFromComplaintToDecision: days,
      deadlinesMissed: count,
      escalatedAfterGracePeriod: count,
      changeOfControl: z.looseObject({
        opened: count,
        byKind: countsOf(changeOfControlKinds),
        checklist: z.looseObject(Object.fromEntries(changeOfControlItems.map((item) => [item, countsOf(checklistFindings)]))),
      }),
    }),
    monthly: z.array(
      z.looseObject({
        month: z.string().regex(/^\d{4}-\d{2}$/),
        complaintsReceived: count,
        casesOpened: count,
        sealsIssued: count,
        sealsSuspended: count,
        sealsRevoked: count,
        decisionsByOutcome: countsOf(caseOutcomes),
      }),
    ),
    computedAt: timestamp('When the figures were counted (at most five minutes ago).'),
  })
  .meta({ id: 'TransparencyReport', description: `What the seal authority did in the period. ${SMALL_COUNT_NOTE}` });

// A tree size or index: a decimal within the safe integers (lib/log/log-answers.ts).
const treeNumber = (description: string) => z.string().regex(/^(0|[1-9][0-9]{0,14})$/).meta({ description });
const hashes = z.array(z.base64()).meta({ description: 'SHA-256 hashes in standard base64 (RFC 4648 §4), in RFC 9162 order.' });

export const InclusionQuery = z.object({ index: treeNumber('The entry’s index (a status document’s `log.index`).'), size: treeNumber('A tree size at most the latest checkpoint’s (a status document’s `log.treeSize`).') });
export const InclusionProof = z.looseObject({ index: z.number().int(), size: z.number().int(), proof: hashes }).meta({ id: 'InclusionProof', description: 'RFC 9162 §2.1.3.' });
export const ConsistencyQuery = z.object({ from: treeNumber('The older tree size, at least 1.'), to: treeNumber('The newer tree size, at most the latest checkpoint’s.') });
export const ConsistencyProof = z.looseObject({ from: z.number().int(), to: z.number().int(), proof: hashes }).meta({ id: 'ConsistencyProof', description: 'RFC 9162 §2.1.4.' });
