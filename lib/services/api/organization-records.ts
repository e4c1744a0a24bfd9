import { z } from 'zod';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { applications, cases, criteriaVersions, sealDomains, seals, sites } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { keyset, readKeysetPage, type Keyset } from '@/lib/lists/keyset';
import type { ServiceContext } from '../context';
import { ValidationError } from '../errors';
import { parseInput } from '../parse';
import { requireMembership } from '../organizations/membership';
import { displayedSealStatus } from '../seals/list-seals';

/*
 * An organization's own records as its API key reads them (issue #17): the same membership rule as
 * the portal (the key's creator must still belong to the organization), newest first, a page at a
 * time with an opaque cursor.
 */

export const API_PAGE = { default: 50, max: 100 } as const;

export const OrganizationListInput = z.object({
  organizationId: z.uuid(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number({ message: 'Give the limit as a number.' }).int('Give the limit as a whole number.').min(1, 'The limit is at least 1.').max(API_PAGE.max, `The limit is at most ${API_PAGE.max}.`).default(API_PAGE.default),
});

export type ApiPage<T> = { data: T[]; nextCursor: string | null };

/** Reads one page; a cursor this API did not give is an error (a silent first page would loop a client forever). */
async function apiPage<Row extends { cursor: string }, T>(order: Keyset, input: z.output<typeof OrganizationListInput>, read: (beyond: SQL | undefined, orderBy: SQL[], limit: number) => Promise<Row[]>, shape: (row: Row) => T): Promise<ApiPage<T>> {
  if (input.cursor !== undefined && !order.parse(input.cursor)) throw new ValidationError('This cursor is not one this API gave: start again without it.', { cursor: ['Use the nextCursor of the previous page.'] });
  const page = await readKeysetPage(order, { after: input.cursor }, read, input.limit);
  return { data: page.rows.map(shape), nextCursor: page.next };
}

const NEWEST_SEALS = keyset(
  [
    { kind: 'timestamp', expr: seals.issuedAt },
    { kind: 'uuid', expr: seals.id },
  ],
  'desc',
);

/** The organization's seals, newest issued first, each with its status as the public reads it. */
export async function listOrganizationSeals({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(OrganizationListInput, input);
  const { organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId);
  const now = nowDate(ctx.clock);
  return apiPage(
    NEWEST_SEALS,
    data,
    (beyond, orderBy, limit) =>
      ctx.db
        .select({
          seal: seals,
          version: criteriaVersions.version,
          domains: sql<string[]>`coalesce((select array_agg(${sealDomains.domain} order by ${sealDomains.domain}) from ${sealDomains} where ${sealDomains.sealId} = ${seals.id}), '{}')`,
          cursor: NEWEST_SEALS.cursorOf,
        })
        .from(seals)
        .innerJoin(criteriaVersions, eq(criteriaVersions.id, seals.criteriaVersionId))
        .where(and(eq(seals.organizationId, organization.id), beyond))
        .orderBy(...orderBy)
        .limit(limit),
    ({ seal, version, domains }) => ({
      sealId: seal.publicId,
      status: displayedSealStatus(seal.status, seal.expiresAt <= now),
      domains,
      criteriaVersion: version,
      issuedAt: seal.issuedAt.toISOString(),
      expiresAt: seal.expiresAt.toISOString(),
      statusChangedAt: seal.statusChangedAt.toISOString(),
      reason: seal.status === 'active' ? null : seal.statusReason,
    }),
  );
}

const NEWEST_APPLICATIONS = keyset(
  [
    { kind: 'timestamp', expr: applications.createdAt },
    { kind: 'uuid', expr: applications.id },
  ],
  'desc',
);

/** The organization's applications, newest first: where each stands, never the reviewers' notes. */
export async function listOrganizationApplications({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(OrganizationListInput, input);
  const { organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId);
  return apiPage(
    NEWEST_APPLICATIONS,
    data,
    (beyond, orderBy, limit) =>
      ctx.db
        .select({ application: applications, domain: sites.domain, version: criteriaVersions.version, cursor: NEWEST_APPLICATIONS.cursorOf })
        .from(applications)
        .innerJoin(sites, eq(sites.id, applications.siteId))
        .innerJoin(criteriaVersions, eq(criteriaVersions.id, applications.criteriaVersionId))
        .where(and(eq(applications.organizationId, organization.id), beyond))
        .orderBy(...orderBy)
        .limit(limit),
    ({ application, domain, version }) => ({
      id: application.id,
      kind: application.kind,
      status: application.status,
      domain,
      criteriaVersion: version,
      createdAt: application.createdAt.toISOString(),
      submittedAt: application.submittedAt?.toISOString() ?? null,
      decidedAt: application.decidedAt?.toISOString() ?? null,
    }),
  );
}

const NEWEST_CASES = keyset(
  [
    { kind: 'timestamp', expr: cases.openedAt },
    { kind: 'uuid', expr: cases.id },
  ],
  'desc',
);

/** The organization's cases, newest opened first, with what the site is asked for and by when. */
export async function listOrganizationCases({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(OrganizationListInput, input);
  const { organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId);
  return apiPage(
    NEWEST_CASES,
    data,
    (beyond, orderBy, limit) =>
      ctx.db
        .select({ caseRow: cases, sealPublicId: seals.publicId, cursor: NEWEST_CASES.cursorOf })
        .from(cases)
        .leftJoin(seals, eq(seals.id, cases.sealId))
        .where(and(eq(cases.organizationId, organization.id), beyond))
        .orderBy(...orderBy)
        .limit(limit),
    ({ caseRow, sealPublicId }) => ({
      reference: caseRow.reference,
      kind: caseRow.kind,
      status: caseRow.status,
      domain: caseRow.domain,
      sealId: sealPublicId,
      openedAt: caseRow.openedAt.toISOString(),
      responseDueAt: caseRow.responseDueAt?.toISOString() ?? null,
      decidedAt: caseRow.decidedAt?.toISOString() ?? null,
      closedAt: caseRow.closedAt?.toISOString() ?? null,
    }),
  );
}
