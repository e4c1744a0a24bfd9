import { getRuntime } from '@/lib/runtime';
import { loadSealPolicyWatch } from '@/lib/policies/policy-watch-queries';
import { PolicyDiffView } from '@/components/policies/policy-diff-view';
import { DateTime } from '@/components/date-time';
import { ExplainPolicyForm } from './explain-policy-form';

/**
 * What the seal authority's policy monitor found on the holder's privacy policy (issue #16): the
 * open change side by side with the certified text, and the holder's explanation of it.
 */
export async function PolicyChangesSection({ siteId, sealId, publicId }: { siteId: string; sealId: string; publicId: string }) {
  const { db } = await getRuntime();
  const { monitor, changes } = await loadSealPolicyWatch(db, sealId, 1);
  if (!monitor) return null;
  const open = changes[0]?.state === 'open' ? changes[0] : null;
  return (
    <section aria-labelledby={`policy-${publicId}-heading`} className="space-y-3" data-testid="portal-policy-watch">
      <h3 id={`policy-${publicId}-heading`}>Your certified privacy policy</h3>
      <p className="max-w-prose text-sm">
        The seal authority reads <span className="break-all">{monitor.url}</span> regularly and compares it with the text certified on <DateTime value={monitor.certifiedAt} />.{' '}
        {monitor.lastCheckedAt ? (
          <>
            Last read <DateTime value={monitor.lastCheckedAt} />: {monitor.lastOutcome === 'unchanged'
              ? 'unchanged.'
              : monitor.lastOutcome === 'unreachable'
                ? `it could not be read (${monitor.lastProblem}).`
                : monitor.lastOutcome === 'changed'
                  ? 'it differs from the certified text.'
                  : 'a reviewer has since accepted the text read then as the certified one.'}
          </>
        ) : (
          'It has not been read again yet.'
        )}
      </p>
      {open && (
        <div className="space-y-3">
          <p>
            Found <DateTime value={open.fetchedAt} />: {open.classification === 'material' ? 'a change that touches what the seal certifies' : 'an editorial change'}. A reviewer will accept
            the new text or ask you about it.
          </p>
          <PolicyDiffView diff={open.diff} />
          <ExplainPolicyForm siteId={siteId} changeId={open.id} current={open.holderExplanation} />
        </div>
      )}
    </section>
  );
}
