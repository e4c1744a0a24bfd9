import Link from '@/components/link';
import { getRuntime } from '@/lib/runtime';
import { loadComplaintPolicyChange } from '@/lib/policies/policy-watch-queries';
import { PolicyDiffView } from '@/components/policies/policy-diff-view';
import { DateTime } from '@/components/date-time';

/** For a complaint the policy monitor opened: the change it is about, side by side with the certified text (issue #16). */
export async function ComplaintPolicyChangeSection({ complaintId }: { complaintId: string }) {
  const { db } = await getRuntime();
  const change = await loadComplaintPolicyChange(db, complaintId);
  if (!change) return null;
  return (
    <section aria-labelledby="policy-change-heading" className="space-y-3">
      <h2 id="policy-change-heading">The policy change</h2>
      <p className="text-sm">
        Read <DateTime value={change.fetchedAt} /> at <span className="break-all">{change.url}</span>.{' '}
        {change.state === 'accepted' ? 'A reviewer has since accepted this text as the certified policy.' : 'Not accepted: the certified text is still the one on the left.'}{' '}
        <Link href={`/review/seals/${change.publicId}#policy-heading`}>The seal’s policy monitoring</Link>, where the new text can be accepted.
      </p>
      {change.holderExplanation && (
        <blockquote className="border-l-4 border-slate-300 pl-3 text-sm" data-testid="complaint-policy-explanation">
          The holder explains: {change.holderExplanation}
        </blockquote>
      )}
      <PolicyDiffView diff={change.diff} testId="complaint-policy-diff" />
    </section>
  );
}
