import { z } from 'zod';
import { apiKeyKinds, appealOutcomes, applicationKinds, applicationStatuses, caseDecisionStates, caseKinds, caseMessageKinds, caseOutcomes, caseStatuses, changeOfControlKinds, complaintCategories, membershipRoles, sealStatuses, userRoles } from '@/db/schema';
import { RESPONSE_LIMITS } from '@/lib/services/cases/respond-to-case';
import { nullableTimestamp, pageOf, timestamp } from './common';

/*
 * The answers of the integrator API (issue #17), as lib/api/routes/*.ts and the verbs they call
 * return them. Objects are open: fields may be added, never renamed without a new API version.
 */

export const KeyInfo = z
  .looseObject({
    id: z.string().meta({ description: 'The key’s public id (the part of the token after `osk_`).', example: 'abcdefghjkmn' }),
    name: z.string().meta({ example: 'Shop back office' }),
    kind: z.enum(apiKeyKinds),
    scopes: z.array(z.string()).meta({ example: ['seals:read', 'cases:read'] }),
    organization: z.looseObject({ id: z.uuid(), name: z.string() }).nullable().meta({ description: 'The organization an organization’s key acts for; null for other kinds.' }),
    actsAs: z.looseObject({ name: z.string(), role: z.enum(userRoles) }).meta({ description: 'The person who made the key: it can never do more than they may.' }),
    createdAt: timestamp(),
    expiresAt: nullableTimestamp('Null when the key does not expire.'),
  })
  .meta({ id: 'ApiKeyInfo' });

export const OrganizationSeal = z
  .looseObject({
    sealId: z.string().meta({ example: 'OS-7KQ4-M2XP' }),
    status: z.enum(sealStatuses).meta({ description: 'As the public reads it: `expired` once `expiresAt` has passed.' }),
    domains: z.array(z.string()),
    criteriaVersion: z.number().int(),
    issuedAt: timestamp(),
    expiresAt: timestamp(),
    statusChangedAt: timestamp(),
    reason: z.string().nullable().meta({ description: 'The public reason of a suspension or revocation; null for an active seal.' }),
  })
  .meta({ id: 'OrganizationSeal' });

export const OrganizationApplication = z
  .looseObject({
    id: z.uuid(),
    kind: z.enum(applicationKinds),
    status: z.enum(applicationStatuses),
    domain: z.string(),
    criteriaVersion: z.number().int(),
    createdAt: timestamp(),
    submittedAt: nullableTimestamp(),
    decidedAt: nullableTimestamp(),
  })
  .meta({ id: 'OrganizationApplication', description: 'Where an application stands; never the reviewers’ notes.' });

export const OrganizationCaseSummary = z
  .looseObject({
    reference: z.string().meta({ example: 'K-4TQM-9XWA' }),
    kind: z.enum(caseKinds),
    status: z.enum(caseStatuses),
    domain: z.string().nullable(),
    sealId: z.string().nullable(),
    openedAt: timestamp(),
    responseDueAt: nullableTimestamp('While the site is asked to respond: by when.'),
    decidedAt: nullableTimestamp(),
    closedAt: nullableTimestamp(),
  })
  .meta({ id: 'OrganizationCaseSummary' });

export const SealPage = pageOf(OrganizationSeal, 'OrganizationSealPage');
export const ApplicationPage = pageOf(OrganizationApplication, 'OrganizationApplicationPage');
export const CasePage = pageOf(OrganizationCaseSummary, 'OrganizationCasePage');

export const CaseReferenceParam = z.object({ reference: z.string().min(1).max(100).meta({ description: 'The case’s reference, as quoted in its notices.', example: 'K-4TQM-9XWA' }) });

