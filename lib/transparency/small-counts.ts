/**
 * The one rule for small counts in the public transparency report (issue #15): a count from 1 to 4
 * is not shown, only "fewer than 5", so that nobody can be singled out of a cell (one complaint of
 * a rare category about one holder in one month). Zero is shown: it singles out nobody. Every
 * public figure of the report goes through here, on the page and in the downloads alike.
 */
export const SMALL_COUNT_LIMIT = 5;

/** A count as the public may read it: the number, or null for 1 to 4. */
export function publicCount(count: number): number | null {
  return count > 0 && count < SMALL_COUNT_LIMIT ? null : count;
}

/** The same in words, for pages and CSV cells: "12", "0", "fewer than 5". */
export function publicCountText(count: number): string {
  const shown = publicCount(count);
  return shown === null ? `fewer than ${SMALL_COUNT_LIMIT}` : shown.toLocaleString('en');
}

/** What the report says of the rule, beside its figures. */
export const SMALL_COUNT_NOTE = `Counts from 1 to ${SMALL_COUNT_LIMIT - 1} are shown as “fewer than ${SMALL_COUNT_LIMIT}” (null in JSON), so that no one can be singled out of a small group.`;
