import type { Application } from '@/db/schema';
import type { Assessment } from '@/lib/review/assessment';
import { DateTime } from '@/components/date-time';

const lineStyle = { same: '', added: 'bg-green-50 text-green-900', removed: 'bg-red-50 text-red-900 line-through' } as const;
const linePrefix = { same: '  ', added: '+ ', removed: '− ' } as const;

/** The privacy policy as captured at submission and, for a renewal, what changed since the seal was granted. */
export function PolicySnapshot({ application, renewal }: { application: Application; renewal: Assessment['renewal'] }) {
  return (
    <section aria-labelledby="policy-heading">
      <h2 id="policy-heading">Privacy policy snapshot</h2>
      {application.policySha256 ? (
        <div className="card text-sm" data-testid="policy-snapshot">
          <p>
            Captured {application.policyCapturedAt && <DateTime value={application.policyCapturedAt} />}{' '}
            {application.policyUrl ? (
              <>
                from <a href={application.policyUrl}>{application.policyUrl}</a>
              </>
            ) : (
              <>from pasted text</>
            )}{' '}
            — {application.policyText?.length ?? 0} characters.
          </p>
          <p className="break-all">
            SHA-256: <code>{application.policySha256}</code>
          </p>
          <details className="mt-2">
            <summary>Show the captured text</summary>
            <pre tabIndex={0} className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs">{application.policyText}</pre>
          </details>
        </div>
      ) : (
        <p>No policy attached.</p>
      )}
      {renewal && (
        <div className="card mt-3 text-sm" data-testid="policy-diff">
          <h3 className="mt-0 font-semibold">
            Changes since seal {renewal.publicId} was granted (policy captured {renewal.previousCapturedAt ? <DateTime value={renewal.previousCapturedAt} /> : 'at the time'})
          </h3>
          {renewal.lines.every((line) => line.kind === 'same') ? (
            <p>The policy text is unchanged.</p>
          ) : (
            <pre tabIndex={0} className="max-h-96 overflow-auto whitespace-pre-wrap text-xs">
              {renewal.lines.map((line, index) => (
                <div key={index} className={lineStyle[line.kind]}>
                  <span aria-hidden="true">{linePrefix[line.kind]}</span>
                  <span className="sr-only">{line.kind === 'same' ? '' : line.kind === 'added' ? 'Added: ' : 'Removed: '}</span>
                  {line.text}
                </div>
              ))}
            </pre>
          )}
        </div>
      )}
    </section>
  );
}
