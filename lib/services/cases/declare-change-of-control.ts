import { z } from 'zod';
import { and, asc, eq, gt, notInArray, sql } from 'drizzle-orm';
import { cases, changeOfControlChecks, changeOfControlDeclarations, changeOfControlItems, changeOfControlKinds, memberships, organizations, seals, sites, type ChangeOfControlKind } from '@/db/schema';
import type { Executor } from '@/db/client';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot, casePath, portalCasePath, reviewersFreeToHandle } from '@/lib/cases/case-records';
import { changeOfControlKindLabels } from '@/lib/cases/change-of-control';
import { insertCase } from './insert-case';
import { notifyUsers } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { requireMembership } from '../organizations/membership';
import { utcDayKey } from '@/lib/format/dates';

export const DECLARATION_LIMITS = { counterpartyMax: 300, descriptionMin: 20, descriptionMax: 10_000, yearsAhead: 2 } as const;

/** Kinds where someone takes over the business: the declaration must say who. */
const NEEDS_COUNTERPARTY: ChangeOfControlKind[] = ['merger_acquisition', 'asset_sale'];

const DeclareInput = z.object({
  organizationId: z.string(),
  kind: z.enum(changeOfControlKinds, { message: 'Choose what is happening: bankruptcy, merger or acquisition, sale of assets, or dissolution.' }),
  effectiveOn: z
    .string({ message: 'Give the date the change takes (or took) effect.' })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date the change takes effect as a day, like 2026-03-14.')
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'This date does not exist; give it as a day, like 2026-03-14.'),
  counterparty: z.string().trim().max(DECLARATION_LIMITS.counterpartyMax, `Name the counterparty in at most ${DECLARATION_LIMITS.counterpartyMax} characters.`).default(''),
  description: z
    .string({ message: 'Describe the change.' })
    .trim()
    .min(DECLARATION_LIMITS.descriptionMin, `Describe the change in a few sentences (at least ${DECLARATION_LIMITS.descriptionMin} characters), including what happens to your customers’ personal data.`)
    .max(DECLARATION_LIMITS.descriptionMax, `Keep the description under ${DECLARATION_LIMITS.descriptionMax.toLocaleString('en')} characters.`),
});

/** The organization's seals that are live now (active, not past their expiry), with their domains. */
export async function activeSealsOf(tx: Executor, organizationId: string, now: Date) {
  return tx
    .select({ id: seals.id, publicId: seals.publicId, domain: sites.domain })
    .from(seals)
    .innerJoin(sites, eq(sites.id, seals.siteId))
    .where(and(eq(seals.organizationId, organizationId), eq(seals.status, 'active'), gt(seals.expiresAt, now)))
    .orderBy(asc(seals.issuedAt));
}

/**
 * A member of an organization declares a change of control: bankruptcy, merger or acquisition, a
 * sale of assets including customer data, or dissolution (issue 6, item 7; the Toysmart lesson).
 *
 * Owners and members alike may declare. DESIGN.md gives the declaration to "a member of an
 * organization", and it only discloses: it opens a case and changes nothing about the seal. The
 * sooner the program hears of a sale of customer data the better, so no one who knows is held back
 * (the other members are told who declared).
 *
 * It opens a fast-track `change_of_control` case with the six Toysmart checklist items pending.
 * The case names the organization's one active seal; when it holds several, the case names none
 * (a decision about one seal must not be taken for the others by default), lists them all in its
 * title and audit row, and the reviewer's checklist section shows them. One change-of-control case
 * at a time per organization: a second declaration while one is still undecided is refused, so a
 * double submit or two members declaring at once make one case (the organization row is locked).
 */
