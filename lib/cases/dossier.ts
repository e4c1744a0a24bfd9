import { z } from 'zod';
import { and, asc, eq, gte, inArray, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  appealOutcomes,
  auditEvents,
  caseDecisionStates,
  caseKinds,
  caseMessageAudiences,
  caseMessageKinds,
  caseOutcomes,
  caseStatuses,
  changeOfControlItems,
  changeOfControlKinds,
  checklistFindings,
  complaintCategories,
  complaintSources,
  revocationReasons,
  caseAppeals,
  caseAttachments,
  caseDecisions,
  caseMessages,
  changeOfControlChecks,
  changeOfControlDeclarations,
  complaintEvidence,
  complaints,
  organizations,
  sealDomains,
  seals,
  users,
} from '@/db/schema';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';
import { effectiveStatus } from '@/lib/seals/effective-status';
import type { ServiceContext } from '@/lib/services/context';
import { loadCaseForReviewerRead } from '@/lib/services/cases/case-access';
import { ServiceError } from '@/lib/services/errors';
import { parseInput } from '@/lib/services/parse';
import { caseOutcomeLabels } from './decision-labels';
import { messageKindLabels } from './labels';

/**
 * The case dossier (issue 6): everything the seal authority knows about a case, for a referral to a
 * regulator or for the record — the case, its complaints with the complainants' identity, every
 * message including internal notes, the decisions and appeals, the change-of-control checklist, the
 * audit trail, and a timeline merging them. It holds personal data, so only reviewers free of a
 * conflict with the organization may read it (loadCaseForReviewerRead). The printable page and the
 * JSON export are built from this one document, whose shape the zod schema below fixes.
 */
const iso = z.iso.datetime({ offset: true });
const file = z.object({ fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), sha256: z.string() });

export const CaseDossier = z.object({
  format: z.literal('openseal-case-dossier'),
  version: z.literal(1),
  generatedAt: iso,
  case: z.object({
    reference: z.string(),
    kind: z.enum(caseKinds),
    status: z.enum(caseStatuses),
    title: z.string(),
    organization: z.object({ legalName: z.string(), country: z.string(), contactEmail: z.string() }),
    seal: z.object({ publicId: z.string(), status: z.string(), domains: z.array(z.string()) }).nullable(),
    domain: z.string().nullable(),
    fastTrack: z.boolean(),
    assignedReviewer: z.string().nullable(),
    openedBy: z.string().nullable(),
    openedAt: iso,
    decidedAt: iso.nullable(),
    closedAt: iso.nullable(),
    responseDueAt: iso.nullable(),
    escalationLevel: z.number().int(),
  }),
  complaints: z.array(
    z.object({
      reference: z.string(),
      source: z.enum(complaintSources),
      category: z.enum(complaintCategories),
      domain: z.string().nullable(),
      description: z.string(),
      occurredOn: z.string().nullable(),
      contactedCompany: z.boolean(),
      contactedCompanyOn: z.string().nullable(),
      complainant: z.object({ name: z.string().nullable(), email: z.string().nullable(), mayBeSharedWithSite: z.boolean() }),
      receivedAt: iso,
      evidence: z.array(file),
    }),
  ),
  messages: z.array(
    z.object({ at: iso, audience: z.enum(caseMessageAudiences), kind: z.enum(caseMessageKinds), author: z.string().nullable(), complaint: z.string().nullable(), body: z.string(), responseDueAt: iso.nullable(), deadlineReason: z.string().nullable(), attachments: z.array(file) }),
  ),
  decisions: z.array(
    z.object({
      id: z.string(),
      outcome: z.enum(caseOutcomes),
      state: z.enum(caseDecisionStates),
      revocationReason: z.enum(revocationReasons).nullable(),
      reasonForSite: z.string(),
      summaryForComplainant: z.string(),
      correctiveDueAt: iso.nullable(),
      referredTo: z.string().nullable(),
      decidedBy: z.string(),
      decidedAt: iso,
      confirmedBy: z.string().nullable(),
      confirmedAt: iso.nullable(),
      withdrawnAt: iso.nullable(),
      appealableUntil: iso.nullable(),
      /** Taken before the site's response deadline (issue 13): that deadline, and why it could not wait. */
      actedBeforeDeadline: iso.nullable(),
      earlyActionReason: z.string().nullable(),
    }),
  ),
  appeals: z.array(z.object({ decisionId: z.string(), filedBy: z.string(), filedAt: iso, grounds: z.string(), outcome: z.enum(appealOutcomes).nullable(), note: z.string().nullable(), decidedBy: z.string().nullable(), decidedAt: iso.nullable() })),
  changeOfControl: z
    .object({
      kind: z.enum(changeOfControlKinds),
      effectiveOn: z.string(),
      counterparty: z.string(),
      description: z.string(),
      declaredAt: iso,
      checks: z.array(z.object({ item: z.enum(changeOfControlItems), finding: z.enum(checklistFindings), evidence: z.string(), recordedBy: z.string().nullable(), recordedAt: iso.nullable() })),
    })
    .nullable(),
  auditTrail: z.array(z.object({ at: iso, action: z.string(), entityType: z.string(), entityId: z.string(), actor: z.string().nullable(), before: z.unknown(), after: z.unknown() })),
  timeline: z.array(z.object({ at: iso, event: z.string() })),
});
export type CaseDossier = z.infer<typeof CaseDossier>;

