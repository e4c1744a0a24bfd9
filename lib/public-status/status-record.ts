import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { criteriaVersions, organizations, programs, sealDomains, seals, type SealStatus } from '@/db/schema';
import type { Executor } from '@/db/client';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { coveredHostnames } from '@/lib/domains/normalize';
import { isSealPublicId } from '@/lib/seals/public-id';

/**
 * What the public may know about one seal, as stored. It does not depend on the clock, so it can be
 * cached until the seal changes; `toStatusDocument` applies the clock when the document is served,
 * which is why a cached `active` seal still reads `expired` the moment its `expiresAt` passes.
 */
export type SealStatusRecord = {
  sealId: string;
  storedStatus: SealStatus;
  holder: { name: string; country: string };
  /** The certified domains, normalised (lowercase, punycode, no `www.`), sorted. */
  domains: string[];
  program: { slug: string; name: string };
  criteriaVersion: number;
  issuedAt: Date;
  expiresAt: Date;
  statusChangedAt: Date;
  /** The public reason of a suspension or revocation, in words. */
  reason: string | null;
  /** The seal's newest entry in the public log, and the size of the first checkpoint that covers it (null until one is signed). */
  log: { index: number; treeSize: number | null } | null;
  /** What changes whenever anything above does (versionOf): the status cache's cheap check that a record still holds. */
  version: string;
};

/**
 * The public status document: the body of `GET /api/v1/seals/{sealId}/status`, one entry of
 * `GET /api/v1/seals?domain=…` and the payload of the signed status. Field names are the public
 * contract in DESIGN.md: relying parties code against them.
 */
export type StatusDocument = {
  sealId: string;
  status: SealStatus;
  holder: { name: string; country: string };
  domains: string[];
  program: { slug: string; name: string };
  criteriaVersion: number;
  issuedAt: string;
  expiresAt: string;
  statusChangedAt: string;
  reason: string | null;
  verifyUrl: string;
  /**
   * The seal's newest entry in the public log (ADR 0023) and the tree size of the first signed
   * checkpoint that includes it, for `/api/v1/log/proof/inclusion?index=&size=`; `treeSize` is null
   * for the second or two until that checkpoint is signed.
   */
  log?: { index: number; treeSize: number | null };
  /** Only while the database cannot be reached: this is the last known status, as of `checkedAt` (docs/adr/0005). */
  stale?: true;
  checkedAt: string;
};

/** The tree size of the first checkpoint that covers the seal's newest log entry; null before one does. */
// Written out with the table named: drizzle leaves a column of a single-table select unqualified, and
// inside the subquery an unqualified "id" would be the event's.
const newestLogIndex = sql`(select max(newest.log_index) from seal_events newest where newest.seal_id = "seals"."id")`;
const treeSizeOfNewestEntry = sql<number | null>`(select min(checkpoint.size) from log_checkpoints checkpoint where checkpoint.size > ${newestLogIndex})`.mapWith(Number);

const recordColumns = {
  id: seals.id,
  sealId: seals.publicId,
  storedStatus: seals.status,
  holderName: organizations.legalName,
  holderCountry: organizations.country,
  programSlug: programs.slug,
  programName: programs.name,
  criteriaVersion: criteriaVersions.version,
  issuedAt: seals.issuedAt,
  expiresAt: seals.expiresAt,
  statusChangedAt: seals.statusChangedAt,
  reason: seals.statusReason,
  statusVersion: seals.statusVersion,
  logIndex: sql<number | null>`${newestLogIndex}`.mapWith(Number),
  logTreeSize: treeSizeOfNewestEntry,
};

async function loadRecords(db: Executor, where: SQL): Promise<SealStatusRecord[]> {
  const rows = await db
    .select(recordColumns)
    .from(seals)
    .innerJoin(organizations, eq(organizations.id, seals.organizationId))
    .innerJoin(programs, eq(programs.id, seals.programId))
    .innerJoin(criteriaVersions, eq(criteriaVersions.id, seals.criteriaVersionId))
    .where(where)
    .orderBy(asc(seals.issuedAt));
  if (rows.length === 0) return [];
  const domainRows = await db
    .select({ sealId: sealDomains.sealId, domain: sealDomains.domain })
    .from(sealDomains)
    .where(inArray(sealDomains.sealId, rows.map((row) => row.id)))
    .orderBy(asc(sealDomains.domain));
  // Grouped once: a batch of hundreds of seals must not scan every domain row per seal.
  const domainsBySeal = new Map<string, string[]>();
  for (const { sealId, domain } of domainRows) {
    const list = domainsBySeal.get(sealId);
    if (list) list.push(domain);
    else domainsBySeal.set(sealId, [domain]);
  }
  return rows.map((row) => ({
    sealId: row.sealId,
    storedStatus: row.storedStatus,
    holder: { name: row.holderName, country: row.holderCountry },
    domains: domainsBySeal.get(row.id) ?? [],
    program: { slug: row.programSlug, name: row.programName },
    criteriaVersion: row.criteriaVersion,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    statusChangedAt: row.statusChangedAt,
    reason: row.reason,
    log: row.logIndex === null ? null : { index: row.logIndex, treeSize: row.logTreeSize },
    version: versionOf(row.statusVersion, row.logTreeSize),
  }));
}