export async function declareChangeOfControl({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'applicant');
  const { actor, organization } = await requireMembership(ctx.db, ctx.actor, (input as { organizationId?: unknown } | null)?.organizationId);
  const data = parseInput(DeclareInput, input);
  const now = nowDate(ctx.clock);
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + DECLARATION_LIMITS.yearsAhead);
  if (data.effectiveOn > utcDayKey(latest)) {
    const message = `The date is more than ${DECLARATION_LIMITS.yearsAhead} years ahead; declare the change when it is agreed and its date is known.`;
    throw new ValidationError(message, { effectiveOn: [message] });
  }
  if (data.effectiveOn < '1990-01-01') {
    const message = 'The date looks mistyped: it is before 1990.';
    throw new ValidationError(message, { effectiveOn: [message] });
  }
  if (NEEDS_COUNTERPARTY.includes(data.kind) && data.counterparty === '') {
    const message = data.kind === 'asset_sale' ? 'Name the buyer of the assets.' : 'Name the company you merge with, or that acquires you.';
    throw new ValidationError(message, { counterparty: [message] });
  }

  return ctx.db.transaction(async (tx) => {
    // Serialises declarations for one organization (the undecided-case check below, then the insert).
    await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organization.id)).for('update');
    const [pending] = await tx
      .select({ reference: cases.reference })
      .from(cases)
      .where(and(eq(cases.organizationId, organization.id), eq(cases.kind, 'change_of_control'), notInArray(cases.status, ['decided', 'closed'])))
      .limit(1);
    if (pending) {
      throw new ConflictError(`${organization.legalName} already has a change-of-control case in progress, ${pending.reference}: add to it there (respond to the reviewer’s notice) rather than declaring again.`);
    }

    const live = await activeSealsOf(tx, organization.id, now);
    const only = live.length === 1 ? live[0]! : null;
    const kindWords = changeOfControlKindLabels[data.kind].toLowerCase();
    const title =
      live.length > 1
        ? `Change of control (${kindWords}): ${organization.legalName}, seals ${live.map((seal) => `${seal.publicId} (${seal.domain})`).join(', ')}`
        : `Change of control (${kindWords}): ${organization.legalName}${only ? `, ${only.domain}` : ''}`;

    const caseRow = await insertCase(tx, {
      kind: 'change_of_control',
      organizationId: organization.id,
      sealId: only?.id ?? null,
      domain: only?.domain ?? null,
      title: title.slice(0, 500),
      status: 'open',
      openedById: actor.id,
      fastTrack: true,
      openedAt: now,
      updatedAt: now,
    });

    const [declaration] = await tx
      .insert(changeOfControlDeclarations)
      .values({ caseId: caseRow.id, organizationId: organization.id, kind: data.kind, effectiveOn: data.effectiveOn, counterparty: data.counterparty, description: data.description, declaredById: actor.id, declaredAt: now })
      .returning();
    await tx.insert(changeOfControlChecks).values(changeOfControlItems.map((item) => ({ caseId: caseRow.id, item })));

    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.open',
      entityType: 'case',
      entityId: caseRow.id,
      after: {
        ...caseAuditSnapshot(caseRow),
        source: 'change_of_control_declaration',
        declaration: { id: declaration!.id, kind: data.kind, effectiveOn: data.effectiveOn, counterparty: data.counterparty },
        activeSeals: live.map((seal) => ({ sealId: seal.id, publicId: seal.publicId, domain: seal.domain })),
        checklist: [...changeOfControlItems],
      },
      at: now,
    });

    const notify = { jobs: ctx.jobs, now };
    const facts = `${changeOfControlKindLabels[data.kind]}, effective ${data.effectiveOn}${data.counterparty ? `, counterparty: ${data.counterparty}` : ''}.`;
    await notifyUsers(tx, notify, await reviewersFreeToHandle(tx, organization.id), {
      kind: 'case.change-of-control',
      organizationId: organization.id,
      subject: `Fast track: ${organization.legalName} declared a change of control (case ${caseRow.reference})`,
      body: [
        `${actor.name} declared a change of control for ${organization.legalName}: ${facts}`,
        live.length > 0 ? `Seals concerned: ${live.map((seal) => `${seal.publicId} (${seal.domain})`).join(', ')}.` : 'The organization holds no active seal.',
        'Fast track: customer data may change hands. Work through the Toysmart checklist before the date.',
      ].join('\n\n'),
      link: casePath(caseRow.reference),
    });
    const colleagues = await tx.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.organizationId, organization.id), sql`${memberships.userId} <> ${actor.id}`));
    await notifyUsers(
      tx,
      notify,
      colleagues.map((row) => row.userId),
      {
        kind: 'case.change-of-control-declared',
        organizationId: organization.id,
        subject: `${actor.name} declared a change of control for ${organization.legalName}`,
        body: `${actor.name} declared to the seal program: ${facts}\n\nThe program opened case ${caseRow.reference} to check that your customers’ data is handled as your privacy policy promises.`,
        link: portalCasePath(caseRow.reference),
      },
    );
    return { caseRow, declaration: declaration!, activeSeals: live };
  });
}
