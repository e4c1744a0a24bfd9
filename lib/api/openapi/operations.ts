import { z } from 'zod';
import { currentKey } from '@/lib/api/routes/key';
import { sealStatusBatch } from '@/lib/api/routes/public-status';
import { organizationApplications, organizationCase, organizationCases, organizationSeals, respondToOrganizationCase } from '@/lib/api/routes/organization';
import { ApiErrorBody, PageQuery, PublicErrorBody } from './common';
import { ApplicationPage, CasePage, CaseReferenceParam, CaseResponseBody, CaseResponseMultipart, CaseResponseResult, KeyInfo, OrganizationCase, SealPage } from './integrator-schemas';
import type { ApiOperation, ResponseSpec } from './operation';
import { WEBHOOK_OPERATIONS, WEBHOOKS_TAG } from './webhook-operations';
import { REVIEW_OPERATIONS, REVIEW_TAG } from './review-operations';
import { EXPORT_OPERATIONS } from './export-operations';
import { REVIEW_ACTION_OPERATIONS } from './review-action-operations';
import {
  ConsistencyProof,
  ConsistencyQuery,
  DomainQuery,
  InclusionProof,
  InclusionQuery,
  ProgramDocument,
  ProgramList,
  ProgramSlugParam,
  SealIdParam,
  SealsOfDomain,
  StatusBatch,
  StatusBatchRequest,
  StatusDocument,
  statusDocumentExample,
  TransparencyQuery,
  TransparencyReport,
} from './public-schemas';

/*
 * Every route under app/api/v1, declared once (issue #17): the OpenAPI document, the reference page
 * at /developers/api and tests/unit/openapi-document.test.ts all read this list. A route.ts that is
 * not declared here fails that test, and so does a declaration with no route.ts.
 */

export const TAGS = [
  { name: 'Seal status', description: 'Is this seal valid, now? The badge, the status document and its signed form. No key needed.' },
  { name: 'Programs', description: 'The seal programs and their published criteria.' },
  { name: 'Transparency', description: 'What the seal authority did, counted.' },
  { name: 'Public log', description: 'Proofs from the public, append-only log of every seal’s history (C2SP tiles at /log/).' },
  { name: 'API keys', description: 'The key a call is made with.' },
  { name: 'Organization', description: 'An organization’s own seals, applications and cases, with an organization’s key.' },
  REVIEW_TAG,
  WEBHOOKS_TAG,
  { name: 'About the API', description: 'This document.' },
] as const;

type Tag = (typeof TAGS)[number]['name'];

const notFound: ResponseSpec = { description: 'No such record (`{"error": "not_found"}`).', json: PublicErrorBody, example: { error: 'not_found' } };
const keyNotFound: ResponseSpec = { description: 'No such record for this key: another organization’s reads as none.', json: ApiErrorBody, example: { error: 'not_found', message: 'There is no case with this reference.' } };
const invalid = (example: object): ResponseSpec => ({ description: 'The input was refused; `fields` says which and why.', json: ApiErrorBody, example: { error: 'validation', ...example } });
const badRequest = (message: string): ResponseSpec => ({ description: 'The query is not valid.', json: PublicErrorBody, example: { error: 'bad_request', message } });
const statusUnavailable: ResponseSpec = { description: 'The database cannot be reached and this seal was never seen by this server: try again in a few seconds.', json: PublicErrorBody, headers: ['Retry-After'] };
const notModified: ResponseSpec = { description: 'Not modified: the `If-None-Match` matched the current `ETag`.' };
const listQuery = { query: PageQuery };

