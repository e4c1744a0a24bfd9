import type { SealStatus } from '@/db/schema';

/**
 * The status every reader must show (public API, verification page, badge, directory). The stored
 * status lags behind the clock until the expiry job runs; this does not: once `expiresAt` has come,
 * the seal reads `expired` — unless it is revoked, because revocation is final and says more.
 */
export function effectiveStatus(seal: { status: SealStatus; expiresAt: Date }, now: Date): SealStatus {
  if (seal.status === 'revoked') return 'revoked';
  if (seal.expiresAt.getTime() <= now.getTime()) return 'expired';
  return seal.status;
}
