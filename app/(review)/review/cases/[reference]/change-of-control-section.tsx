import { getServiceContext } from '@/lib/auth/session';
import { changeOfControlKindLabels, checklistFindingLabels } from '@/lib/cases/change-of-control';

import { readChangeOfControlForReviewer } from '@/lib/services/cases/read-change-of-control';
import { ChecklistFindingForm } from './checklist-finding-form';
import { formatDateTime, formatCalendarDay } from '@/lib/format/dates';
import { viewerTimeZone } from '@/components/date-time';

const findingStyle = {
  pending: 'border-slate-300 bg-slate-50 text-slate-800',
  satisfied: 'border-green-300 bg-green-50 text-green-900',
  failed: 'border-red-300 bg-red-50 text-red-900',
  not_applicable: 'border-slate-300 bg-white text-slate-700',
} as const;

/**
 * The change-of-control part of the reviewer's case page: what the organization declared, and the
 * Toysmart checklist with a finding and its evidence per item. Renders nothing for complaint cases.
 */
export async function ChangeOfControlSection({ caseId }: { caseId: string }) {
  const zone = await viewerTimeZone();
  const ctx = await getServiceContext();
  const view = await readChangeOfControlForReviewer({ ctx, input: { caseRef: caseId } });
  if (!view) return null;
  const { caseRow, declaration, items, failed, activeSeals } = view;
  const editable = caseRow.status !== 'closed';
  return (
    <section aria-labelledby="change-of-control-heading" data-testid="change-of-control-section">
      <h2 id="change-of-control-heading">Change of control</h2>
      {declaration ? (
        <dl className="grid max-w-2xl grid-cols-1 gap-1 text-sm sm:grid-cols-[10rem_1fr]" data-testid="change-of-control-declaration">
          <dt className="font-medium">Declared</dt>
          <dd>{changeOfControlKindLabels[declaration.kind]}</dd>
          <dt className="font-medium">Effective on</dt>
          <dd>{formatCalendarDay(declaration.effectiveOn)}</dd>
          <dt className="font-medium">Counterparty</dt>
          <dd>{declaration.counterparty || 'Not named'}</dd>
          <dt className="font-medium">Description</dt>
          <dd className="whitespace-pre-wrap">{declaration.description}</dd>
          <dt className="font-medium">Declared by</dt>
          <dd>
            {declaration.declaredByName} ({declaration.declaredByEmail}) on {formatDateTime(declaration.declaredAt, zone)}
          </dd>
        </dl>
      ) : (
        <p>No declaration is recorded for this case.</p>
      )}
      {!caseRow.sealId && activeSeals.length > 1 && (
        <p className="mt-2 max-w-2xl text-sm" data-testid="change-of-control-seals">
          The organization holds {activeSeals.length} active seals, so the case names none of them: {activeSeals.map((seal) => `${seal.publicId} (${seal.domain})`).join(', ')}. A
          decision about a seal must say which.
        </p>
      )}

      {failed.length > 0 && (
        <div role="alert" className="mt-4 max-w-2xl rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="checklist-failed">
          <p className="font-medium">This case must go to a decision.</p>
          <p>
            Failed: {failed.map((entry) => `“${entry.title}”`).join(', ')}. The customers’ data cannot change hands as declared; decide the case (corrective action,
            suspension, revocation or referral) in the decisions section.
          </p>
        </div>
      )}

      <h3 className="mt-6 font-semibold">The Toysmart checklist</h3>
      <p className="max-w-prose text-sm text-slate-700">
        The conditions the FTC set in 2000 for the sale of Toysmart.com’s customer list. Record for each what the evidence shows.
      </p>
      <ol className="mt-3 max-w-3xl space-y-3">
        {items.map((entry, index) => {
          const finding = entry.check?.finding ?? 'pending';
          return (
            <li key={entry.item} className="card" data-testid={`checklist-${entry.item}`}>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h4 className="font-semibold">
                  {index + 1}. {entry.title}
                </h4>
                <span className={`inline-block rounded border px-2 py-0.5 text-xs font-medium ${findingStyle[finding]}`} data-testid="checklist-finding">
                  {checklistFindingLabels[finding]}
                </span>
              </div>
              <p className="text-sm text-slate-700">{entry.question}</p>
              {entry.check?.evidence && (
                <p className="mt-2 whitespace-pre-wrap text-sm" data-testid="checklist-evidence">
                  <span className="font-medium">Evidence: </span>
                  {entry.check.evidence}
                </p>
              )}
              {entry.check?.recordedAt && (
                <p className="mt-1 text-xs text-slate-600">
                  Recorded by {entry.check.recordedByName ?? 'a former reviewer'} on {formatDateTime(entry.check.recordedAt, zone)}
                </p>
              )}
              {editable && <ChecklistFindingForm caseRef={caseRow.reference} item={entry.item} title={entry.title} finding={finding} evidence={entry.check?.evidence ?? ''} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