/**
 * A record's version: the seal's status_version (every change to its row, holder, program or
 * domains moves it: migration 0031) and the tree size of the checkpoint covering its newest log
 * entry (which a checkpoint signed later fills in without touching the seal).
 */
function versionOf(statusVersion: number, treeSize: number | null): string {
  return `${statusVersion}:${treeSize ?? '-'}`;
}

/**
 * The versions of several seals by public id, in one light query (no holder, program or domains
 * read): what the status cache's background refresh compares with the records it holds, reading
 * whole records only for the seals whose version moved. Ids with no seal are absent.
 */
export async function loadSealStatusVersions(db: Executor, publicIds: string[]): Promise<Map<string, string>> {
  const valid = publicIds.filter(isSealPublicId);
  if (valid.length === 0) return new Map();
  const rows = await db.select({ publicId: seals.publicId, statusVersion: seals.statusVersion, treeSize: treeSizeOfNewestEntry }).from(seals).where(inArray(seals.publicId, valid));
  return new Map(rows.map((row) => [row.publicId, versionOf(row.statusVersion, row.treeSize)]));
}

/** The record of one seal by its public id (`OS-XXXX-XXXX`), or null when no such seal was ever issued. */
export async function loadSealStatusRecord(db: Executor, publicId: string): Promise<SealStatusRecord | null> {
  if (!isSealPublicId(publicId)) return null;
  const [record] = await loadRecords(db, eq(seals.publicId, publicId));
  return record ?? null;
}

/**
 * The records of several seals by public id, in one query (the status cache's background refresh).
 * Ids with no seal are simply absent from the answer.
 */
export async function loadSealStatusRecords(db: Executor, publicIds: string[]): Promise<SealStatusRecord[]> {
  const valid = publicIds.filter(isSealPublicId);
  if (valid.length === 0) return [];
  return loadRecords(db, inArray(seals.publicId, valid));
}

/**
 * Every seal that covers `hostname` (a certified domain or its `www.` name), oldest first. A domain
 * may have had several seals over the years (one revoked, a later one active): all are returned,
 * so a relying party sees the history and not only the latest word.
 */
export async function loadSealStatusRecordsForHost(db: Executor, hostname: string): Promise<SealStatusRecord[]> {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const candidates = host.startsWith('www.') ? [host, host.slice(4)] : [host];
  const matches = await db
    .selectDistinct({ sealId: sealDomains.sealId })
    .from(sealDomains)
    .where(inArray(sealDomains.domain, candidates));
  if (matches.length === 0) return [];
  return loadRecords(db, inArray(seals.id, matches.map((match) => match.sealId)));
}

/** True when a page on `hostname` may show this seal: the host is one of its domains or a domain's `www.` name. */
export function coversHost(record: Pick<SealStatusRecord, 'domains'>, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return record.domains.some((domain) => coveredHostnames(domain).includes(host));
}

/**
 * The document as of `now`. A seal whose `expiresAt` has passed reads `expired` from that instant,
 * with `statusChangedAt` at its expiry, even while the stored row still says active or suspended.
 */
export function toStatusDocument(record: SealStatusRecord, now: Date, origin: string): StatusDocument {
  const status = effectiveStatus({ status: record.storedStatus, expiresAt: record.expiresAt }, now);
  const lapsedUnrecorded = status === 'expired' && record.storedStatus !== 'expired';
  return {
    sealId: record.sealId,
    status,
    holder: record.holder,
    domains: record.domains,
    program: record.program,
    criteriaVersion: record.criteriaVersion,
    issuedAt: record.issuedAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    statusChangedAt: (lapsedUnrecorded ? record.expiresAt : record.statusChangedAt).toISOString(),
    reason: status === 'suspended' || status === 'revoked' ? record.reason : null,
    verifyUrl: `${origin.replace(/\/$/, '')}/verify/${record.sealId}`,
    ...(record.log ? { log: record.log } : {}),
    checkedAt: now.toISOString(),
  };
}
