import Link from '@/components/link';
import type { PolicyDiffPart } from '@/db/schema';
import type { RenewalChanges } from '@/lib/review/assessment';
import { criteriaUnchanged } from '@/lib/review/criteria-diff';

/**
 * One side of a field's word diff, as PolicyDiffView marks it: not by colour alone, removed words
 * struck through (`del`) on the certified side, added ones underlined (`ins`) on the renewal's,
 * each announced to screen readers.
 */
function DiffSide({ parts, side }: { parts: PolicyDiffPart[]; side: 'before' | 'after' }) {
  return (
    <span className="whitespace-pre-wrap">
      {parts.map((part, index) =>
        (side === 'before' && part.added) || (side === 'after' && part.removed) ? null : part.removed ? (
          <del key={index} className="bg-red-100 text-red-900 line-through decoration-2">
            <span className="sr-only">[removed: </span>
            {part.value}
            <span className="sr-only">]</span>
          </del>
        ) : part.added ? (
          <ins key={index} className="bg-green-100 text-green-900 underline decoration-2">
            <span className="sr-only">[added: </span>
            {part.value}
            <span className="sr-only">]</span>
          </ins>
        ) : (
          <span key={index}>{part.value}</span>
        ),
      )}
    </span>
  );
}

/** Criteria named by title and code, as the reviewer finds them in the criteria below or on the program's page. */
function CriterionList({ items }: { items: Array<{ code: string; title: string }> }) {
  return (
    <ul className="list-disc pl-6">
      {items.map((item) => (
        <li key={item.code}>
          {item.title} <code className="text-xs">({item.code})</code>
        </li>
      ))}
    </ul>
  );
}

/**
 * For a renewal: the criteria it is judged against beside those the seal was certified under (issue
 * #16, item 7). A renewal is made under the program's current version, so a reviewer needs to know
 * which rules are new to this holder and which it was never asked before.
 */
export function CriteriaChanges({ criteria, publicId, programSlug }: { criteria: RenewalChanges['criteria']; publicId: string; programSlug: string }) {
  const { certifiedVersion: from, renewalVersion: to, changeNotes, diff } = criteria;
  const version = (number: number) => <Link href={`/programs/${programSlug}/versions/${number}`}>version {number}</Link>;
  return (
    <section aria-labelledby="criteria-changes-heading">
      <h2 id="criteria-changes-heading">Criteria since certification</h2>
      <div className="card space-y-3 text-sm" data-testid="criteria-changes">
        {!diff ? (
          <p>Same criteria version {from} as certified.</p>
        ) : (
          <>
            <p>
              Seal {publicId} was certified under criteria {version(from)}; this renewal is judged against {version(to)}:{' '}
              <strong data-testid="criteria-versions">
                {from} → {to}
              </strong>
              .
            </p>
            {changeNotes.length > 0 && (
              <div>
                <h3 className="font-semibold">Change notes</h3>
                <ul className="list-disc pl-6" data-testid="criteria-change-notes">
                  {changeNotes.map((note) => (
                    <li key={note.version}>
                      <span className="font-medium">Version {note.version}:</span> <span className="whitespace-pre-wrap">{note.changeNote}</span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {criteriaUnchanged(diff) && <p>No criterion was added, removed or changed between these versions.</p>}
            {diff.added.length > 0 && (
              <div data-testid="criteria-added">
                <h3 className="font-semibold">Added ({diff.added.length}): not asked when the seal was certified</h3>
                <CriterionList items={diff.added} />
              </div>
            )}
            {diff.removed.length > 0 && (
              <div data-testid="criteria-removed">
                <h3 className="font-semibold">Removed ({diff.removed.length}): no longer asked</h3>
                <CriterionList items={diff.removed} />
              </div>
            )}
            {diff.changed.length > 0 && (
              <div data-testid="criteria-changed">
                <h3 className="font-semibold">Changed ({diff.changed.length})</h3>
                {diff.changed.map((criterion) => (
                  <div key={criterion.code} className="mt-2">
                    <h4 className="font-medium">
                      {criterion.title} <code className="text-xs">({criterion.code})</code>: {criterion.changes.map((change) => change.label.toLowerCase()).join(', ')}
                    </h4>
                    <dl className="mt-1 space-y-2">
                      {criterion.changes.map((change) => (
                        <div key={change.field}>
                          <dt className="font-medium">{change.label}</dt>
                          <dd className="grid gap-2 md:grid-cols-2">
                            <p className="rounded border border-slate-300 p-2">
                              <span className="block text-xs font-semibold uppercase text-slate-600">Version {from}</span>
                              <DiffSide parts={change.diff} side="before" />
                            </p>
                            <p className="rounded border border-slate-300 p-2">
                              <span className="block text-xs font-semibold uppercase text-slate-600">Version {to}</span>
                              <DiffSide parts={change.diff} side="after" />
                            </p>
                          </dd>
                        </div>
                      ))}
                    </dl>
                  </div>
                ))}
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
}
