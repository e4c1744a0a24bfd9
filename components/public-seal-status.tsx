import type { SealStatus } from '@/db/schema';
import { SealStatusBadge } from './state-badge';
import { formatDate, UTC } from '@/lib/format/dates';

export { sealStatusWord } from './state-badge';

/**
 * A seal's status as everyone reads it — the public on the verification page, the look-up and the
 * directory, staff in their lists and on the seal page: the shared state badge (components/state-badge.tsx).
 */
export function PublicSealStatus({ status, large = false }: { status: SealStatus; large?: boolean }) {
  return <SealStatusBadge status={status} large={large} />;
}

/**
 * A date as the public pages show it: the UTC day (the pages name the zone once, in the layout's
 * footer; ADR 0022), with the exact instant for machines.
 */
export function PublicDate({ value }: { value: Date | string }) {
  const date = typeof value === 'string' ? new Date(value) : value;
  return <time dateTime={date.toISOString()}>{formatDate(date, UTC)}</time>;
}

export function formatPublicDate(value: Date | string): string {
  return formatDate(typeof value === 'string' ? new Date(value) : value, UTC);
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** "United States" for "US"; the code itself when the name is unknown. */
export function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}
