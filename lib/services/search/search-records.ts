import { z } from 'zod';
import { and, desc, eq, ilike, inArray, isNull, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { applications, cases, complaints, organizations, sealDomains, seals, sites, users, type CaseStatus, type ComplaintStatus, type SealStatus, type UserRole } from '@/db/schema';
import type { Executor } from '@/db/client';
import { hasRole, requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { conflictedOrganizations } from '@/lib/review/queue';
import { effectiveStatus } from '@/lib/seals/effective-status';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';
import { recognise, type Recognised } from './recognise';

/** At most this many records of each kind; one more is read to know that there are more. */
export const SEARCH_LIMIT = 20;
/** Trigrams need three characters: a shorter text cannot use the indexes, so it is not looked for inside names. */
export const MIN_TEXT_LENGTH = 3;

export const SearchInput = z.object({
  q: z
    .string({ error: 'Type a seal id, a reference, a name, a domain or an email address.' })
    .trim()
    .min(1, 'Type a seal id, a reference, a name, a domain or an email address.')
    .max(200, 'A search is at most 200 characters long.'),
});

export type SealHit = { publicId: string; status: SealStatus; holder: string; domain: string; href: string };
export type ComplaintHit = { reference: string; status: ComplaintStatus; about: string; createdAt: Date; href: string };
export type CaseHit = { reference: string; status: CaseStatus; title: string; organizationName: string; domain: string | null; href: string };
/** `href` is the organization's newest seal, else its newest application: staff have no organization page (yet). */
export type OrganizationHit = { id: string; legalName: string; country: string; href: string | null; landsOn: 'seal' | 'application' | null };
export type DomainHit = { domain: string; organizationName: string; proven: boolean; sealPublicId: string | null; sealStatus: SealStatus | null; href: string | null };
export type UserHit = { name: string; email: string; role: UserRole; disabled: boolean; href: string };

type Group<T> = { hits: T[]; more: boolean };
const group = <T>(rows: T[]): Group<T> => ({ hits: rows.slice(0, SEARCH_LIMIT), more: rows.length > SEARCH_LIMIT });
const none = <T>(): Group<T> => ({ hits: [], more: false });

const sealHref = (publicId: string) => `/review/seals/${publicId}`;
const complaintHref = (reference: string) => `/review/complaints/${reference}`;
const caseHref = (reference: string) => `/review/cases/${reference}`;
const userHref = (email: string) => `/review/users?${new URLSearchParams({ q: email })}`;

/** `%text%` for ILIKE, with the pattern characters the text contains taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The staff search box (issue 12): one box that finds a seal by its id, a complaint or a case by
 * its reference, a person by their email address, a seal by its domain or a pasted URL, and
 * otherwise organizations, domains and (for admins) people by any part of their name; `landing`
 * is set when an identifier names exactly one record, which the page then opens directly.
 *
 * Complaints and cases about an organization the reviewer is tied to (a member, or a declared
 * conflict) are left out as if they did not exist: the search must not tell them what their
 * organization is accused of (the complaint and case pages refuse them too). Seals, organizations
 * and domains are public records and are shown. Users are found for admins only, whose list
 * `/review/users` is.
 */
export async function searchRecords({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const { q } = parseInput(SearchInput, input);
  const recognised = recognise(q);
  const isAdmin = hasRole(actor, 'admin');
  /** The organizations whose complaints and cases this reviewer must not learn about. */
  const tiedTo = async () => [...(await conflictedOrganizations(ctx.db, actor.id))];
  const now = nowDate(ctx.clock);

  const result = {
    q,
    recognised: recognised.kind,
    /** Text too short to look for inside names: said on the page rather than searched. */
    tooShort: false,
    seals: none<SealHit>(),
    complaints: none<ComplaintHit>(),
    cases: none<CaseHit>(),
    organizations: none<OrganizationHit>(),
    domains: none<DomainHit>(),
    users: none<UserHit>(),
  };
  /** The records the identifier names exactly; the page opens the record when there is just one. */
  let exact: string[] = [];

  switch (recognised.kind) {
    case 'seal':
      result.seals = group(await findSeals(ctx.db, eq(seals.publicId, recognised.publicId), now));
      exact = result.seals.hits.map((hit) => hit.href);
      break;
    case 'complaint':
      result.complaints = group(await findComplaints(ctx.db, eq(complaints.reference, recognised.reference), await tiedTo()));
      exact = result.complaints.hits.map((hit) => hit.href);
      break;
    case 'case':
      result.cases = group(await findCases(ctx.db, eq(cases.reference, recognised.reference), await tiedTo()));
      exact = result.cases.hits.map((hit) => hit.href);
      break;
    case 'email': {
      // The person's account (admins), and the complaints they filed (lower(complainant_email) is indexed).
      const hidden = await tiedTo();
      const [people, filed] = await Promise.all([
        isAdmin ? findUsers(ctx.db, sql`lower(${users.email}) = ${recognised.email}`) : Promise.resolve([]),
        findComplaints(ctx.db, sql`lower(${complaints.complainantEmail}) = ${recognised.email}`, hidden),
      ]);
      result.users = group(people);
      result.complaints = group(filed);
      exact = [...result.users.hits, ...result.complaints.hits].map((hit) => hit.href);
      break;
    }
    case 'domain':
    case 'text': {
      const text = recognised.kind === 'domain' ? recognised.domain : recognised.text;
      if (recognised.kind === 'domain') {
        // The seals that cover the domain: its site's seal and seals listing it as an extra domain.
        const covering = await ctx.db.select({ sealId: sealDomains.sealId }).from(sealDomains).where(eq(sealDomains.domain, recognised.domain)).limit(SEARCH_LIMIT + 1);
        result.seals = group(covering.length ? await findSeals(ctx.db, inArray(seals.id, covering.map((row) => row.sealId)), now) : []);
      }
      if (text.length < MIN_TEXT_LENGTH) {
        result.tooShort = true;
        break;
      }
      const like = containing(text);
      const [orgs, domains, people] = await Promise.all([
        findOrganizations(ctx.db, ilike(organizations.legalName, like)),
        findDomains(ctx.db, ilike(sites.domain, like), now),
        isAdmin ? findUsers(ctx.db, or(ilike(users.name, like), ilike(users.email, like))!) : Promise.resolve([]),
      ]);
      result.organizations = group(orgs);
      result.domains = group(domains);
      result.users = group(people);
      if (recognised.kind === 'domain') {
        // The seal on the domain; without one, where the organization that claimed it opens (if anywhere).
        exact = result.seals.hits.length
          ? result.seals.hits.map((hit) => hit.href)
          : result.domains.hits.filter((hit) => hit.domain === recognised.domain).map((hit) => hit.href ?? '');
      }
      break;
    }
  }
  const landing = exact.length === 1 && exact[0] ? exact[0] : null;
  return { ...result, landing };
}

export type SearchResult = Awaited<ReturnType<typeof searchRecords>>;
export type SearchRecognised = Recognised['kind'];

async function findSeals(db: Executor, where: SQL, now: Date): Promise<SealHit[]> {
  const rows = await db
    .select({ publicId: seals.publicId, status: seals.status, expiresAt: seals.expiresAt, holder: organizations.legalName, domain: sites.domain, issuedAt: seals.issuedAt })
    .from(seals)
    .innerJoin(organizations, eq(organizations.id, seals.organizationId))
    .innerJoin(sites, eq(sites.id, seals.siteId))
    .where(where)
    .orderBy(desc(seals.issuedAt))
    .limit(SEARCH_LIMIT + 1);
  return rows.map((row) => ({ publicId: row.publicId, status: effectiveStatus(row, now), holder: row.holder, domain: row.domain, href: sealHref(row.publicId) }));
}

/** Complaints, never those about an organization in `hidden` (the reviewer's ties). */
async function findComplaints(db: Executor, where: SQL, hidden: string[]): Promise<ComplaintHit[]> {
  const visible = hidden.length ? or(isNull(complaints.organizationId), notInArray(complaints.organizationId, hidden))! : undefined;
  const rows = await db
    .select({ reference: complaints.reference, status: complaints.status, domain: complaints.domain, organizationName: organizations.legalName, createdAt: complaints.createdAt })
    .from(complaints)
    .leftJoin(organizations, eq(organizations.id, complaints.organizationId))
    .where(and(where, visible))
    .orderBy(desc(complaints.createdAt))
    .limit(SEARCH_LIMIT + 1);
  return rows.map((row) => ({
    reference: row.reference,
    status: row.status,
    about: [row.domain, row.organizationName].filter(Boolean).join(', ') || 'No site named',
    createdAt: row.createdAt,
    href: complaintHref(row.reference),
  }));
}

/** Cases, never those about an organization in `hidden`. */
async function findCases(db: Executor, where: SQL, hidden: string[]): Promise<CaseHit[]> {
  const rows = await db
    .select({ reference: cases.reference, status: cases.status, title: cases.title, domain: cases.domain, organizationName: organizations.legalName })
    .from(cases)
    .innerJoin(organizations, eq(organizations.id, cases.organizationId))
    .where(and(where, hidden.length ? notInArray(cases.organizationId, hidden) : undefined))
    .orderBy(desc(cases.openedAt))
    .limit(SEARCH_LIMIT + 1);
  return rows.map((row) => ({ ...row, href: caseHref(row.reference) }));
}

/**
 * Any rows that match, not the "best" ones: ordering every match (a word shared by thousands of
 * names) would read them all. The page says when there are more, and a longer text narrows them.
 */
async function findOrganizations(db: Executor, where: SQL): Promise<OrganizationHit[]> {
  const rows = await db
    .select({ id: organizations.id, legalName: organizations.legalName, country: organizations.country })
    .from(organizations)
    .where(where)
    .limit(SEARCH_LIMIT + 1);
  const links = await organizationLinks(db, rows.map((row) => row.id));
  return rows.map((row): OrganizationHit => ({ ...row, ...(links.get(row.id) ?? { href: null, landsOn: null }) })).sort((a, b) => a.legalName.localeCompare(b.legalName));
}

type OrganizationLink = Pick<OrganizationHit, 'href' | 'landsOn'>;

/**
 * Where an organization opens. Staff have no organization page: on its newest seal, else on its
 * newest application past the draft (drafts are the applicant's own business).
 */
async function organizationLinks(db: Executor, ids: string[]): Promise<Map<string, OrganizationLink>> {
  if (!ids.length) return new Map();
  const [newestSeals, newestApplications] = await Promise.all([
    db
      .selectDistinctOn([seals.organizationId], { organizationId: seals.organizationId, publicId: seals.publicId })
      .from(seals)
      .where(inArray(seals.organizationId, ids))
      .orderBy(seals.organizationId, desc(seals.issuedAt)),
    db
      .selectDistinctOn([applications.organizationId], { organizationId: applications.organizationId, id: applications.id })
      .from(applications)
      .where(and(inArray(applications.organizationId, ids), ne(applications.status, 'draft')))
      .orderBy(applications.organizationId, desc(applications.createdAt)),
  ]);
  const links = new Map<string, OrganizationLink>();
  for (const row of newestApplications) links.set(row.organizationId, { href: `/review/applications/${row.id}`, landsOn: 'application' });
  for (const row of newestSeals) links.set(row.organizationId, { href: sealHref(row.publicId), landsOn: 'seal' });
  return links;
}

/** Live claims and proven sites (ended claims are history), each with the newest seal on its domain. */
async function findDomains(db: Executor, where: SQL, now: Date): Promise<DomainHit[]> {
  const rows = await db
    .select({ domain: sites.domain, organizationId: sites.organizationId, organizationName: organizations.legalName, verifiedAt: sites.verifiedAt })
    .from(sites)
    .innerJoin(organizations, eq(organizations.id, sites.organizationId))
    .where(and(where, isNull(sites.endedAt)))
    .limit(SEARCH_LIMIT + 1);
  if (!rows.length) return [];
  const onDomains = await db
    .selectDistinctOn([sealDomains.domain, seals.organizationId], { domain: sealDomains.domain, organizationId: seals.organizationId, publicId: seals.publicId, status: seals.status, expiresAt: seals.expiresAt })
    .from(sealDomains)
    .innerJoin(seals, eq(seals.id, sealDomains.sealId))
    .where(inArray(sealDomains.domain, [...new Set(rows.map((row) => row.domain))]))
    .orderBy(sealDomains.domain, seals.organizationId, desc(seals.issuedAt));
  const sealOn = new Map(onDomains.map((row) => [`${row.domain} ${row.organizationId}`, row]));
  const links = await organizationLinks(db, [...new Set(rows.filter((row) => !sealOn.has(`${row.domain} ${row.organizationId}`)).map((row) => row.organizationId))]);
  return rows
    .map((row): DomainHit => {
      const seal = sealOn.get(`${row.domain} ${row.organizationId}`);
      return {
        domain: row.domain,
        organizationName: row.organizationName,
        proven: !!row.verifiedAt,
        sealPublicId: seal?.publicId ?? null,
        sealStatus: seal ? effectiveStatus(seal, now) : null,
        // Without a seal on it, the domain opens where its organization does.
        href: seal ? sealHref(seal.publicId) : (links.get(row.organizationId)?.href ?? null),
      };
    })
    .sort((a, b) => a.domain.localeCompare(b.domain) || a.organizationName.localeCompare(b.organizationName));
}

async function findUsers(db: Executor, where: SQL): Promise<UserHit[]> {
  const rows = await db
    .select({ name: users.name, email: users.email, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(where)
    .limit(SEARCH_LIMIT + 1);
  return rows.map((row) => ({ name: row.name, email: row.email, role: row.role, disabled: !!row.disabledAt, href: userHref(row.email) })).sort((a, b) => a.email.localeCompare(b.email));
}
