/**
 * `date` plus whole calendar months, in UTC, clamped to the last day of the target month: a seal
 * issued on 31 January for one month expires on 28 (or 29) February, never on 3 March.
 */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** How long before `expiresAt` a renewal may be started. */
export const RENEWAL_WINDOW_DAYS = 60;

/** The first moment a renewal may be started. */
export function renewalOpensAt(expiresAt: Date): Date {
  return new Date(expiresAt.getTime() - RENEWAL_WINDOW_DAYS * DAY_MS);
}
