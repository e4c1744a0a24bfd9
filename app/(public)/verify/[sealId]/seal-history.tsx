import type { SealEventType } from '@/db/schema';
import type { PublicLogPlace, PublicSealEvent } from '@/lib/public-status/verification-queries';
import { PublicDate } from '@/components/public-seal-status';

const eventWords: Record<SealEventType, string> = {
  issued: 'Seal issued',
  renewed: 'Renewed for another period',
  suspended: 'Suspended',
  reinstated: 'Reinstated',
  revoked: 'Revoked',
  expired: 'Expired',
  reason_changed: 'Reason of the revocation made more severe',
};

/** The seal's public events, newest first (the order of loadVerification). */
export function SealHistory({ history }: { history: PublicSealEvent[] }) {
  if (history.length === 0) return <p>No public events are recorded for this seal.</p>;
  return (
    <ol className="max-w-3xl space-y-2" data-testid="public-history" aria-label="Public history, newest first">
      {history.map((event, index) => {
        // Before `reason_changed` existed (migration 0029), a second `revoked` event made the reason more severe.
        const reasonMadeGraver = event.type === 'revoked' && history.slice(index + 1).some((older) => older.type === 'revoked');
        return (
          <li key={`${event.type}-${event.occurredAt.toISOString()}-${index}`} className="border-l-4 border-slate-300 pl-3">
            <p className="text-sm text-slate-600">
              <PublicDate value={event.occurredAt} />
            </p>
            <p>
              <span className="font-medium">{reasonMadeGraver ? 'Reason of the revocation made more severe' : eventWords[event.type]}</span>
              {event.reason ? `: ${event.reason}` : ''}
              {event.pending ? ' (the seal reached its expiry date without a renewal)' : ''}
            </p>
          </li>
        );
      })}
    </ol>
  );
}

const count = (n: number) => n.toLocaleString('en');

/** "3, 17 and 42" */
function listOf(indexes: number[]): string {
  const words = indexes.map(count);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/**
 * Where this history stands in the public log (ADR 0023): anyone can check that the authority
 * shows everyone the same history and never rewrites it, with the proof of its newest entry.
 */
export function PublicLogLine({ log }: { log: PublicLogPlace }) {
  const newest = log.indexes.at(-1);
  if (newest === undefined) return null;
  const signed = log.checkpointSize !== null && newest < log.checkpointSize;
  return (
    <p className="mt-3 max-w-prose text-sm text-slate-700" data-testid="public-log-line">
      This history is in the public log at {log.indexes.length === 1 ? 'entry' : 'entries'} {listOf(log.indexes)}
      {signed ? (
        <>
          , in a signed tree of {count(log.checkpointSize!)} entries.{' '}
          <a href={`/api/v1/log/proof/inclusion?index=${newest}&size=${log.checkpointSize}`}>Proof that entry {count(newest)} is in the log</a> ·{' '}
          <a href="/log/checkpoint">the signed checkpoint</a>
        </>
      ) : (
        <>; the newest entry is being signed into the log, and its proof is available within seconds.</>
      )}
    </p>
  );
}
