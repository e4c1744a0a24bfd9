import type { Seal } from '@/db/schema';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { renewalOpensAt } from '@/lib/seals/validity';
import { SealStatusBadge } from './state-badge';
import { DateTime } from '@/components/date-time';

/** A seal as its holder sees it in the portal: public id, status (the shared badge), expiry, and whether renewal is open. */
export function SealSummary({ seal, now }: { seal: Seal; now: Date }) {
  const status = effectiveStatus(seal, now);
  const opens = renewalOpensAt(seal.expiresAt);
  return (
    <span>
      Seal {seal.publicId}: <SealStatusBadge status={status} />, expires <DateTime value={seal.expiresAt} style="date" />
      {status === 'suspended' && seal.reinstatementRequirements ? ` — to be reinstated: ${seal.reinstatementRequirements}` : ''}
      {status !== 'revoked' &&
        (opens <= now ? (
          ' — renewal is open'
        ) : (
          <>
            {' '}
            — renewal opens <DateTime value={opens} style="date" />
          </>
        ))}
    </span>
  );
}
