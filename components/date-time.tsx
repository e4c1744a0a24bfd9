import { getActor } from '@/lib/auth/session';
import { formatDate, formatDateTime, relativeDay, renderDateTokens, UTC, type TimeZone } from '@/lib/format/dates';

/** The zone the current reader's dates are written in: the signed-in user's, or UTC (ADR 0022). */
export async function viewerTimeZone(): Promise<TimeZone> {
  return (await getActor())?.timeZone ?? UTC;
}

/**
 * A moment for the current reader (lib/format/dates.ts): `12 March 2026, 14:05 CET`, or the day
 * alone with `style="date"`; `relativeTo` adds `(today)`, `(3 days ago)`. The exact instant is in
 * the `<time>` element for machines.
 */
export async function DateTime({ value, style = 'datetime', relativeTo }: { value: Date; style?: 'date' | 'datetime'; relativeTo?: Date }) {
  const zone = await viewerTimeZone();
  const text = style === 'date' ? formatDate(value, zone) : formatDateTime(value, zone);
  return (
    <time dateTime={value.toISOString()}>
      {text}
      {relativeTo && ` (${relativeDay(value, relativeTo, zone)})`}
    </time>
  );
}

/** A stored message whose moments were written as tokens (`deferredDates`), said in the reader's zone. */
export async function MessageText({ text }: { text: string }) {
  return <>{renderDateTokens(text, await viewerTimeZone())}</>;
}
