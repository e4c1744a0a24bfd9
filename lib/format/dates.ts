/**
 * The one place dates and times are written for people (ADR 0022). Every page, mail and message
 * says a moment the same way — `12 March 2026, 14:05 CET` — in the reader's time zone: a signed-in
 * user's (detected by the browser, or chosen on the account page), UTC for everyone else, and the
 * zone is always named next to a time. Calendar days that are not moments (a declared sale date, the
 * day a complaint's events happened) are written without a zone. ESLint refuses the Date methods and
 * `Intl.DateTimeFormat` everywhere else (eslint.config.mjs).
 */

export const UTC = 'UTC';

/** What the account page's time-zone select sends to go back to the browser's zone. */
export const FOLLOW_BROWSER = 'browser';

/** An IANA zone such as `Europe/Berlin`, or UTC; null and undefined are UTC. */
export type TimeZone = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: TimeZone, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone });
    formatters.set(key, found);
  }
  return found;
}

/** Whether the runtime knows the zone (`Europe/Berlin`, `UTC`); what the account's setting accepts. */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** In the browser: the zone the device is set to (what components/time-zone-sync.tsx reports). */
export function browserTimeZone(): TimeZone {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || UTC;
}

/** The zones offered on the account page, UTC first. */
export function timeZoneChoices(): TimeZone[] {
  const zones = Intl.supportedValuesOf('timeZone').filter((zone) => zone !== UTC);
  return [UTC, ...zones];
}

const zoneOf = (zone: TimeZone | null | undefined): TimeZone => zone || UTC;

const UTC_NAMES = new Set([UTC, 'Etc/UTC', 'Etc/GMT']);
const isUtc = (zone: TimeZone | null | undefined) => UTC_NAMES.has(zoneOf(zone));

/** Whether two settings write dates alike: the same zone, or two names of UTC (no zone at all is UTC). */
export function sameTimeZone(a: TimeZone | null | undefined, b: TimeZone | null | undefined): boolean {
  return zoneOf(a) === zoneOf(b) || (isUtc(a) && isUtc(b));
}

/** `12 March 2026`: the calendar day the moment falls on in the zone. */
export function formatDate(date: Date, zone?: TimeZone | null): string {
  return formatter(zoneOf(zone), { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

/** `14:05 CET`: the time of day with the zone's short name. */
export function formatTime(date: Date, zone?: TimeZone | null): string {
  const z = zoneOf(zone);
  const time = formatter(z, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  return `${time} ${zoneName(date, z)}`;
}

/** `12 March 2026, 14:05 CET`. */
export function formatDateTime(date: Date, zone?: TimeZone | null): string {
  return `${formatDate(date, zone)}, ${formatTime(date, zone)}`;
}

/** The zone's short name at that moment (`CET`, `CEST`, `GMT-5`, `UTC`). */
export function zoneName(date: Date, zone?: TimeZone | null): string {
  const z = zoneOf(zone);
  if (isUtc(z)) return UTC;
  const part = formatter(z, { timeZoneName: 'short' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? z;
}

/** `2026-03-12`: the day in the zone, as a date field's value and for comparing days. */
export function dayKey(date: Date, zone?: TimeZone | null): string {
  const parts = formatter(zoneOf(zone), { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `2026-03-12`: the UTC day of a moment, the form the database's date columns and date fields use. */
export function utcDayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Milliseconds the zone's clock is ahead of UTC at that moment (to the second). */
function offsetMs(date: Date, zone: TimeZone): number {
  const parts = formatter(zone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * The last moment of a calendar day (`2026-12-16`) in the zone: what a date field means by "due by
 * that day". In Berlin that is 2026-12-16T22:59:59.999Z; in UTC 23:59:59.999Z.
 */
export function endOfDay(day: string, zone?: TimeZone | null): Date {
  const z = zoneOf(zone);
  const utcEnd = Date.parse(`${day}T23:59:59.999Z`);
  // The zone's offset at the UTC end of the day, then at the moment found (a change of offset that day).
  let moment = utcEnd - offsetMs(new Date(utcEnd), z);
  moment = utcEnd - offsetMs(new Date(moment), z);
  return new Date(moment);
}

/** `20 December 2026` for a calendar day given as `2026-12-20` (no zone: it is a day, not a moment). */
export function formatCalendarDay(day: string): string {
  return formatDate(new Date(`${day}T12:00:00Z`), UTC);
}

const DAY_MS = 86_400_000;

/** Whole calendar days from `from` to `to` in the zone (negative when `to` is earlier). */
function calendarDaysBetween(from: Date, to: Date, zone: TimeZone): number {
  const day = (date: Date) => Date.parse(`${dayKey(date, zone)}T00:00:00Z`);
  return Math.round((day(to) - day(from)) / DAY_MS);
}

/** `today`, `yesterday`, `3 days ago`, `tomorrow`, `in 5 days`: by calendar days in the zone. */
export function relativeDay(date: Date, now: Date, zone?: TimeZone | null): string {
  const days = calendarDaysBetween(now, date, zoneOf(zone));
  if (days === 0) return 'today';
  if (days === -1) return 'yesterday';
  if (days === 1) return 'tomorrow';
  return days < 0 ? `${-days} days ago` : `in ${days} days`;
}

/**
 * Moments inside a message written before its reader is known (a notification to many people, a
 * mail): the text carries a token, and `renderDateTokens` writes it in each reader's zone.
 */
export type DateTokenStyle = 'date' | 'datetime';

const TOKEN = /⟦(date|datetime):(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z)⟧/g;

export function dateToken(date: Date, style: DateTokenStyle = 'datetime'): string {
  return `⟦${style}:${date.toISOString()}⟧`;
}

export function hasDateTokens(text: string): boolean {
  return text.includes('⟦date');
}

export function renderDateTokens(text: string, zone?: TimeZone | null): string {
  return text.replace(TOKEN, (_match, style: DateTokenStyle, iso: string) => {
    const date = new Date(iso);
    return style === 'date' ? formatDate(date, zone) : formatDateTime(date, zone);
  });
}

/**
 * How a sentence-building helper writes its moments: for a known reader (`dateWriter(zone)`), or
 * as tokens for a message whose readers are not known yet (`deferredDates`: notifications, case
 * messages, mails), rendered per reader by `renderDateTokens`.
 */
export type DateWriter = { date: (date: Date) => string; dateTime: (date: Date) => string };

export function dateWriter(zone?: TimeZone | null): DateWriter {
  return { date: (date) => formatDate(date, zone), dateTime: (date) => formatDateTime(date, zone) };
}

export const deferredDates: DateWriter = { date: (date) => dateToken(date, 'date'), dateTime: (date) => dateToken(date, 'datetime') };
