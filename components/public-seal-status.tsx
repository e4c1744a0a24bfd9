import type { SealStatus } from '@/db/schema';
import { Icon } from './icons';

/**
 * A seal's status as everyone reads it — the public on the verification page, the look-up and the
 * directory, staff in their lists and on the seal page: a word and an icon, with colour only as a
 * third cue (never colour alone).
 */
const statusPresentation: Record<SealStatus, { word: string; icon: 'check' | 'pause' | 'cross' | 'hourglass'; className: string }> = {
  active: { word: 'Active', icon: 'check', className: 'border-green-700 bg-green-50 text-green-900' },
  suspended: { word: 'Suspended', icon: 'pause', className: 'border-amber-700 bg-amber-50 text-amber-900' },
  revoked: { word: 'Revoked', icon: 'cross', className: 'border-red-700 bg-red-50 text-red-900' },
  expired: { word: 'Expired', icon: 'hourglass', className: 'border-slate-600 bg-slate-100 text-slate-800' },
};

export function sealStatusWord(status: SealStatus): string {
  return statusPresentation[status].word;
}

export function PublicSealStatus({ status, large = false }: { status: SealStatus; large?: boolean }) {
  const { word, icon, className } = statusPresentation[status];
  const size = large ? 'px-3 py-1 text-base' : 'px-2 py-0.5 text-xs';
  return (
    <span className={`inline-flex items-center gap-1 rounded border font-semibold ${size} ${className}`} data-status={status}>
      <Icon name={icon} />
      <span>{word}</span>
    </span>
  );
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
