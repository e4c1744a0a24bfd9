import type { Metadata } from 'next';
import Link from '@/components/link';
import { notFound } from 'next/navigation';
import { and, asc, desc, eq, ne } from 'drizzle-orm';
import { cases, organizations, programs, sealDomains, sealEvents, seals, criteriaVersions } from '@/db/schema';
import { conflictedOrganizations } from '@/lib/review/queue';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { nowDate } from '@/lib/clock';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { isSealPublicId } from '@/lib/seals/public-id';
import { reasonsFor, revocationReasonLabels } from '@/lib/seals/reasons';
import { SealLifecycleForms } from './lifecycle-forms';
import { BadgeSightingsSection } from './badge-sightings-section';
import { PolicyWatchSection } from './policy-watch-section';
import { recordTitle } from '@/lib/page-titles';
import { DateTime } from '@/components/date-time';

export async function generateMetadata({ params }: { params: Promise<{ sealId: string }> }): Promise<Metadata> {
  return { title: recordTitle('Seal', (await params).sealId, isSealPublicId) };
}

const statusText = { active: 'Active', suspended: 'Suspended', revoked: 'Revoked', expired: 'Expired' } as const;

export default async function ReviewSealPage({ params }: { params: Promise<{ sealId: string }> }) {
  const { sealId } = await params;
  const actor = await requirePageActor(`/review/seals/${sealId}`, 'reviewer');
  if (!isSealPublicId(sealId)) notFound();
  const { db, clock } = await getRuntime();
  const [row] = await db
    .select({ seal: seals, holder: organizations.legalName, program: programs.name, version: criteriaVersions.version })
    .from(seals)
    .innerJoin(organizations, eq(organizations.id, seals.organizationId))
    .innerJoin(programs, eq(programs.id, seals.programId))
    .innerJoin(criteriaVersions, eq(criteriaVersions.id, seals.criteriaVersionId))
    .where(eq(seals.publicId, sealId))
    .limit(1);
  if (!row) notFound();
  const { seal } = row;
  const [domains, history, conflicts, openCases, suspending] = await Promise.all([
    db.select({ domain: sealDomains.domain }).from(sealDomains).where(eq(sealDomains.sealId, seal.id)).orderBy(asc(sealDomains.domain)),
    db.select().from(sealEvents).where(eq(sealEvents.sealId, seal.id)).orderBy(asc(sealEvents.occurredAt)),
    conflictedOrganizations(db, actor.id),
    db.select({ reference: cases.reference }).from(cases).where(and(eq(cases.sealId, seal.id), ne(cases.status, 'closed'))).orderBy(desc(cases.openedAt)).limit(1),
    seal.suspensionCaseId ? db.select({ reference: cases.reference }).from(cases).where(eq(cases.id, seal.suspensionCaseId)).limit(1) : Promise.resolve([]),
  ]);
  // The verbs refuse a conflicted reviewer anyway; the page says why instead of offering the forms.
  const conflicted = conflicts.has(seal.organizationId);
  const status = effectiveStatus(seal, nowDate(clock));

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        <Link href="/review/seals">Seals</Link> / {seal.publicId}
      </p>
      <h1>
        Seal {seal.publicId}: <span data-testid="seal-status">{statusText[status]}</span>
      </h1>
      <dl className="grid max-w-2xl grid-cols-[12rem_1fr] gap-1 text-sm">
        <dt className="font-medium">Holder</dt>
        <dd>{row.holder}</dd>
        <dt className="font-medium">Domains</dt>
        <dd>{domains.map((d) => d.domain).join(', ')}</dd>
        <dt className="font-medium">Program</dt>
        <dd>
          {row.program}, criteria version {row.version}
        </dd>
        <dt className="font-medium">Issued</dt>
        <dd><DateTime value={seal.issuedAt} /></dd>
        <dt className="font-medium">Expires</dt>
        <dd><DateTime value={seal.expiresAt} /></dd>
        {seal.statusReason && (
          <>
            <dt className="font-medium">{status === 'expired' ? 'Suspended when it lapsed' : 'Reason'}</dt>
            <dd>{seal.revocationReason ? `${revocationReasonLabels[seal.revocationReason]}: ` : ''}{seal.statusReason}</dd>
          </>
        )}
        {status === 'suspended' && seal.reinstatementRequirements && (
          <>
            <dt className="font-medium">To be reinstated</dt>
            <dd>{seal.reinstatementRequirements}</dd>
          </>
        )}
      </dl>
      <p className="text-sm">
        <Link href={`/review/applications/${seal.applicationId}`}>Application</Link> · <Link href={`/review/audit?entityType=seal&entityId=${seal.id}`}>Audit trail</Link>
      </p>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Public history</h2>
        <ol className="list-decimal pl-6 text-sm" data-testid="seal-history">
          {history.map((event) => (
            <li key={event.id}>
              <DateTime value={event.occurredAt} /> — {event.type}
              {event.reason ? `: ${event.reason}` : ''}
            </li>
          ))}
        </ol>
      </section>

      <BadgeSightingsSection sealId={seal.id} />

      <PolicyWatchSection sealId={seal.id} publicId={seal.publicId} canAct={!conflicted && (status === 'active' || status === 'suspended')} />

      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">Actions</h2>
        {status === 'revoked' || status === 'expired' ? (
          <p>{status === 'revoked' ? 'Revocation is final.' : 'An expired seal can only be renewed by its holder.'}</p>
        ) : conflicted ? (
          <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="seal-conflict">
            You have a conflict of interest with {row.holder} (you are a member, or you declared one), so you cannot suspend, reinstate or revoke its seal: another reviewer must.
          </p>
        ) : (
          <SealLifecycleForms
            sealId={seal.publicId}
            status={status}
            reasons={reasonsFor('authority').map((value) => ({ value, label: revocationReasonLabels[value] }))}
            suspendingCase={suspending[0]?.reference ?? null}
            openCase={openCases[0]?.reference ?? null}
          />
        )}
      </section>
    </div>
  );
}
