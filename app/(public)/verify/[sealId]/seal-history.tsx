import type { SealEventType } from '@/db/schema';
import type { PublicSealEvent } from '@/lib/public-status/verification-queries';
import { PublicDate } from '@/components/public-seal-status';

const eventWords: Record<SealEventType, string> = {
  issued: 'Seal issued',
  renewed: 'Renewed for another period',
  suspended: 'Suspended',
  reinstated: 'Reinstated',
  revoked: 'Revoked',
  expired: 'Expired',
};

/** The seal's public events, newest first (the order of loadVerification). */
export function SealHistory({ history }: { history: PublicSealEvent[] }) {
  if (history.length === 0) return <p>No public events are recorded for this seal.</p>;
  return (
    <ol className="max-w-3xl space-y-2" data-testid="public-history" aria-label="Public history, newest first">
      {history.map((event, index) => {
        // A later `revoked` event replaces the reason of the revocation with a more severe one.
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
