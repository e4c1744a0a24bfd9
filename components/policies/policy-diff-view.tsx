import type { PolicyDiffPart } from '@/db/schema';

/**
 * A policy change side by side: the certified text with what was removed, the current text with
 * what was added. Not by colour alone: removed words are struck through and added ones underlined
 * (`del`/`ins`), each announced as such to screen readers, and counted in the column's heading.
 */
export function PolicyDiffView({ diff, testId }: { diff: PolicyDiffPart[]; testId?: string }) {
  const removed = diff.filter((part) => part.removed).length;
  const added = diff.filter((part) => part.added).length;
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid={testId}>
      <section aria-label="Certified text, with the removed passages struck through" className="min-w-0">
        <h4 className="font-medium">
          Certified text <span className="text-sm font-normal text-slate-700">({removed} {removed === 1 ? 'passage' : 'passages'} removed)</span>
        </h4>
        <div className="max-h-96 overflow-y-auto whitespace-pre-wrap rounded border border-slate-300 bg-white p-3 text-sm">
          {diff.map((part, index) =>
            part.added ? null : part.removed ? (
              <del key={index} className="bg-red-100 text-red-900 line-through decoration-2">
                <span className="sr-only">[removed: </span>
                {part.value}
                <span className="sr-only">]</span>
              </del>
            ) : (
              <span key={index}>{part.value}</span>
            ),
          )}
        </div>
      </section>
      <section aria-label="Current text, with the added passages underlined" className="min-w-0">
        <h4 className="font-medium">
          Current text <span className="text-sm font-normal text-slate-700">({added} {added === 1 ? 'passage' : 'passages'} added)</span>
        </h4>
        <div className="max-h-96 overflow-y-auto whitespace-pre-wrap rounded border border-slate-300 bg-white p-3 text-sm">
          {diff.map((part, index) =>
            part.removed ? null : part.added ? (
              <ins key={index} className="bg-green-100 text-green-900 underline decoration-2">
                <span className="sr-only">[added: </span>
                {part.value}
                <span className="sr-only">]</span>
              </ins>
            ) : (
              <span key={index}>{part.value}</span>
            ),
          )}
        </div>
      </section>
    </div>
  );
}
