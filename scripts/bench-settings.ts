/** What the bench scripts share: their settings from the environment, and percentiles. */

/** A positive whole number from `process.env[name]`, else `fallback`; anything else stops the run with its name. */
export function intSetting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not "${process.env[name]}"`);
  return value;
}

/** The `p`th percentile of ascending `sorted` (nearest rank); NaN when there is nothing measured. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