const operations: Array<ApiOperation & { tag: Tag }> = [
  {
    method: 'get',
    path: '/api/v1/seals/{sealId}/status',
    operationId: 'getSealStatus',
    tag: 'Seal status',
    summary: 'A seal’s status',
    description: 'The seal’s status document. While the database cannot be reached the last known document is answered, marked `stale: true` (and `Warning: 110`).',
    access: 'public',
    headAndPreflight: true,
    params: { path: SealIdParam },
    responses: { '200': { description: 'The status document.', json: StatusDocument, example: statusDocumentExample }, '304': notModified, '404': notFound, '503': statusUnavailable },
  },
  {
    method: 'get',
    path: '/api/v1/seals/{sealId}/status.jws',
    operationId: 'getSignedSealStatus',
    tag: 'Seal status',
    summary: 'A seal’s status, signed',
    description: 'The status document as a compact JWS (Ed25519, `alg: EdDSA`); verify it with the keys at `/.well-known/jwks.json`.',
    access: 'public',
    headAndPreflight: true,
    params: { path: SealIdParam },
    responses: { '200': { description: 'The signed status document.', content: { 'application/jose': z.string().meta({ example: 'eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9.eyJzZWFsSWQiOi4uLn0.c2lnbmF0dXJl' }) } }, '304': notModified, '404': notFound, '503': statusUnavailable },
  },
  {
    method: 'get',
    path: '/api/v1/seals/{sealId}/badge.svg',
    operationId: 'getSealBadge',
    tag: 'Seal status',
    summary: 'A seal’s badge as an image',
    description: 'For pages without JavaScript; link it to the seal’s verification page. An unknown seal, or a page (Referer) the seal does not cover, gets the “not verified” image, still with 200 so that an `<img>` shows it.',
    access: 'public',
    headAndPreflight: true,
    params: { path: SealIdParam },
    responses: { '200': { description: 'The badge.', content: { 'image/svg+xml': z.string() } }, '304': notModified },
  },
  {
    method: 'get',
    path: '/api/v1/seals',
    operationId: 'findSealsOfDomain',
    tag: 'Seal status',
    summary: 'The seals of a domain',
    description: 'Is this site certified? Every seal that covers the domain or its `www.` name, each as a status document.',
    access: 'public',
    headAndPreflight: true,
    params: { query: DomainQuery },
    responses: { '200': { description: 'The seals, oldest first; an empty list when none.', json: SealsOfDomain, example: { seals: [statusDocumentExample] } }, '304': notModified, '400': badRequest('Ask with ?domain=example.com: the domain whose seals you want to know.'), '503': statusUnavailable },
  },
  {
    method: 'post',
    path: '/api/v1/seals/status:batch',
    operationId: 'getSealStatusBatch',
    tag: 'Seal status',
    summary: 'Many seals’ statuses at once',
    description: 'Up to 1,000 seal ids and domains in one call, for a relying party that lists many sites: the same status documents anyone may read one by one.',
    access: { key: sealStatusBatch },
    body: { schema: StatusBatchRequest, example: { sealIds: ['OS-7KQ4-M2XP'], domains: ['shop.example'] } },
    responses: {
      '200': { description: 'The statuses.', json: StatusBatch, example: { seals: { 'OS-7KQ4-M2XP': statusDocumentExample }, domains: { 'shop.example': [statusDocumentExample] }, checkedAt: '2026-06-01T09:00:00.000Z' } },
      '422': invalid({ message: 'Send at most 1,000 seal ids and domains in all; split larger lists.', fields: { body: ['Send at most 1,000 seal ids and domains in all; split larger lists.'] } }),
    },
  },
  {
    method: 'get',
    path: '/api/v1/programs',
    operationId: 'listPrograms',
    tag: 'Programs',
    summary: 'The seal programs',
    description: 'Each program with its current criteria version.',
    access: 'public',
    responses: { '200': { description: 'The programs.', json: ProgramList, example: { programs: [{ slug: 'privacy-seal', name: 'Privacy Seal', currentVersion: 1 }] } }, '304': notModified },
  },
  {
    method: 'get',
    path: '/api/v1/programs/{programSlug}',
    operationId: 'getProgram',
    tag: 'Programs',
    summary: 'A program and its criteria',
    description: 'The program and its published criteria versions, newest first, each criterion with its id, title, guidance and whether it is mandatory. The same as the pages under `/programs/{programSlug}`.',
    access: 'public',
    params: { path: ProgramSlugParam },
    responses: { '200': { description: 'The program.', json: ProgramDocument }, '304': notModified, '404': notFound },
  },
  {
    method: 'get',
    path: '/api/v1/transparency',
    operationId: 'getTransparencyReport',
    tag: 'Transparency',
    summary: 'The transparency report',
    description: 'What the seal authority did in a period of whole UTC days: seals, applications, complaints, cases, month by month. As CSV (section, figure, value) with `?format=csv` or `Accept: text/csv`.',
    access: 'public',
    params: { query: TransparencyQuery },
    responses: {
      '200': { description: 'The report.', json: TransparencyReport, content: { 'text/csv': z.string().meta({ example: 'section,figure,value\nseals,certifiedNow,42\n' }) } },
      '400': badRequest('Give dates as YYYY-MM-DD, like 2026-01-31.'),
      '503': { description: 'The figures are being counted: try again in a few seconds.', json: PublicErrorBody, headers: ['Retry-After'] },
    },
  },
  {
    method: 'get',
    path: '/api/v1/log/proof/inclusion',
    operationId: 'getInclusionProof',
    tag: 'Public log',
    summary: 'An entry’s inclusion proof',
    description: 'Proves that entry `index` is in the tree of size `size` (RFC 9162 §2.1.3); check it against a signed checkpoint from `/log/checkpoint`.',
    access: 'public',
    headAndPreflight: true,
    params: { query: InclusionQuery },
    responses: {
      '200': { description: 'The proof.', json: InclusionProof, example: { index: 41, size: 42, proof: ['47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='] } },
      '400': badRequest('size must not exceed the latest checkpoint’s tree size, 42'),
      '503': { description: 'The log has no signed checkpoint yet.', json: PublicErrorBody, headers: ['Retry-After'] },
    },
  },
  {
    method: 'get',
    path: '/api/v1/log/proof/consistency',
    operationId: 'getConsistencyProof',
    tag: 'Public log',
    summary: 'A consistency proof between two tree sizes',
    description: 'Proves that the tree of size `to` extends the tree of size `from` (RFC 9162 §2.1.4): nothing logged was changed or removed.',
    access: 'public',
    headAndPreflight: true,
    params: { query: ConsistencyQuery },
    responses: {
      '200': { description: 'The proof.', json: ConsistencyProof },
      '400': badRequest('from must not be greater than to'),
      '503': { description: 'The log has no signed checkpoint yet.', json: PublicErrorBody, headers: ['Retry-After'] },
    },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'About the API',
    summary: 'This document',
    description: 'The OpenAPI 3.1 document of every `/api/v1` operation. Readable at `/developers/api`.',
    access: 'public',
    responses: { '200': { description: 'The document.', json: z.looseObject({ openapi: z.string() }) } },
  },
  {
    method: 'get',
    path: '/api/v1/key',
    operationId: 'getCurrentKey',
    tag: 'API keys',
    summary: 'The key you call with',
    description: 'Its name, kind, scopes, organization, whom it acts as and when it expires: to check an integration’s set-up.',
    access: { key: currentKey },
    responses: { '200': { description: 'The key.', json: KeyInfo } },
  },
  {
    method: 'get',
    path: '/api/v1/organization/seals',
    operationId: 'listOrganizationSeals',
    tag: 'Organization',
    summary: 'The organization’s seals',
    description: 'The seals of the key’s organization, newest issued first, each with its status as the public reads it.',
    access: { key: organizationSeals },
    params: listQuery,
    responses: { '200': { description: 'A page of seals.', json: SealPage }, '404': keyNotFound, '422': invalid({ message: 'The limit is at most 100.', fields: { limit: ['The limit is at most 100.'] } }) },
  },
  {
    method: 'get',
    path: '/api/v1/organization/applications',
    operationId: 'listOrganizationApplications',
    tag: 'Organization',
    summary: 'The organization’s applications',
    description: 'The applications of the key’s organization, newest first: where each stands.',
    access: { key: organizationApplications },
    params: listQuery,
    responses: { '200': { description: 'A page of applications.', json: ApplicationPage }, '404': keyNotFound, '422': invalid({ message: 'This cursor is not one this API gave: start again without it.', fields: { cursor: ['Use the nextCursor of the previous page.'] } }) },
  },
  {
    method: 'get',
    path: '/api/v1/organization/cases',
    operationId: 'listOrganizationCases',
    tag: 'Organization',
    summary: 'The organization’s cases',
    description: 'The cases about the key’s organization, newest opened first, with what the site is asked for and by when.',
    access: { key: organizationCases },
    params: listQuery,
    responses: { '200': { description: 'A page of cases.', json: CasePage }, '404': keyNotFound, '422': invalid({ message: 'The limit is at least 1.', fields: { limit: ['The limit is at least 1.'] } }) },
  },
  {
    method: 'get',
    path: '/api/v1/organization/cases/{reference}',
    operationId: 'getOrganizationCase',
    tag: 'Organization',
    summary: 'One case',
    description: 'The case as the organization’s members read it in the portal: the notices, the decisions and what the site is expected to do.',
    access: { key: organizationCase },
    params: { path: CaseReferenceParam },
    responses: { '200': { description: 'The case.', json: OrganizationCase }, '404': keyNotFound },
  },
  {
    method: 'post',
    path: '/api/v1/organization/cases/{reference}/responses',
    operationId: 'respondToOrganizationCase',
    tag: 'Organization',
    summary: 'Respond to a notice',
    description: 'Sends the organization’s response to the case’s notice, as the key’s creator, as JSON or, with files, as multipart/form-data; the case goes back to the reviewers. Audited with the key.',
    access: { key: respondToOrganizationCase },
    params: { path: CaseReferenceParam },
    body: { schema: CaseResponseBody, multipart: CaseResponseMultipart, example: { body: 'We stopped sharing the list on 2 June; our processor’s confirmation follows.' } },
    responses: {
      '201': { description: 'The response was sent.', json: CaseResponseResult, example: { reference: 'K-4TQM-9XWA', status: 'in_review', files: ['processor-confirmation.pdf'] } },
      '404': keyNotFound,
      '409': { description: 'The case does not await a response now.', json: ApiErrorBody },
      '422': invalid({ message: 'Send the response as {"body": "…"}.', fields: { body: ['Send the response as {"body": "…"}.'] } }),
    },
  },
];

export const API_OPERATIONS: readonly ApiOperation[] = [...operations, ...EXPORT_OPERATIONS, ...REVIEW_OPERATIONS, ...REVIEW_ACTION_OPERATIONS, ...WEBHOOK_OPERATIONS];
