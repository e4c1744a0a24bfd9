/** "5 s", "0.5 s", "1.25 s": a duration as the fetcher's messages state it. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/** "1 MB", "1.5 MB", "20 kB", "900 bytes" (decimal units, as browsers and servers state sizes). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${Number((bytes / 1_000_000).toFixed(1))} MB`;
  if (bytes >= 1_000) return `${Number((bytes / 1_000).toFixed(1))} kB`;
  return `${bytes} bytes`;
}
