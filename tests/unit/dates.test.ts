import { describe, expect, it } from 'vitest';
import { dateToken, dayKey, endOfDay, sameTimeZone, deferredDates, formatCalendarDay, formatDate, formatDateTime, formatTime, isTimeZone, relativeDay, renderDateTokens, timeZoneChoices } from '@/lib/format/dates';

// 16 December 2026, 23:30 UTC: already the 17th in Berlin, still the 16th in New York.
const lateEvening = new Date('2026-12-16T23:30:00Z');
const midsummer = new Date('2026-07-01T09:05:00Z');

describe('the one date format (ADR 0022)', () => {
  it('writes a moment with the zone named, in the reader’s zone; UTC when there is none', () => {
    expect(formatDateTime(lateEvening)).toBe('16 December 2026, 23:30 UTC');
    expect(formatDateTime(lateEvening, null)).toBe('16 December 2026, 23:30 UTC');
    expect(formatDateTime(lateEvening, 'Europe/Berlin')).toBe('17 December 2026, 00:30 CET');
    expect(formatDateTime(midsummer, 'Europe/Berlin')).toBe('1 July 2026, 11:05 CEST');
    expect(formatDateTime(lateEvening, 'America/New_York')).toBe('16 December 2026, 18:30 GMT-5');
    expect(formatTime(lateEvening, 'Asia/Kolkata')).toBe('05:00 GMT+5:30');
  });

  it('writes the day the moment falls on in the zone', () => {
    expect(formatDate(lateEvening)).toBe('16 December 2026');
    expect(formatDate(lateEvening, 'Europe/Berlin')).toBe('17 December 2026');
    expect(dayKey(lateEvening, 'Europe/Berlin')).toBe('2026-12-17');
    expect(dayKey(lateEvening, 'America/Los_Angeles')).toBe('2026-12-16');
  });

  it('ends a day picked in a date field at the end of that day in the zone, across changes of offset', () => {
    expect(endOfDay('2026-12-16').toISOString()).toBe('2026-12-16T23:59:59.999Z');
    expect(endOfDay('2026-12-16', 'Europe/Berlin').toISOString()).toBe('2026-12-16T22:59:59.999Z');
    expect(endOfDay('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-07-01T21:59:59.999Z');
    expect(endOfDay('2026-12-16', 'America/New_York').toISOString()).toBe('2026-12-17T04:59:59.999Z');
    // 25 October 2026: Berlin leaves summer time during that day; its end is in winter time.
    expect(endOfDay('2026-10-25', 'Europe/Berlin').toISOString()).toBe('2026-10-25T22:59:59.999Z');
    expect(endOfDay('2026-12-16', 'Asia/Kolkata').toISOString()).toBe('2026-12-16T18:29:59.999Z');
  });

  it('writes a calendar day as it is, whatever the zone', () => {
    expect(formatCalendarDay('2026-12-20')).toBe('20 December 2026');
  });

  it('says today and yesterday by calendar days in the reader’s zone, not by 24-hour spans', () => {
    const now = new Date('2026-12-17T00:10:00Z');
    expect(relativeDay(lateEvening, now)).toBe('yesterday');
    expect(relativeDay(lateEvening, now, 'Europe/Berlin')).toBe('today');
    expect(relativeDay(new Date('2026-12-14T12:00:00Z'), now)).toBe('3 days ago');
    expect(relativeDay(new Date('2026-12-18T12:00:00Z'), now)).toBe('tomorrow');
    expect(relativeDay(new Date('2026-12-27T12:00:00Z'), now)).toBe('in 10 days');
  });

  it('leaves moments in a message for each reader to read in their own zone', () => {
    const text = `Respond by ${deferredDates.dateTime(lateEvening)}; the seal expires on ${dateToken(midsummer, 'date')}.`;
    expect(text).not.toContain('2026,');
    expect(renderDateTokens(text)).toBe('Respond by 16 December 2026, 23:30 UTC; the seal expires on 1 July 2026.');
    expect(renderDateTokens(text, 'Europe/Berlin')).toBe('Respond by 17 December 2026, 00:30 CET; the seal expires on 1 July 2026.');
    expect(renderDateTokens('No moments here.', 'Europe/Berlin')).toBe('No moments here.');
  });

  it('counts the names of UTC, and no zone at all, as one zone', () => {
    expect(sameTimeZone(null, 'UTC')).toBe(true);
    expect(sameTimeZone('Etc/UTC', 'UTC')).toBe(true);
    expect(sameTimeZone(null, 'Etc/GMT')).toBe(true);
    expect(sameTimeZone('Europe/Berlin', 'Europe/Berlin')).toBe(true);
    expect(sameTimeZone(null, 'Europe/Berlin')).toBe(false);
    expect(sameTimeZone('Europe/Berlin', 'Europe/Paris')).toBe(false);
  });

  it('knows the zones a user may choose, and refuses made-up ones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Nowhere/Atlantis')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    const choices = timeZoneChoices();
    expect(choices[0]).toBe('UTC');
    expect(choices).toContain('America/Sao_Paulo');
    expect(choices.every(isTimeZone)).toBe(true);
  });
});
