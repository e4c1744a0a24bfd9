import Link from '@/components/link';
import { getRuntime } from '@/lib/runtime';
import { loadSealPolicyWatch, type PolicyChangeView } from '@/lib/policies/policy-watch-queries';
import { PolicyDiffView } from '@/components/policies/policy-diff-view';
import { DateTime } from '@/components/date-time';
import { AcceptPolicyForm } from './accept-policy-form';

const outcomeWords: Record<string, string> = { unchanged: 'unchanged', changed: 'different from the certified text', unreachable: 'could not be read' };

function ChangeSummary({ change }: { change: PolicyChangeView }) {
  return (
    <>
      <p>
        Found <DateTime value={change.fetchedAt} /> at <a href={change.url} rel="nofollow noreferrer" className="break-all">{change.url}</a>:{' '}
        <strong data-testid="policy-change-classification">{change.classification === 'material' ? 'material change' : 'editorial change'}</strong> (by version {change.ruleSetVersion} of the program’s rules)
        {change.complaintReference && (
          <>
            {' '}
            — complaint <Link href={`/review/complaints/${change.complaintReference}`} className="font-mono">{change.complaintReference}</Link>
          </>
        )}
        .
      </p>
      {change.matches.length > 0 && (
        <ul className="list-disc pl-6 text-sm" aria-label="What the change touches">
          {change.matches.map((match, index) => (
            <li key={index}>
              <strong>{match.label}</strong> ({match.words.join(', ')}): {match.passage.length > 300 ? `${match.passage.slice(0, 300)}…` : match.passage}
            </li>
          ))}
        </ul>
      )}
      {change.holderExplanation && (
        <blockquote className="border-l-4 border-slate-300 pl-3 text-sm" data-testid="policy-change-explanation">
          The holder explains ({change.explainedByName ?? 'a member'}, <DateTime value={change.explainedAt!} />): {change.holderExplanation}
        </blockquote>
      )}
    </>
  );
}

/**
 * The seal's privacy policy as the monitor sees it (issue #16): what is certified, how the last
 * check went, the newest change side by side with the certified text, and its acceptance.
 */
export async function PolicyWatchSection({ sealId, publicId, canAct }: { sealId: string; publicId: string; canAct: boolean }) {
  const { db } = await getRuntime();
  const { monitor, changes } = await loadSealPolicyWatch(db, sealId);
  const [newest, ...earlier] = changes;
  const open = newest?.state === 'open' ? newest : undefined;
  return (
    <section aria-labelledby="policy-heading" className="space-y-3">
      <h2 id="policy-heading">Privacy policy monitoring</h2>
      {!monitor ? (
        <p>Not watched: this seal’s policy was pasted into its application, not fetched from an address, so there is nothing to fetch again.</p>
      ) : (
        <dl className="grid max-w-3xl grid-cols-[12rem_1fr] gap-1 text-sm" data-testid="policy-monitor">
          <dt className="font-medium">Address</dt>
          <dd className="break-all">{monitor.url}</dd>
          <dt className="font-medium">Certified text</dt>
          <dd>
            since <DateTime value={monitor.certifiedAt} />, {monitor.certifiedByName ? `accepted by ${monitor.certifiedByName}` : 'as captured by the application'}
          </dd>
          <dt className="font-medium">Last check</dt>
          <dd>
            {monitor.lastCheckedAt ? (
              <>
                <DateTime value={monitor.lastCheckedAt} />: {monitor.lastOutcome ? outcomeWords[monitor.lastOutcome] : 'the certified text was replaced since; the next check compares against the new one'}
                {monitor.failingSince && (
                  <>
                    {' '}
                    ({monitor.failedChecks} failed {monitor.failedChecks === 1 ? 'check' : 'checks'} since <DateTime value={monitor.failingSince} />: {monitor.lastProblem})
                  </>
                )}
              </>
            ) : (
              'not checked yet'
            )}
          </dd>
          <dt className="font-medium">Next check</dt>
          <dd>
            <DateTime value={monitor.nextCheckAt} />
          </dd>
        </dl>
      )}
      {open && (
        <div className="space-y-3" data-testid="policy-change">
          <h3>Open change</h3>
          <ChangeSummary change={open} />
          <PolicyDiffView diff={open.diff} testId="policy-diff" />
        </div>
      )}
      {/* Outside the open change, so its answer outlives the change it closes. */}
      {canAct && monitor ? <AcceptPolicyForm sealId={publicId} changeId={open?.id ?? null} /> : null}
      {(newest?.state === 'accepted' ? changes : earlier).length > 0 && (
        <div>
          <h3>Earlier changes</h3>
          <ul className="list-disc pl-6 text-sm" data-testid="policy-change-history">
            {(newest?.state === 'accepted' ? changes : earlier).map((change) => (
              <li key={change.id}>
                <DateTime value={change.fetchedAt} />: {change.classification} change,{' '}
                {change.state === 'accepted' ? (
                  <>
                    accepted by {change.acceptedByName} (<DateTime value={change.acceptedAt!} />): {change.acceptNote}
                  </>
                ) : (
                  'superseded by a later text'
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