const at = (date: Date) => date.toISOString();
const atOrNull = (date: Date | null) => (date ? date.toISOString() : null);

async function nameMap(db: Executor, ids: Array<string | null>): Promise<(id: string | null) => string | null> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  const rows = wanted.length ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted)) : [];
  const names = new Map(rows.map((row) => [row.id, row.name]));
  return (id) => (id ? (names.get(id) ?? 'unknown user') : null);
}

/** Builds the dossier of a case a reviewer may read. Queries run one after another: a transaction would share one connection. */
export async function readCaseDossier({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<CaseDossier> {
  const { caseRef } = parseInput(z.object({ caseRef: z.string().trim().min(1).max(100) }), input);
  const { caseRow } = await loadCaseForReviewerRead(ctx.db, ctx.actor, caseRef);
  const db = ctx.db;
  const now = nowDate(ctx.clock);
  const [organization] = await db.select().from(organizations).where(eq(organizations.id, caseRow.organizationId)).limit(1);
  const [seal] = caseRow.sealId ? await db.select().from(seals).where(eq(seals.id, caseRow.sealId)).limit(1) : [];
  const domains = seal ? await db.select({ domain: sealDomains.domain }).from(sealDomains).where(eq(sealDomains.sealId, seal.id)).orderBy(asc(sealDomains.domain)) : [];
  const complaintRows = await db.select().from(complaints).where(eq(complaints.caseId, caseRow.id)).orderBy(asc(complaints.createdAt));
  const complaintIds = complaintRows.map((row) => row.id);
  const evidence = complaintIds.length
    ? await db.select({ complaintId: complaintEvidence.complaintId, fileName: complaintEvidence.fileName, contentType: complaintEvidence.contentType, sizeBytes: complaintEvidence.sizeBytes, sha256: complaintEvidence.sha256 }).from(complaintEvidence).where(inArray(complaintEvidence.complaintId, complaintIds))
    : [];
  const messages = await db.select().from(caseMessages).where(eq(caseMessages.caseId, caseRow.id)).orderBy(asc(caseMessages.createdAt), asc(caseMessages.id));
  const attachments = messages.length
    ? await db.select({ messageId: caseAttachments.messageId, fileName: caseAttachments.fileName, contentType: caseAttachments.contentType, sizeBytes: caseAttachments.sizeBytes, sha256: caseAttachments.sha256 }).from(caseAttachments).where(inArray(caseAttachments.messageId, messages.map((row) => row.id)))
    : [];
  const decisions = await db.select().from(caseDecisions).where(eq(caseDecisions.caseId, caseRow.id)).orderBy(asc(caseDecisions.seq));
  const appeals = await db.select().from(caseAppeals).where(eq(caseAppeals.caseId, caseRow.id)).orderBy(asc(caseAppeals.filedAt));
  const [declaration] = await db.select().from(changeOfControlDeclarations).where(eq(changeOfControlDeclarations.caseId, caseRow.id)).limit(1);
  const checks = declaration ? await db.select().from(changeOfControlChecks).where(eq(changeOfControlChecks.caseId, caseRow.id)) : [];
  // The case's own trail, its complaints', and its seal's from the day the case opened (the sanctions).
  const scopes = [and(eq(auditEvents.entityType, 'case'), eq(auditEvents.entityId, caseRow.id))];
  if (complaintIds.length) scopes.push(and(eq(auditEvents.entityType, 'complaint'), inArray(auditEvents.entityId, complaintIds)));
  if (seal) scopes.push(and(eq(auditEvents.entityType, 'seal'), eq(auditEvents.entityId, seal.id), gte(auditEvents.occurredAt, caseRow.openedAt)));
  const actor = alias(users, 'actor');
  const audit = await db
    .select({ event: auditEvents, actorName: actor.name })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorId))
    .where(or(...scopes))
    .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id));

  const name = await nameMap(db, [
    caseRow.assignedReviewerId,
    caseRow.openedById,
    ...messages.map((row) => row.authorId),
    ...decisions.flatMap((row) => [row.decidedById, row.confirmedById]),
    ...appeals.flatMap((row) => [row.filedById, row.decidedById]),
    ...checks.map((row) => row.recordedById),
  ]);
  const complaintRef = new Map(complaintRows.map((row) => [row.id, row.reference]));
  const fileOf = (row: z.infer<typeof file>) => ({ fileName: row.fileName, contentType: row.contentType, sizeBytes: row.sizeBytes, sha256: row.sha256 });

  const timeline: Array<{ at: Date; event: string }> = [{ at: caseRow.openedAt, event: `Case opened${caseRow.openedById ? ` by ${name(caseRow.openedById)}` : ''}` }];
  for (const row of complaintRows) timeline.push({ at: row.createdAt, event: `Complaint ${row.reference} received` });
  // Decision messages are the decisions below, told to the site: the timeline lists the decisions once.
  for (const row of messages.filter((message) => message.kind !== 'decision')) timeline.push({ at: row.createdAt, event: `${messageKindLabels[row.kind]}${row.authorId ? ` by ${name(row.authorId)}` : ''}` });
  for (const row of decisions) {
    timeline.push({ at: row.decidedAt, event: `${row.outcome === 'revocation' ? 'Proposed' : 'Decided'}: ${caseOutcomeLabels[row.outcome]} by ${name(row.decidedById)}` });
    if (row.confirmedAt) timeline.push({ at: row.confirmedAt, event: `Confirmed: ${caseOutcomeLabels[row.outcome]} by ${name(row.confirmedById)}` });
    if (row.withdrawnAt) timeline.push({ at: row.withdrawnAt, event: `Withdrawn: ${caseOutcomeLabels[row.outcome]}` });
  }
  for (const row of appeals) {
    timeline.push({ at: row.filedAt, event: `Appeal filed by ${name(row.filedById)}` });
    if (row.decidedAt && row.outcome) timeline.push({ at: row.decidedAt, event: `Appeal decided (${row.outcome}) by ${name(row.decidedById)}` });
  }
  if (caseRow.closedAt) timeline.push({ at: caseRow.closedAt, event: 'Case closed' });
  timeline.sort((left, right) => left.at.getTime() - right.at.getTime());

  return CaseDossier.parse({
    format: 'openseal-case-dossier',
    version: 1,
    generatedAt: at(now),
    case: {
      reference: caseRow.reference,
      kind: caseRow.kind,
      status: caseRow.status,
      title: caseRow.title,
      organization: { legalName: organization?.legalName ?? '', country: organization?.country ?? '', contactEmail: organization?.contactEmail ?? '' },
      seal: seal ? { publicId: seal.publicId, status: effectiveStatus(seal, now), domains: domains.map((row) => row.domain) } : null,
      domain: caseRow.domain,
      fastTrack: caseRow.fastTrack,
      assignedReviewer: name(caseRow.assignedReviewerId),
      openedBy: name(caseRow.openedById),
      openedAt: at(caseRow.openedAt),
      decidedAt: atOrNull(caseRow.decidedAt),
      closedAt: atOrNull(caseRow.closedAt),
      responseDueAt: atOrNull(caseRow.responseDueAt),
      escalationLevel: caseRow.escalationLevel,
    },
    complaints: complaintRows.map((row) => ({
      reference: row.reference,
      source: row.source,
      category: row.category,
      domain: row.domain,
      description: row.description,
      occurredOn: row.occurredOn,
      contactedCompany: row.contactedCompany,
      contactedCompanyOn: row.contactedCompanyOn,
      complainant: { name: row.complainantName, email: row.complainantEmail, mayBeSharedWithSite: row.shareIdentity },
      receivedAt: at(row.createdAt),
      evidence: evidence.filter((item) => item.complaintId === row.id).map(fileOf),
    })),
    messages: messages.map((row) => ({
      at: at(row.createdAt),
      audience: row.audience,
      kind: row.kind,
      author: name(row.authorId),
      complaint: row.complaintId ? (complaintRef.get(row.complaintId) ?? null) : null,
      body: row.body,
      responseDueAt: atOrNull(row.responseDueAt),
      deadlineReason: row.deadlineReason,
      attachments: attachments.filter((item) => item.messageId === row.id).map(fileOf),
    })),
    decisions: decisions.map((row) => ({
      id: row.id,
      outcome: row.outcome,
      state: row.state,
      revocationReason: row.revocationReason,
      reasonForSite: row.reasonForSite,
      summaryForComplainant: row.summaryForComplainant,
      correctiveDueAt: atOrNull(row.correctiveDueAt),
      referredTo: row.referredTo,
      decidedBy: name(row.decidedById) ?? '',
      decidedAt: at(row.decidedAt),
      confirmedBy: name(row.confirmedById),
      confirmedAt: atOrNull(row.confirmedAt),
      withdrawnAt: atOrNull(row.withdrawnAt),
      appealableUntil: atOrNull(row.appealableUntil),
      actedBeforeDeadline: atOrNull(row.actedBeforeDeadline),
      earlyActionReason: row.earlyActionReason,
    })),
    appeals: appeals.map((row) => ({ decisionId: row.decisionId, filedBy: name(row.filedById) ?? '', filedAt: at(row.filedAt), grounds: row.grounds, outcome: row.outcome, note: row.outcomeNote, decidedBy: name(row.decidedById), decidedAt: atOrNull(row.decidedAt) })),
    changeOfControl: declaration
      ? {
          kind: declaration.kind,
          effectiveOn: declaration.effectiveOn,
          counterparty: declaration.counterparty,
          description: declaration.description,
          declaredAt: at(declaration.declaredAt),
          checks: checks.map((row) => ({ item: row.item, finding: row.finding, evidence: row.evidence, recordedBy: name(row.recordedById), recordedAt: atOrNull(row.recordedAt) })),
        }
      : null,
    auditTrail: audit.map(({ event, actorName }) => ({ at: at(event.occurredAt), action: event.action, entityType: event.entityType, entityId: event.entityId, actor: actorName, before: event.before, after: event.after })),
    timeline: timeline.map((entry) => ({ at: at(entry.at), event: entry.event })),
  });
}

/**
 * The JSON export as the route answers it: a download, never cached (it holds personal data); a
 * refusal is the service's sentence with its HTTP status (401, 403 for a conflicted reviewer, 404).
 */
export async function caseDossierDownload(ctx: ServiceContext, reference: string): Promise<Response> {
  try {
    const dossier = await readCaseDossier({ ctx, input: { caseRef: reference } });
    return new Response(`${JSON.stringify(dossier, null, 2)}\n`, {
      status: 200,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="case-${dossier.case.reference}-dossier.json"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return new Response(`${JSON.stringify({ error: error.code, message: error.message })}\n`, {
      status: error.httpStatus,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
    });
  }
}