/** The site's view of a case (lib/services/cases/read-case-for-site.ts): what the portal shows its members. */
export const OrganizationCase = z
  .looseObject({
    organization: z.looseObject({ id: z.uuid(), legalName: z.string() }),
    viewerRole: z.enum(membershipRoles).meta({ description: 'The key creator’s role in the organization.' }),
    caseRow: z.looseObject({
      id: z.uuid(),
      reference: z.string(),
      kind: z.enum(caseKinds),
      status: z.enum(caseStatuses),
      organizationId: z.uuid(),
      organizationName: z.string(),
      domain: z.string().nullable(),
      sealPublicId: z.string().nullable(),
      responseDueAt: nullableTimestamp(),
      escalationLevel: z.number().int().meta({ description: '0 none; 1 overdue; 2 the grace period is over.' }),
      openedAt: timestamp(),
      decidedAt: nullableTimestamp(),
      closedAt: nullableTimestamp(),
    }),
    expectation: z.looseObject({ text: z.string(), dueAt: nullableTimestamp(), overdue: z.boolean() }).meta({ description: 'What the site is expected to do now, and by when.' }),
    canRespond: z.boolean().meta({ description: 'Whether a response may be sent now (POST …/responses).' }),
    messages: z.array(
      z.looseObject({
        id: z.uuid(),
        kind: z.enum(caseMessageKinds),
        body: z.string(),
        responseDueAt: nullableTimestamp('For a notice: the response deadline it set.'),
        deadlineReason: z.string().nullable(),
        createdAt: timestamp(),
        from: z.string().meta({ description: 'A member of the organization by name, or “The seal program”.' }),
        attachments: z.array(z.looseObject({ id: z.uuid(), messageId: z.uuid(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int() })),
      }),
    ),
    decisions: z.array(
      z.looseObject({
        id: z.uuid(),
        outcome: z.enum(caseOutcomes),
        state: z.enum(caseDecisionStates).meta({ description: '`in_effect`, or `overturned` on appeal.' }),
        reasonForSite: z.string(),
        correctiveDueAt: nullableTimestamp('For a corrective action: by when.'),
        referredTo: z.string().nullable().meta({ description: 'For a referral: the regulator.' }),
        decidedAt: timestamp(),
        confirmedAt: nullableTimestamp('When a second reviewer confirmed it (suspensions and revocations).'),
        appealableUntil: nullableTimestamp(),
        actedBeforeDeadline: nullableTimestamp('The site’s response deadline this decision did not wait for (urgent harm); `earlyActionReason` says why.'),
        earlyActionReason: z.string().nullable(),
        appealFiledAt: nullableTimestamp(),
        appealGrounds: z.string().nullable(),
        appealOutcome: z.enum(appealOutcomes).nullable(),
        appealOutcomeNote: z.string().nullable(),
        appealDecidedAt: nullableTimestamp(),
        appealable: z.boolean().meta({ description: 'Whether it may be appealed now.' }),
      }),
    ),
    complaints: z.array(
      z.looseObject({
        reference: z.string(),
        category: z.enum(complaintCategories),
        occurredOn: z.iso.date().nullable(),
        receivedAt: timestamp(),
        complainant: z.looseObject({ name: z.string().nullable(), email: z.string().nullable() }).nullable().meta({ description: 'Only when the complainant agreed to share it.' }),
      }),
    ),
    declaration: z
      .looseObject({ kind: z.enum(changeOfControlKinds), effectiveOn: z.iso.date(), counterparty: z.string(), description: z.string(), declaredAt: timestamp(), declaredByName: z.string() })
      .nullable()
      .meta({ description: 'In a change-of-control case: what the organization declared.' }),
  })
  .meta({ id: 'OrganizationCase', description: 'The case as the organization’s members see it in the portal: never internal notes, nor messages to the complainant.' });

export const CaseResponseBody = z
  .object({ body: z.string().min(RESPONSE_LIMITS.bodyMin).max(RESPONSE_LIMITS.bodyMax).meta({ description: 'The response, in plain text. To attach files, send the call as multipart/form-data instead.', example: 'We stopped sharing the list on 2 June; our processor’s confirmation follows.' }) })
  .meta({ id: 'CaseResponseInput' });

/** The same response with its files (at most 5, 2 MB each, 8 MB in all; PDF, images or text, judged by their bytes as in the portal). */
export const CaseResponseMultipart = z
  .object({
    body: z.string().min(RESPONSE_LIMITS.bodyMin).max(RESPONSE_LIMITS.bodyMax).meta({ description: 'The response, in plain text.' }),
    files: z.array(z.string().meta({ format: 'binary' })).max(5).optional().meta({ description: 'The files, each a part named `files` with its file name.' }),
  })
  .meta({ id: 'CaseResponseMultipartInput' });

export const CaseResponseResult = z.looseObject({ reference: z.string(), status: z.literal('in_review'), files: z.array(z.string()).meta({ description: 'The names of the files attached.' }) }).meta({ id: 'CaseResponseResult' });
