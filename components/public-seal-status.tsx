import type { SealStatus } from '@/db/schema';
import { SealStatusBadge } from './state-badge';

export { sealStatusWord } from './state-badge';

/**
 * A seal's status as everyone reads it — the public on the verification page, the look-up and the
 * directory, staff in their lists and on the seal page: the shared state badge (components/state-badge.tsx).
 */
export function PublicSealStatus({ status, large = false }: { status: SealStatus; large?: boolean }) {
  return <SealStatusBadge status={status} large={large} />;
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

/** A date as the public pages show it (UTC, the day is what matters), with the exact instant for machines. */
export function PublicDate({ value }: { value: Date | string }) {
  const date = typeof value === 'string' ? new Date(value) : value;
  return <time dateTime={date.toISOString()}>{dateFormat.format(date)}</time>;
}

export function formatPublicDate(value: Date | string): string {
  return dateFormat.format(typeof value === 'string' ? new Date(value) : value);
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
