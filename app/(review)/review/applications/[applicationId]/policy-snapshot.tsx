import type { Application } from '@/db/schema';
import type { Assessment } from '@/lib/review/assessment';
import { DateTime } from '@/components/date-time';
import { PolicyDiffView } from '@/components/policies/policy-diff-view';

/** The privacy policy as captured at submission and, for a renewal, what changed since the seal's policy was certified. */
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
        <div className="card mt-3 space-y-3 text-sm" data-testid="policy-diff">
          <h3 className="mt-0 font-semibold">
            Changes since the certified policy of seal {renewal.publicId}, {renewal.policy.acceptedByName ? `accepted as certified by ${renewal.policy.acceptedByName}` : 'captured with the application'}{' '}
            {renewal.policy.certifiedAt ? (
              <>
                on <DateTime value={renewal.policy.certifiedAt} />
              </>
            ) : (
              'at the time'
            )}
          </h3>
          {renewal.policy.changed ? <PolicyDiffView diff={renewal.policy.parts} /> : <p>The policy text is unchanged.</p>}
        </div>
      )}
    </section>
  );
}
